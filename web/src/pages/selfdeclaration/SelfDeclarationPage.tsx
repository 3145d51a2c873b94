import { useEffect, useState } from 'react';
import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/client';
import { listDeclarations, type DeclarationListed } from '../../api/declarations';
import { EmptyState, LoadError, PageLoading } from '../../components/PageState';
import { formatDateTime } from '../../lib/format';
import { DECLARATION_STATUS } from '../../lib/labels';
import { DeclarationForm } from './DeclarationForm';

const NEXT_STEP: Record<string, string> = {
  pending: '等待小区管理处确认',
  confirmed: '已办理入住登记',
  rejected: '未通过, 可按退回原因修改后重新申报',
};

/** 居住申报 for residents: their own declarations and their status, and a new one. */
export default function SelfDeclarationPage() {
  const [items, setItems] = useState<DeclarationListed[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [writing, setWriting] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    listDeclarations(controller.signal)
      .then((answer) => {
        setItems(answer.items);
        setError(null);
      })
      .catch((e: unknown) => !controller.signal.aborted && setError(messageOf(e)));
    return () => controller.abort();
  }, [reload]);

  const refresh = () => setReload((n) => n + 1);
  if (writing) {
    return (
      <DeclarationForm
        onSent={() => {
          setWriting(false);
          refresh();
        }}
        onCancel={() => setWriting(false)}
      />
    );
  }

  return (
    <Card
      title="我的居住申报"
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setWriting(true)} data-testid="declare-new">
            新的申报
          </Button>
        </Space>
      }
    >
      {error && <LoadError message={error} onRetry={refresh} />}
      {!error && items === null && <PageLoading />}
      {!error && items !== null && (
        <List
          dataSource={items}
          locale={{
            emptyText: (
              <EmptyState description="您还没有居住申报。搬入新住处后, 请及时申报。">
                <Button type="primary" onClick={() => setWriting(true)}>
                  立即申报
                </Button>
              </EmptyState>
            ),
          }}
          renderItem={(d) => (
            <List.Item data-testid="my-declaration">
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color={DECLARATION_STATUS[d.status].color}>{DECLARATION_STATUS[d.status].name}</Tag>
                    {d.name}
                    <Typography.Text type="secondary">{d.address}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <div>提交于 {formatDateTime(d.submitted_at)} · {NEXT_STEP[d.status]}</div>
                    {d.reason && <Typography.Text type="danger">退回原因: {d.reason}</Typography.Text>}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
