import { useEffect, useState } from 'react';
import { App, Button, Space } from 'antd';
import { messageOf } from '../../api/client';
import { assignEmployerCoordinator } from '../../api/employers';
import { CoordinatorSelect } from '../../components/CoordinatorSelect';

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
  const [picked, setPicked] = useState<string | null>(current);
  const [saving, setSaving] = useState(false);

  useEffect(() => setPicked(current), [current]);

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
      <CoordinatorSelect
        style={{ width: 220 }}
        value={picked}
        onChange={setPicked}
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
