import { useEffect, useState } from 'react';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { messageOf } from '../api/client';
import { listCoordinators, type Coordinator } from '../api/coordinators';

type Props = Omit<SelectProps<string>, 'options' | 'value' | 'onChange'> & {
  value?: string | null;
  onChange?: (value: string | null) => void;
};

/** A coordinator of the user's scope, found by typing their name (managers only may list). */
export function CoordinatorSelect({ value, onChange, ...rest }: Props) {
  const [items, setItems] = useState<Coordinator[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    listCoordinators({}, controller.signal)
      .then((answer) => setItems(answer.items))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(messageOf(e));
      });
    return () => controller.abort();
  }, []);

  return (
    <Select<string>
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={error ? `协管员加载失败: ${error}` : '选择协管员'}
      status={error ? 'error' : undefined}
      loading={items === null && !error}
      notFoundContent={items === null ? '加载中…' : '管辖范围内没有协管员'}
      {...rest}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={(items ?? []).map((c) => ({
        value: c.coordinator_id,
        label: `${c.name} (${c.place_name})`,
      }))}
    />
  );
}
