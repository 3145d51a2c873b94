import { useState } from 'react';
import { App, Button, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/client';
import { uploadCoordinatorPhoto } from '../../api/coordinators';
import { PHOTO_ACCEPT, photoProblem } from '../../lib/coordinatorPhoto';

/**
 * 上传照片 / 更换照片: a JPG or PNG up to 2 MB, checked here first and sent at once. The
 * `coordinator-photo-input` test id lands on the <input type=file>.
 */
export function PhotoUpload({
  coordinatorId,
  name,
  hasPhoto,
  onUploaded,
}: {
  coordinatorId: string;
  name: string;
  hasPhoto: boolean;
  onUploaded: () => void;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const send = async (file: File) => {
    setBusy(true);
    try {
      await uploadCoordinatorPhoto(coordinatorId, file);
      message.success(`${name}的照片已${hasPhoto ? '更换' : '上传'}`);
      onUploaded();
    } catch (e) {
      message.error(`照片未能上传: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Upload
      accept={PHOTO_ACCEPT}
      showUploadList={false}
      multiple={false}
      disabled={busy}
      beforeUpload={(file) => {
        const problem = photoProblem(file);
        if (problem) message.error(problem);
        else void send(file);
        return Upload.LIST_IGNORE;
      }}
      data-testid="coordinator-photo-input"
    >
      <Button size="small" icon={<UploadOutlined />} loading={busy}>
        {hasPhoto ? '更换照片' : '上传照片'}
      </Button>
    </Upload>
  );
}
