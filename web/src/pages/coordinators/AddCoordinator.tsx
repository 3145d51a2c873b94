import { useEffect, useState } from 'react';
import { App, Col, Form, Input, Row, Select, Typography, Upload } from 'antd';
import { isApiError, messageOf } from '../../api/client';
import {
  listCoordinatorLogins,
  registerCoordinator,
  uploadCoordinatorPhoto,
  type CoordinatorLogin,
} from '../../api/coordinators';
import { PlaceCascader } from '../../components/PlaceCascader';
import { PHOTO_ACCEPT, photoProblem } from '../../lib/coordinatorPhoto';
import { blankToNull, PHONE_MESSAGE, PHONE_PATTERN } from '../../lib/employer';
import { formProblems } from '../../lib/formErrors';
import { FormModal } from '../../components/FormModal';

interface Values {
  name?: string;
  phone?: string;
  place_path?: string[];
  user_id?: string | null;
}

const FIELDS = ['name', 'phone', 'place_path', 'user_id'];
const ALIASES = { place_id: ['place_path'] };

/** 添加协管员: name, phone, where they work, their login if they have one, and a photo. */
export function AddCoordinator({
  open,
  scopePlaceId,
  registered,
  onClose,
  onAdded,
}: {
  open: boolean;
  scopePlaceId: string | null;
  /** Ids of the coordinators already registered (a linked login's id is theirs). */
  registered: readonly string[];
  onClose: () => void;
  onAdded: (coordinatorId: string) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [photo, setPhoto] = useState<File | null>(null);
  const [logins, setLogins] = useState<CoordinatorLogin[] | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    listCoordinatorLogins(controller.signal)
      .then(setLogins)
      .catch(() => setLogins([])); // without the list a coordinator is added without a login
    return () => controller.abort();
  }, [open]);

  const close = () => {
    form.resetFields();
    setPhoto(null);
    setErrors([]);
    onClose();
  };

  const failed = (e: unknown) => {
    if (isApiError(e) && e.status === 409) {
      form.setFields([{ name: 'user_id', errors: [e.message] }]);
    } else {
      setErrors(formProblems(form, e, FIELDS, { aliases: ALIASES }));
    }
  };

  const submit = async (values: Values) => {
    const path = values.place_path ?? [];
    setSaving(true);
    setErrors([]);
    let id: string;
    try {
      ({ coordinator_id: id } = await registerCoordinator({
        name: (values.name ?? '').trim(),
        phone: blankToNull(values.phone),
        place_id: path[path.length - 1] ?? '',
        user_id: values.user_id || null,
      }));
    } catch (e) {
      failed(e);
      setSaving(false);
      return;
    }
    if (photo) {
      try {
        await uploadCoordinatorPhoto(id, photo);
      } catch (e) {
        message.warning(`协管员已添加, 但照片未能上传: ${messageOf(e)}`);
      }
    }
    message.success(`已添加协管员 ${(values.name ?? '').trim()}`);
    setSaving(false);
    close();
    onAdded(id);
  };

  return (
    <FormModal
      open={open}
      title="添加协管员"
      okText="保存"
      width={640}
      saving={saving}
      onOk={() => form.submit()}
      onCancel={close}
      saveTestId="coordinator-save"
      problems={errors}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="coordinator"
        onFinish={(v) => void submit(v)}
        onValuesChange={() => errors.length > 0 && setErrors([])}
        disabled={saving}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={60} data-testid="coordinator-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label="联系电话"
              name="phone"
              rules={[{ pattern: PHONE_PATTERN, message: PHONE_MESSAGE }]}
            >
              <Input maxLength={20} data-testid="coordinator-phone" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              label="工作地点"
              name="place_path"
              rules={[{ required: true }]}
              tooltip="协管员负责的社区或小区"
            >
              <PlaceCascader rootId={scopePlaceId} data-testid="coordinator-place" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label="登录账号"
              name="user_id"
              tooltip="协管员本人登录系统用的账号 (角色为协管员); 没有账号可不选"
            >
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={logins?.length === 0 ? '无可选的协管员账号' : '不选则无登录账号'}
                loading={logins === null}
                options={(logins ?? [])
                  .filter((u) => !registered.includes(u.id))
                  .map((u) => ({ value: u.id, label: u.username }))}
                data-testid="coordinator-login"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="照片" tooltip="JPG 或 PNG, 不超过 2 MB">
              <Upload
                accept={PHOTO_ACCEPT}
                maxCount={1}
                fileList={photo ? [{ uid: 'photo', name: photo.name, status: 'done' }] : []}
                onRemove={() => setPhoto(null)}
                beforeUpload={(file) => {
                  const problem = photoProblem(file);
                  if (problem) message.error(problem);
                  else setPhoto(file);
                  return Upload.LIST_IGNORE;
                }}
                data-testid="coordinator-new-photo"
              >
                <Typography.Link>{photo ? '换一张' : '选择照片'}</Typography.Link>
              </Upload>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormModal>
  );
}
