import { App, Typography, Upload } from 'antd';
import type { UploadFile, UploadProps } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { isImportFile, MAX_IMPORT_BYTES } from '../../lib/importJob';

/**
 * The file to import (xlsx or csv), dropped or picked: kept here, sent only when the clerk
 * presses 检查. The `import-file` test id lands on the <input type=file> itself.
 */
export function FilePicker({
  file,
  onChange,
  disabled,
}: {
  file: File | null;
  onChange: (file: File | null) => void;
  disabled?: boolean;
}) {
  const { message } = App.useApp();

  const beforeUpload: UploadProps['beforeUpload'] = (picked) => {
    if (!isImportFile(picked.name)) {
      message.error('只能导入 xlsx 或 csv 文件 (请使用下载的模板)');
      return Upload.LIST_IGNORE;
    }
    if (picked.size > MAX_IMPORT_BYTES) {
      message.error('文件过大 (上限50MB), 请分成几个文件导入');
      return Upload.LIST_IGNORE;
    }
    onChange(picked);
    return false; // nothing is sent until 检查
  };

  const fileList: UploadFile[] = file
    ? [{ uid: 'import-file', name: file.name, size: file.size, status: 'done' }]
    : [];

  return (
    <Upload.Dragger
      accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
      multiple={false}
      maxCount={1}
      fileList={fileList}
      beforeUpload={beforeUpload}
      onRemove={() => {
        onChange(null);
        return true;
      }}
      disabled={disabled}
      data-testid="import-file"
      aria-label="选择要导入的文件"
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">点击或将文件拖到此处</p>
      <Typography.Text type="secondary">
        xlsx 或 csv, 表头与模板一致, 上限50MB; 选好后点 “检查”, 检查时不会写入任何数据
      </Typography.Text>
    </Upload.Dragger>
  );
}
