import { App, Button, DatePicker, Space, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import { downloadReport } from '../../api/stats';
import { monthPeriod } from '../../lib/statsPeriod';

/** Hands a blob to the browser as a download, under `filename`. */
/** 下载月报表: the place's monthly workbook (xlsx), fetched with the token. */
export function ReportDownload({
  placeId,
  to,
  today,
}: {
  /** null: every district (no single place to report on). */
  placeId: string | null;
  /** The shown period's end: its month is offered first. */
  to: string;
  today: Dayjs;
}) {
  const { message } = App.useApp();
  const [month, setMonth] = useState<Dayjs>(() => dayjs(to).startOf('month'));
  const [busy, setBusy] = useState(false);

  const download = async () => {
    if (!placeId) return;
    setBusy(true);
    try {
      const filename = await downloadReport(placeId, monthPeriod(month, today));
      message.success(`月报表已下载: ${filename}`);
    } catch (e) {
      message.error(`月报表下载失败: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button
      icon={<DownloadOutlined />}
      onClick={() => void download()}
      loading={busy}
      disabled={!placeId}
      data-testid="stats-report"
    >
      下载月报表
    </Button>
  );
  return (
    <Space.Compact>
      <DatePicker
        picker="month"
        value={month}
        allowClear={false}
        onChange={(value) => value && setMonth(value.startOf('month'))}
        disabledDate={(d) => d.isAfter(today, 'month')}
        style={{ width: 120 }}
        aria-label="报表月份"
        data-testid="stats-report-month"
      />
      {placeId ? button : <Tooltip title="请先选择一个县区">{button}</Tooltip>}
    </Space.Compact>
  );
}
