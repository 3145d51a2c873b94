import { useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { messageOf } from '../../api/client';
import { searchSchools, type School } from '../../api/schools';

type Props = {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
};

/** 就读学校: the schools of the jurisdiction, by name or pinyin initials. */
export function SchoolSelect({ id, value, onChange }: Props) {
  const [schools, setSchools] = useState<School[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      setError(null);
      searchSchools(query, controller.signal)
        .then((answer) => setSchools(answer.items))
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(messageOf(e));
        });
    }, 250);
    return () => {
      controller.abort();
      window.clearTimeout(timer.current);
    };
  }, [query]);

  return (
    <Select<string>
      id={id}
      showSearch
      allowClear
      filterOption={false}
      placeholder="学校名称/拼音首字母"
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      onSearch={(q) => setQuery(q)}
      onFocus={() => query === null && setQuery('')}
      loading={query !== null && schools === null && !error}
      notFoundContent={error ? `学校加载失败: ${error}` : schools === null ? '加载中…' : '无匹配学校'}
      options={(schools ?? []).map((s) => ({ value: s.school_id, label: s.name }))}
    />
  );
}
