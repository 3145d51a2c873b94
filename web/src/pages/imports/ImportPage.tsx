import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined, DownloadOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/client';
import { downloadTemplate, runImport, type ImportReport, type LandingReport, type ProgressHandler } from '../../api/imports';
import { EmptyState } from '../../components/PageState';
import { commitQuestion, jobPercent, type JobState } from '../../lib/importJob';
import { BatchActions } from './BatchActions';
import { FilePicker } from './FilePicker';
import { JobProgress } from './JobProgress';
import { ReportView } from './ReportView';
import { testId } from '../../lib/testId';

type RunKind = 'check' | 'commit';

interface Run {
  kind: RunKind;
  job: JobState;
  percent: number;
}


/**
 * 批量导入: download the template, pick a file, 检查 (a dry run: every bad row with its
 * field and reason, the persons already registered), 确认导入, then the batch: its rejected
 * rows as a workbook, or withdrawn whole.
 */
export default function ImportPage() {
  const { modal } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [checked, setChecked] = useState<ImportReport | null>(null);
  const [landed, setLanded] = useState<LandingReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fetchingTemplate, setFetchingTemplate] = useState(false);
  const running = useRef<AbortController | null>(null);
  const reportBox = useRef<HTMLDivElement>(null);

  useEffect(() => () => running.current?.abort(), []);

  // A report below the fold of a 1366×768 screen is brought into view when it arrives.
  useEffect(() => {
    if (checked || landed) reportBox.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [checked, landed]);

  const pick = (picked: File | null) => {
    running.current?.abort();
    setRun(null);
    setFile(picked);
    setChecked(null);
    setLanded(null);
    setError(null);
  };

  const template = async () => {
    setFetchingTemplate(true);
    setError(null);
    try {
      await downloadTemplate();
    } catch (e) {
      setError(`下载模板失败: ${messageOf(e)}`);
    } finally {
      setFetchingTemplate(false);
    }
  };

  const start = async (kind: RunKind) => {
    if (!file) return;
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    const dryRun = kind === 'check';
    setError(null);
    setLanded(null);
    if (dryRun) setChecked(null);
    setRun({ kind, job: { stage: 'uploading' }, percent: 0 });
    const onProgress: ProgressHandler = (job) => {
      if (controller.signal.aborted) return;
      setRun((r) => ({ kind, job, percent: Math.max(r?.percent ?? 0, jobPercent(job, dryRun)) }));
    };
    try {
      if (dryRun) setChecked(await runImport(file, true, onProgress, controller.signal));
      else setLanded(await runImport(file, false, onProgress, controller.signal));
    } catch (e) {
      if (controller.signal.aborted) return;
      setError(`${dryRun ? '检查失败' : '导入失败'}: ${messageOf(e)}`);
    } finally {
      if (running.current === controller) {
        running.current = null;
        setRun(null);
      }
    }
  };

  const confirmCommit = (report: ImportReport) => {
    modal.confirm({
      title: '确认导入?',
      content: commitQuestion(report),
      okText: '确认导入',
      okButtonProps: testId('import-commit-confirm'),
      cancelText: '返回',
      onOk: () => {
        void start('commit');
      },
    });
  };

  const busy = run !== null;
  const commitButton = checked && !landed && (
    <Space wrap>
      <Button
        type="primary"
        icon={<CloudUploadOutlined />}
        onClick={() => confirmCommit(checked)}
        disabled={busy || checked.accepted === 0}
        data-testid="import-commit"
      >
        确认导入
      </Button>
      {checked.accepted === 0 && checked.rows > 0 && (
        <Typography.Text type="danger">没有可导入的行, 请改正后重新检查</Typography.Text>
      )}
    </Space>
  );

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        批量导入
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        按模板填写后导入: 先检查 (不写入任何数据), 核对被拒绝的行和已登记人员, 再确认导入。
        同一文件重复导入不会重复登记。
      </Typography.Paragraph>

      <Card size="small" title="第一步: 下载模板" style={{ marginBottom: 16 }}>
        <Space wrap align="center">
          <Button
            icon={<DownloadOutlined />}
            loading={fetchingTemplate}
            onClick={() => void template()}
            data-testid="import-template"
          >
            下载模板
          </Button>
          <Typography.Text type="secondary">
            模板含代码下拉列表和本辖区的房屋列表 (小区/楼栋/房号); 身份号码列为文本格式。
          </Typography.Text>
        </Space>
      </Card>

      <Card size="small" title="第二步: 选择文件并检查">
        <FilePicker file={file} onChange={pick} disabled={busy} />
        <Space style={{ marginTop: 12 }} wrap>
          <Button
            type={checked ? 'default' : 'primary'}
            icon={<CheckCircleOutlined />}
            onClick={() => void start('check')}
            disabled={!file || busy}
            loading={run?.kind === 'check'}
            data-testid="import-check"
          >
            检查
          </Button>
          {!file && <Typography.Text type="secondary">请先选择文件</Typography.Text>}
        </Space>
      </Card>

      {run && (
        <JobProgress job={run.job} percent={run.percent} title={run.kind === 'check' ? '正在检查' : '正在导入'} />
      )}

      {error && (
        <Alert
          style={{ marginTop: 16 }}
          type="error"
          showIcon
          role="alert"
          data-testid="import-error"
          message={error}
          closable
          onClose={() => setError(null)}
        />
      )}

      <div ref={reportBox} style={{ scrollMarginTop: 16 }}>
        {landed ? (
          <ReportView report={landed} actions={<BatchActions report={landed} />} />
        ) : (
          checked && <ReportView report={checked} actions={commitButton} />
        )}
      </div>
      {!landed && !checked && !run && !error && (
        <div style={{ marginTop: 24 }}>
          <EmptyState description="选择文件后点 “检查”, 这里显示检查结果" />
        </div>
      )}
    </div>
  );
}
