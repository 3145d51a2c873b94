import { useEffect, useState } from 'react';
import { loadTable, type TableName } from '../api/dictionaries';

/** A code shown as its name from the code table ("01" → 汉族); the code while loading. */
export function CodeName({ table, code }: { table: TableName; code: string | null | undefined }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    if (!code) return;
    let live = true;
    loadTable(table)
      .then((items) => live && setName(items.find((i) => i.code === code)?.name ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [table, code]);
  if (!code) return <>—</>;
  return <>{name ?? code}</>;
}
