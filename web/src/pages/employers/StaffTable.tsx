import type { HTMLAttributes } from 'react';
import { Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import type { StaffMember } from '../../api/employers';
import { mayOpen } from '../../auth/access';
import { useUser } from '../../auth/context';
import { EmptyState } from '../../components/PageState';
import { PlaceName } from '../../components/PlaceName';
import { StaffDeparture } from './StaffDeparture';

/** 用工人员: current staff first; a name opens the person's record (offices only). */
export function StaffTable({
  employerId,
  staff,
  onChanged,
}: {
  employerId: string;
  staff: StaffMember[];
  onChanged: () => void;
}) {
  const user = useUser();
  const linked = mayOpen(user.role, 'search');

  const columns: TableProps<StaffMember>['columns'] = [
    {
      title: '姓名',
      key: 'name',
      width: 110,
      render: (_: unknown, s) => {
        const name = s.name ?? <Typography.Text type="secondary">(信息同步中)</Typography.Text>;
        return linked ? (
          <Link
            to={`/search?person=${encodeURIComponent(s.person_id)}`}
            data-testid="employer-staff-person"
          >
            {name}
          </Link>
        ) : (
          name
        );
      },
    },
    {
      title: '公民身份号码',
      dataIndex: 'id_number_masked',
      key: 'id',
      width: 190,
      render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span>,
    },
    {
      title: '现居住房屋',
      key: 'unit',
      render: (_: unknown, s) =>
        s.unit_id ? (
          <PlaceName id={s.unit_id} />
        ) : (
          <Typography.Text type="secondary">无在住记录</Typography.Text>
        ),
    },
    { title: '入职日期', dataIndex: 'since', key: 'since', width: 110 },
    {
      title: '状态',
      key: 'status',
      width: 170,
      render: (_: unknown, s) =>
        s.until ? <Tag>{s.until} 离职</Tag> : <Tag color="green">在职</Tag>,
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_: unknown, s) =>
        s.until ? null : <StaffDeparture employerId={employerId} member={s} onDone={onChanged} />,
    },
  ];

  return (
    <Table<StaffMember>
      rowKey={(s) => `${s.person_id}-${s.since}`}
      size="middle"
      columns={columns}
      dataSource={staff}
      onRow={(s) =>
        ({
          'data-testid': 'employer-staff-row',
          'data-left': s.until ? 'true' : 'false',
        }) as HTMLAttributes<HTMLElement>
      }
      locale={{ emptyText: <EmptyState description="尚无用工人员, 点“添加用工人员”登记" /> }}
      pagination={staff.length > 20 ? { pageSize: 20, showTotal: (t) => `共 ${t} 人` } : false}
      scroll={{ x: 850 }}
    />
  );
}
