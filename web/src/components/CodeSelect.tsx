import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { loadTable, type CodeItem, type TableName } from '../api/dictionaries';
import { messageOf } from '../api/client';
import { filterCodes } from '../lib/codeFilter';

type Props = Omit<SelectProps<string>, 'options' | 'value' | 'onChange'> & {
  table: TableName;
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Only these codes (sex on the form: 1 and 2). */
  only?: readonly string[];
};

/**
 * A coded field: the whole code table loaded once, picked by typing its code ("01"), its
 * characters ("汉") or its pinyin initials ("hz"), best matches first.
 */
export function CodeSelect({ table, value, onChange, only, ...rest }: Props) {
  const [items, setItems] = useState<CodeItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [attempt, setAttempt] = useState(0);

  const onlyKey = only ? only.join(',') : null;
  useEffect(() => {
    let live = true;
    setError(null);
    const wanted = onlyKey === null ? null : onlyKey.split(',');
    loadTable(table)
      .then((all) => live && setItems(wanted ? all.filter((i) => wanted.includes(i.code)) : all))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [table, onlyKey, attempt]);

  const options = useMemo(
    () =>
      filterCodes(items ?? [], search).map((item) => ({
        value: item.code,
        label: item.name,
        code: item.code,
      })),
    [items, search],
  );

  return (
    <Select<string>
      showSearch
      allowClear
      filterOption={false}
      placeholder="代码/名称/拼音首字母"
      {...rest}
      value={value ?? undefined}
      onChange={(v) => {
        setSearch('');
        onChange?.(v ?? null);
      }}
      onSearch={setSearch}
      onBlur={() => setSearch('')}
      onOpenChange={(open) => {
        if (open && error) setAttempt((n) => n + 1);
      }}
      loading={items === null && !error}
      notFoundContent={error ? `代码表加载失败: ${error}` : items === null ? '加载中…' : '无匹配项'}
      options={options}
      optionRender={(option) => (
        <span>
          <span style={{ color: 'rgba(0,0,0,0.45)', marginRight: 8, fontFamily: 'monospace' }}>
            {option.data.code}
          </span>
          {option.data.label}
        </span>
      )}
    />
  );
}
