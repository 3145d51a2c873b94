import type { ReactNode } from 'react';
import { Alert, Card, Col, Row, Typography } from 'antd';
import type { ImportReport, LandingReport } from '../../api/imports';
import { landedSummary, rejectedRows } from '../../lib/importJob';
import { ExistingTable } from './ExistingTable';
import { RejectedTable } from './RejectedTable';

function Figure({ label, value, testId, tone }: { label: string; value: number; testId?: string; tone?: string }) {
  return (
    <div>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.3, color: tone }} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

const isLanding = (r: ImportReport | LandingReport): r is LandingReport => 'batch_id' in r;

/**
 * A check's or a landing's report: the counts, every rejected row with its field and
 * reason, and the rows naming persons already registered. `actions` go under the counts.
 */
export function ReportView({ report, actions }: { report: ImportReport | LandingReport; actions?: ReactNode }) {
  const landing = isLanding(report) ? report : null;
  const rejectedCount = rejectedRows(report.rejected).length;
  return (
    <Card
      data-testid="import-report"
      title={landing ? '导入结果' : '检查结果'}
      style={{ marginTop: 16 }}
    >
      <Row gutter={[24, 16]}>
        <Col xs={12} md={4}>
          <Figure label="文件行数" value={report.rows} testId="import-rows" />
        </Col>
        <Col xs={12} md={4}>
          <Figure label={landing ? '已导入 (含此前)' : '可导入'} value={report.accepted} testId="import-accepted" tone="#389e0d" />
        </Col>
        {landing && (
          <Col xs={12} md={4}>
            <Figure label="本次新导入" value={landing.landed} testId="import-landed" tone="#1677ff" />
          </Col>
        )}
        <Col xs={12} md={4}>
          <Figure label="被拒绝的行" value={rejectedCount} testId="import-rejected-count" tone={rejectedCount ? '#cf1322' : undefined} />
        </Col>
        <Col xs={12} md={4}>
          <Figure label="已登记人员" value={report.matches_existing} testId="import-matches" />
        </Col>
      </Row>

      {landing && (
        <Alert
          style={{ marginTop: 16 }}
          type={landing.landed === 0 && landing.already_imported > 0 ? 'warning' : 'success'}
          showIcon
          data-testid={landing.already_imported > 0 ? 'import-already' : undefined}
          message={landedSummary(landing)}
          description={
            <span>
              批次号: <Typography.Text copyable code data-testid="import-batch-id">{landing.batch_id}</Typography.Text>
            </span>
          }
        />
      )}
      {!landing && report.rows === 0 && (
        <Alert style={{ marginTop: 16 }} type="info" showIcon message="文件中没有数据行" />
      )}

      {actions && <div style={{ marginTop: 16 }}>{actions}</div>}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        被拒绝的行 ({rejectedCount})
      </Typography.Title>
      {rejectedCount > 0 && !landing && (
        <Typography.Paragraph type="secondary">
          这些行不会导入; 改正后可单独导入。导入后可下载被拒绝的行 (含原因) 修改。
        </Typography.Paragraph>
      )}
      <RejectedTable rejected={report.rejected} />

      {report.matches_existing > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            已登记人员 ({report.matches_existing})
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            以下行的人员已有登记记录: 导入时使用已有人员记录 (其资料保持不变), 只新增居住登记。
          </Typography.Paragraph>
          <ExistingTable existing={report.existing} />
        </>
      )}
    </Card>
  );
}
