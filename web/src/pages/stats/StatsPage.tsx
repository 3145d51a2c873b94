import { Button, Card, Flex, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { getTops } from '../../api/places';
import { isResidentRow, type ChildFigures, type ResidentFigures } from '../../api/stats';
import { useUser } from '../../auth/context';
import { EmptyState, LoadError, PageLoading } from '../../components/PageState';
import { periodLabel, type Period } from '../../lib/statsPeriod';
import { parseStatsSearch, statsSearch } from '../../lib/statsUrl';
import { BreakdownCharts } from './BreakdownCharts';
import { DrillTable } from './DrillTable';
import { loadOccupancy, PLACE_NOT_FOUND, targetKey, type Target } from './load';
import { PeriodPicker } from './PeriodPicker';
import { PlacePath } from './PlacePath';
import { ReportDownload } from './ReportDownload';
import { ResidentsTable } from './ResidentsTable';
import { SeriesChart } from './SeriesChart';
import { TotalsCards } from './TotalsCards';
import { useLoad } from '../../lib/useLoad';

/** How often the totals and the table are asked again while the page is shown. */
const REFRESH_MS = 10_000;

/** Where the user's tree starts: their place, or every district (an administrator). */
function useStart(scopePlaceId: string | null) {
  return useLoad(
    scopePlaceId ?? 'tops',
    async () => (scopePlaceId ? [scopePlaceId] : (await getTops()).map((place) => place.id)),
    { notFound: PLACE_NOT_FOUND },
  );
}

/**
 * 统计分析: for a place and a period, check-ins, departures and residents, the same for each
 * child (a link drills down: district › station › community › compound › building › unit,
 * where the persons resident are listed), breakdowns, the daily or monthly series, and the
 * monthly workbook. The URL carries the place and period (/stats?place=&from=&to=).
 */
export default function StatsPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const today = useMemo(() => dayjs(), []);
  const { place, period } = useMemo(() => parseStatsSearch(params, today), [params, today]);
  const start = useStart(user.scope_place_id);

  const setPeriod = useCallback(
    (next: Period) => setParams(statsSearch(place, next)),
    [place, setParams],
  );

  if (start.error) return <LoadError message={start.error} onRetry={start.retry} />;
  if (!start.data) return <PageLoading />;
  const startIds = start.data;
  if (startIds.length === 0) return <EmptyState description="您的账号没有可统计的辖区" />;

  const severalTops = startIds.length > 1;
  const target: Target = place
    ? { ids: [place], all: false }
    : { ids: severalTops ? startIds : [startIds[0]], all: severalTops };
  const placeId = target.all ? null : target.ids[0];

  return (
    <StatsView
      target={target}
      placeId={placeId}
      startIds={startIds}
      severalTops={severalTops}
      period={period}
      today={today}
      onPeriod={setPeriod}
    />
  );
}

function StatsView({
  target,
  placeId,
  startIds,
  severalTops,
  period,
  today,
  onPeriod,
}: {
  target: Target;
  placeId: string | null;
  startIds: readonly string[];
  severalTops: boolean;
  period: Period;
  today: Dayjs;
  onPeriod: (period: Period) => void;
}) {
  // 刷新 asks everything again; the figures and the table also refresh themselves quietly.
  const [round, setRound] = useState(0);
  const occupancy = useLoad(
    targetKey(target, period),
    (signal) => loadOccupancy(target, period, signal),
    { refreshMs: REFRESH_MS, notFound: PLACE_NOT_FOUND },
  );
  const answer = occupancy.data;
  const children = answer?.children ?? [];
  const atUnit = answer?.place.kind === 'unit';
  const residents = atUnit ? (children as (ChildFigures | ResidentFigures)[]).filter(isResidentRow) : [];
  const places = atUnit ? [] : (children as ChildFigures[]);

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          统计分析
        </Typography.Title>
        <Flex align="center" wrap gap={12}>
          <PeriodPicker period={period} today={today} onChange={onPeriod} />
          <Tooltip title={occupancy.updatedAt ? `更新于 ${dayjs(occupancy.updatedAt).format('HH:mm:ss')}` : null}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                occupancy.retry();
                setRound((n) => n + 1);
              }}
              loading={occupancy.loading}
              data-testid="stats-refresh"
            >
              刷新
            </Button>
          </Tooltip>
          <ReportDownload key={placeId ?? 'all'} placeId={placeId} to={period.to} today={today} />
        </Flex>
      </Flex>
      <div style={{ marginBottom: 12 }}>
        <PlacePath
          placeId={placeId}
          startIds={startIds}
          severalTops={severalTops}
          fallbackName={answer?.place.name}
          period={period}
        />
      </div>

      {occupancy.error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError message={occupancy.error} onRetry={occupancy.retry} title="统计数据加载失败" />
        </div>
      )}

      <TotalsCards totals={answer?.totals} to={period.to} loading={occupancy.loading && !answer} />

      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={
          atUnit
            ? `在住人员 (截至 ${period.to})`
            : `${answer?.place.name ?? ''} 下级统计`.trim()
        }
        extra={<Typography.Text type="secondary">{periodLabel(period)}</Typography.Text>}
      >
        {atUnit && answer ? (
          <ResidentsTable unitId={answer.place.id} rows={residents} loading={occupancy.loading} period={period} />
        ) : (
          <DrillTable
            key={target.ids.join(',')}
            rows={places}
            loading={occupancy.loading}
            period={period}
            emptyText={occupancy.error ? '加载失败' : '该地点下暂无下级地点'}
          />
        )}
      </Card>

      {/* The charts would fail as the figures did (a place out of reach): one error is enough. */}
      {!occupancy.error && (
        <>
          <div style={{ marginTop: 12 }}>
            <SeriesChart target={target} period={period} round={round} />
          </div>
          <BreakdownCharts target={target} period={period} round={round} />
        </>
      )}
    </div>
  );
}
