import { useSearchParams } from 'react-router';
import { useUser } from '../../auth/context';
import { CompoundBars } from './CompoundBars';
import { CompoundMap } from './CompoundMap';
import { useFeed, usePlaceId, usePlaceName, useScreenUnit } from './hooks';
import { Banner, BigNumber, Clock, FeedBadge, ScreenTools } from './Parts';
import './bigscreen.css';

/**
 * 大屏: a 65-inch wall display of the place's live figures (residents now, today's
 * arrivals and departures), a schematic map and a bar chart of its compounds, from the
 * stats feed; dark, no menu, sized by the screen (1920×1080, legible at 1366×768).
 */
export default function BigScreenPage() {
  const user = useUser();
  const [params] = useSearchParams();
  const { placeId, error: placeError } = usePlaceId(params.get('place'), user.scope_place_id);
  const { figures, status } = useFeed(placeId);
  const placeName = usePlaceName(placeId, figures?.place.name);
  const unit = useScreenUnit();
  const compounds = figures?.compounds ?? [];

  const waitingText = placeError
    ? `无法确定要显示的辖区: ${placeError}`
    : status.state === 'waiting'
      ? `${status.error ?? '连接中断'}, 正在重新连接…`
      : '正在连接实时数据…';

  return (
    <div className="bs-root" data-testid="bigscreen">
      <header className="bs-header">
        <Clock />
        <h1 className="bs-title" data-testid="screen-title">
          {placeName ? `${placeName} ` : ''}流动人口实时监测
        </h1>
        <div className="bs-header-right">
          <FeedBadge status={status} at={figures?.at} />
          <ScreenTools />
        </div>
      </header>

      <main className="bs-main">
        <section className="bs-figures" aria-label="实时数字">
          <BigNumber label="现居住人口" value={figures?.current} testId="screen-current" tone="current" unit="人" />
          <BigNumber label="今日入住" value={figures?.arrivals_today} testId="screen-arrivals" tone="arrivals" unit="人" />
          <BigNumber
            label="今日离开"
            value={figures?.departures_today}
            testId="screen-departures"
            tone="departures"
            unit="人"
          />
          <div className="bs-card bs-figure-small">
            辖区小区 <strong>{figures ? compounds.length : '—'}</strong> 个
          </div>
        </section>

        <section className="bs-card bs-panel" aria-label="小区入住分布">
          <h2>小区入住分布 (示意图)</h2>
          <div className="bs-chart-box">
            {figures && compounds.length > 0 && <CompoundMap compounds={compounds} unit={unit} />}
            {(!figures || compounds.length === 0) && (
              <div className="bs-overlay" role="status">
                {figures ? '辖区内暂无小区' : waitingText}
              </div>
            )}
          </div>
        </section>

        <section className="bs-card bs-panel" aria-label="各小区现居住人口">
          <h2>各小区现居住人口</h2>
          <div className="bs-chart-box">
            {figures && compounds.length > 0 && <CompoundBars compounds={compounds} unit={unit} />}
            {(!figures || compounds.length === 0) && (
              <div className="bs-overlay">{figures ? '暂无数据' : ''}</div>
            )}
          </div>
        </section>
      </main>

      <Banner placeName={placeName} />
    </div>
  );
}
