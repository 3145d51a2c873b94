import { useState } from 'react';
import { Alert, App, Button, Space } from 'antd';
import { DownloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { isApiError, messageOf } from '../../api/client';
import { downloadRejected, withdrawBatch, type LandingReport } from '../../api/imports';
import { testId } from '../../lib/testId';


/** After a landing: the rejected rows as a workbook, and withdrawing the whole batch. */
export function BatchActions({ report }: { report: LandingReport }) {
  const { modal, message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  const [withdrawn, setWithdrawn] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const download = async () => {
    setDownloading(true);
    setError(null);
    try {
      await downloadRejected(report.batch_id);
    } catch (e) {
      setError(`下载失败: ${messageOf(e)}`);
    } finally {
      setDownloading(false);
    }
  };

  const withdraw = () => {
    setError(null);
    modal.confirm({
      title: '撤销本批导入?',
      content: (
        <div>
          <p>本批导入的全部居住登记将被注销 (留有记录, 历史可查)。</p>
          <p>
            <strong>撤销后无法恢复, 只能重新导入</strong>; 同一文件不会再次导入, 需用改过的文件重新导入。
          </p>
        </div>
      ),
      okText: '确认撤销',
      okButtonProps: { ...testId('import-withdraw-confirm'), danger: true },
      cancelText: '返回',
      onOk: async () => {
        try {
          const answer = await withdrawBatch(report.batch_id);
          setWithdrawn(answer.withdrawn);
          message.success(`本批导入已撤销, 注销居住登记 ${answer.withdrawn} 条`);
        } catch (e) {
          setError(isApiError(e) && e.status === 409 ? '本批导入已撤销过' : `撤销失败: ${messageOf(e)}`);
        }
      },
    });
  };

  return (
    <>
      <Space wrap>
        <Button
          icon={<DownloadOutlined />}
          loading={downloading}
          onClick={() => void download()}
          data-testid="import-rejected-download"
        >
          下载被拒绝的行 (xlsx)
        </Button>
        <Button
          danger
          icon={<RollbackOutlined />}
          onClick={withdraw}
          disabled={withdrawn !== null}
          data-testid="import-withdraw"
        >
          {withdrawn !== null ? '已撤销' : '撤销本批导入'}
        </Button>
      </Space>
      {withdrawn !== null && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          data-testid="import-withdrawn"
          message={`本批导入已撤销: 注销居住登记 ${withdrawn} 条`}
        />
      )}
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
    </>
  );
}
