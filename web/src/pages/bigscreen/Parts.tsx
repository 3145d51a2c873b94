import dayjs from 'dayjs';
import { Link } from 'react-router';
import type { FeedStatus } from '../../api/feed';
import { useFullscreen, useNow } from './hooks';

/** The date and a ticking clock. */
export function Clock() {
  const now = dayjs(useNow());
  return (
    <div className="bs-clock" aria-label="当前时间">
      <div className="bs-clock-time">{now.format('HH:mm:ss')}</div>
      <div className="bs-clock-date">{now.format('YYYY年M月D日 dddd')}</div>
    </div>
  );
}

/** One big figure; its test id only once the feed has given it (a test waits for it). */
export function BigNumber({
  label,
  value,
  testId,
  tone,
  unit,
}: {
  label: string;
  value: number | undefined;
  testId: string;
  tone: 'current' | 'arrivals' | 'departures';
  unit: string;
}) {
  return (
    <div className={`bs-card bs-figure bs-figure-${tone}`}>
      <div className="bs-figure-label">{label}</div>
      <div className="bs-figure-value">
        {value === undefined ? (
          <span className="bs-num bs-num-empty">—</span>
        ) : (
          <span key={value} className="bs-num bs-flash" data-testid={testId}>
            {value}
          </span>
        )}
        <span className="bs-figure-unit">{unit}</span>
      </div>
    </div>
  );
}

const STATE_TEXT: Record<FeedStatus['state'], string> = {
  connecting: '连接中…',
  live: '实时',
  waiting: '重新连接中',
};

/** How the live connection stands, and when the last picture was taken. */
export function FeedBadge({ status, at }: { status: FeedStatus; at: string | undefined }) {
  const stamp = at ? dayjs(at) : null;
  return (
    <span
      className={`bs-badge bs-badge-${status.state}`}
      title={status.error}
      data-testid="screen-feed-state"
      data-state={status.state}
      role="status"
      aria-live="polite"
    >
      <i className="bs-dot" aria-hidden="true" />
      {STATE_TEXT[status.state]}
      {stamp?.isValid() && <span className="bs-badge-at"> · 更新于 {stamp.format('HH:mm:ss')}</span>}
    </span>
  );
}

/** 全屏 (the wall display's browser shows the page alone) and 退出全屏/返回 to the app. */
export function ScreenTools() {
  const full = useFullscreen();
  const enter = () => {
    document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  const leave = () => {
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => undefined);
  };
  return (
    <span className="bs-tools">
      {!full && document.fullscreenEnabled && (
        <button type="button" className="bs-button" onClick={enter} data-testid="screen-fullscreen">
          全屏
        </button>
      )}
      <Link to="/" className="bs-button" onClick={leave} data-testid="screen-back">
        退出全屏/返回
      </Link>
    </span>
  );
}

/** The scrolling line at the foot of the screen: the welcome and the date. */
export function Banner({ placeName }: { placeName: string | null }) {
  const today = dayjs(useNow()).format('YYYY年M月D日 dddd');
  const text = [
    `热烈欢迎新居民来到${placeName ?? '本辖区'}`,
    '来有所居 · 居有所安',
    '依法申报居住登记, 共享基本公共服务',
    '以房管人 · 服务到家 · 共建平安和谐社区',
    today,
  ].join('　　★　　');
  return (
    <footer className="bs-banner" aria-label="欢迎标语">
      <div className="bs-banner-track" style={{ animationDuration: `${Math.max(30, text.length * 0.45)}s` }}>
        {text}
      </div>
    </footer>
  );
}
