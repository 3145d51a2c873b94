import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { getPlace, placeLabel } from '../api/places';

/** A place's path in words ("幸福小区 / 1号楼 / 101"), looked up by id. */
export function PlaceName({ id, from = 2 }: { id: string | null | undefined; from?: number }) {
  const [label, setLabel] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!id) return;
    let live = true;
    setFailed(false);
    getPlace(id)
      .then((p) => live && setLabel(placeLabel(p, from)))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [id, from]);
  if (!id) return <Typography.Text type="secondary">—</Typography.Text>;
  if (failed) return <Typography.Text type="secondary">(地点无法显示)</Typography.Text>;
  if (label === null) return <Typography.Text type="secondary">…</Typography.Text>;
  return <span>{label}</span>;
}
