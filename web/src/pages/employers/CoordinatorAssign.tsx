import { useEffect, useState } from 'react';
import { App, Button, Select, Space } from 'antd';
import { messageOf } from '../../api/client';
import { listCoordinators, type Coordinator } from '../../api/coordinators';
import { assignEmployerCoordinator } from '../../api/employers';

/** 指派协管员 (roles that manage coordinators): pick one, or clear to take them off. */
export function CoordinatorAssign({
  employerId,
  current,
  onAssigned,
}: {
  employerId: string;
  current: string | null;
  onAssigned: (coordinatorId: string | null) => void;
}) {
  const { message } = App.useApp();
  const [options, setOptions] = useState<Coordinator[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(current);
  const [saving, setSaving] = useState(false);

  useEffect(() => setPicked(current), [current]);
  useEffect(() => {
    const controller = new AbortController();
    listCoordinators({}, controller.signal)
      .then((answer) => setOptions(answer.items))
      .catch((e: unknown) => !controller.signal.aborted && setLoadError(messageOf(e)));
    return () => controller.abort();
  }, []);

  const save = async () => {
    setSaving(true);
    try {
      await assignEmployerCoordinator(employerId, picked);
      message.success(picked ? '已指派协管员' : '已取消指派');
      onAssigned(picked);
    } catch (e) {
      message.error(`未能指派: ${messageOf(e)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space.Compact>
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ width: 220 }}
        placeholder={loadError ? `协管员加载失败: ${loadError}` : '选择协管员'}
        status={loadError ? 'error' : undefined}
        loading={options === null && !loadError}
        value={picked ?? undefined}
        onChange={(v?: string) => setPicked(v ?? null)}
        options={(options ?? []).map((c) => ({
          value: c.coordinator_id,
          label: `${c.name} (${c.place_name})`,
        }))}
        notFoundContent="管辖范围内没有协管员"
        aria-label="协管员"
        data-testid="employer-coordinator-select"
      />
      <Button
        type="primary"
        onClick={() => void save()}
        loading={saving}
        disabled={picked === current}
        data-testid="employer-coordinator-save"
      >
        {picked === null && current !== null ? '取消指派' : '指派'}
      </Button>
    </Space.Compact>
  );
}
