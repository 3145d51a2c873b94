import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Popover, Space, Typography } from 'antd';
import { IdcardOutlined, SettingOutlined } from '@ant-design/icons';
import { agentUrl, CardReadError, readCard, setAgentUrl } from '../../api/cardAgent';
import { DEFAULT_CARD_AGENT, normaliseAgentUrl, type CardData } from '../../lib/card';

const WAIT_SECONDS = 10;

function AgentSettings({ current, onSave }: { current: string; onSave: (url: string) => void }) {
  const [draft, setDraft] = useState(current);
  const [probe, setProbe] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setDraft(current), [current]);

  const test = async () => {
    setProbe(null);
    const url = normaliseAgentUrl(draft);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
      setProbe(
        response.ok
          ? { ok: true, text: '读卡程序已连接' }
          : { ok: false, text: `读卡程序回答异常 (${response.status})` },
      );
    } catch {
      setProbe({ ok: false, text: '未找到读卡程序, 请确认读卡器程序已启动' });
    }
  };

  return (
    <div style={{ width: 340 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        本机读卡程序地址 (默认 {DEFAULT_CARD_AGENT})
      </Typography.Paragraph>
      <Input
        aria-label="读卡程序地址"
        data-testid="card-agent-url"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onPressEnter={(e) => {
          e.preventDefault();
          onSave(draft);
        }}
      />
      {probe && (
        <Alert
          style={{ marginTop: 8 }}
          type={probe.ok ? 'success' : 'warning'}
          message={probe.text}
          showIcon
        />
      )}
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" size="small" onClick={() => onSave(draft)} data-testid="card-agent-save">
          保存
        </Button>
        <Button size="small" onClick={() => void test()}>
          测试连接
        </Button>
        <Button size="small" onClick={() => onSave(DEFAULT_CARD_AGENT)}>
          恢复默认
        </Button>
      </Space>
    </div>
  );
}

/** 读卡: asks the desk card-reader agent for the card on the reader. */
export function CardReaderButton({ onRead }: { onRead: (card: CardData) => void }) {
  const [agent, setAgent] = useState(agentUrl);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const read = async () => {
    controller.current?.abort();
    const own = new AbortController();
    controller.current = own;
    const timer = window.setTimeout(() => own.abort(), (WAIT_SECONDS + 5) * 1000);
    setReading(true);
    setError(null);
    try {
      const card = await readCard(WAIT_SECONDS, own.signal, agent);
      onRead(card);
    } catch (e) {
      if (e instanceof CardReadError) setError(e.message);
      else if (own.signal.aborted) {
        if (controller.current === own) setError('读卡已取消或超时');
      } else setError('读卡失败, 请重试');
    } finally {
      window.clearTimeout(timer);
      if (controller.current === own) {
        controller.current = null;
        setReading(false);
      }
    }
  };

  const cancel = () => {
    const own = controller.current;
    controller.current = null;
    own?.abort();
    setReading(false);
  };

  return (
    <div>
      <Space wrap>
        <Space.Compact>
          <Button
            icon={<IdcardOutlined />}
            type="primary"
            ghost
            loading={reading}
            onClick={() => void read()}
            data-testid="card-read"
            aria-label="读卡"
          >
            读卡
          </Button>
          <Popover
            trigger="click"
            open={settingsOpen}
            onOpenChange={setSettingsOpen}
            title="读卡器设置"
            content={
              <AgentSettings
                current={agent}
                onSave={(url) => {
                  setAgent(setAgentUrl(url));
                  setSettingsOpen(false);
                }}
              />
            }
          >
            <Button icon={<SettingOutlined />} aria-label="读卡器设置" data-testid="card-settings" />
          </Popover>
        </Space.Compact>
        {reading && (
          <>
            <Typography.Text type="secondary" role="status">
              请将证件放在读卡器上…
            </Typography.Text>
            <Button size="small" onClick={cancel}>
              取消
            </Button>
          </>
        )}
      </Space>
      {error && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          closable
          onClose={() => setError(null)}
          message={error}
          data-testid="card-error"
          role="alert"
        />
      )}
    </div>
  );
}
