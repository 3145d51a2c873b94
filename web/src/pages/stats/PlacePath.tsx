import { Breadcrumb, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { getPlace } from '../../api/places';
import { PLACE_KIND_NAMES } from '../../lib/labels';
import { ALL_PLACES_NAME, crumbsOf, type Crumb } from '../../lib/statsScope';
import type { Period } from '../../lib/statsPeriod';
import { statsHref } from '../../lib/statsUrl';
import { useLoad } from '../../lib/useLoad';
import { PLACE_NOT_FOUND } from './load';

/**
 * The path walked, from where the user's tree starts down to the place shown
 * (县区 › 派出所 › 社区 › 小区 › 楼栋 › 户); a crumb goes back up, in the same period.
 */
export function PlacePath({
  placeId,
  startIds,
  severalTops,
  fallbackName,
  period,
}: {
  /** null: every district (全部辖区). */
  placeId: string | null;
  startIds: readonly string[];
  severalTops: boolean;
  /** The place's name while its path loads (or if it cannot). */
  fallbackName: string | undefined;
  period: Period;
}) {
  const path = useLoad(placeId, () => getPlace(placeId as string), { notFound: PLACE_NOT_FOUND });
  let crumbs: Crumb[];
  if (placeId === null) {
    crumbs = [{ id: null, name: ALL_PLACES_NAME }];
  } else if (path.data) {
    crumbs = crumbsOf(path.data.path, startIds, severalTops);
  } else {
    crumbs = [
      ...(severalTops ? [{ id: null, name: ALL_PLACES_NAME }] : []),
      { id: placeId, name: fallbackName ?? (path.error ? '(地点无法显示)' : '…') },
    ];
  }
  const last = crumbs.length - 1;
  return (
    <div data-testid="stats-path">
      <Breadcrumb
        items={crumbs.map((crumb, n) => ({
          key: crumb.id ?? 'all',
          title:
            n === last ? (
              <span aria-current="location">
                <Typography.Text strong>{crumb.name}</Typography.Text>
                {crumb.kind && (
                  <Tag style={{ marginLeft: 6, marginRight: 0 }} bordered={false}>
                    {PLACE_KIND_NAMES[crumb.kind] ?? crumb.kind}
                  </Tag>
                )}
              </span>
            ) : (
              <Link to={statsHref(crumb.id, period)} data-testid="stats-path-link" data-place-id={crumb.id ?? ''}>
                {crumb.name}
              </Link>
            ),
        }))}
      />
    </div>
  );
}
