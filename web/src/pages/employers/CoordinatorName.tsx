import { useEffect, useState } from 'react';
import { Typography } from 'antd';
import { getCoordinator } from '../../api/coordinators';

// Names change rarely; one read per coordinator per session is enough.
const names = new Map<string, Promise<string>>();

function nameOf(id: string): Promise<string> {
  let found = names.get(id);
  if (!found) {
    found = getCoordinator(id).then((c) => c.name);
    found.catch(() => names.delete(id));
    names.set(id, found);
  }
  return found;
}

/** A coordinator's name by id; "未指派" for none. */
export function CoordinatorName({ id }: { id: string | null }) {
  const [name, setName] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!id) return;
    let live = true;
    setName(null);
    setFailed(false);
    nameOf(id)
      .then((n) => live && setName(n))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [id]);
  if (!id) return <Typography.Text type="secondary">未指派</Typography.Text>;
  if (failed) return <Typography.Text type="secondary">(已指派)</Typography.Text>;
  return <span data-testid="employer-coordinator-name">{name ?? '…'}</span>;
}
