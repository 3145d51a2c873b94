import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { messageOf } from '../../api/client';
import { declarableUnits, type DeclarableUnit } from '../../api/declarations';

/**
 * The unit a resident lives in, found by typing part of its address ("3号楼", "502"). The
 * form keeps a unit as its path, like the desk's cascader: here a path of one id.
 */
export function UnitSelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string[];
  onChange?: (value: string[] | undefined) => void;
}) {
  const [search, setSearch] = useState('');
  const [units, setUnits] = useState<DeclarableUnit[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The unit picked stays named while the list shows another search's units.
  const [picked, setPicked] = useState<DeclarableUnit | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setLoading(true);
      declarableUnits(search.trim(), controller.signal)
        .then((answer) => {
          setUnits(answer.items);
          setError(null);
        })
        .catch((e: unknown) => !controller.signal.aborted && setError(messageOf(e)))
        .finally(() => !controller.signal.aborted && setLoading(false));
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [search]);

  const selected = value?.[value.length - 1];
  const shown = picked && !units.some((u) => u.unit_id === picked.unit_id) ? [picked, ...units] : units;
  return (
    <Select
      id={id}
      showSearch
      allowClear
      value={selected}
      onChange={(unitId: string | undefined) => {
        setPicked(shown.find((u) => u.unit_id === unitId) ?? null);
        onChange?.(unitId ? [unitId] : undefined);
      }}
      onSearch={setSearch}
      filterOption={false}
      loading={loading}
      placeholder="输入楼栋或房号查找, 如 3号楼 502"
      notFoundContent={error ? `加载失败: ${error}` : loading ? '查找中…' : '没有找到该地址'}
      options={shown.map((u) => ({ value: u.unit_id, label: u.address }))}
      data-testid="declare-unit"
    />
  );
}
