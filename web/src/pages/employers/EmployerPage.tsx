import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { ArrowLeftOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isApiError, messageOf } from '../../api/client';
import { getEmployer, type Employer } from '../../api/employers';
import { placeLabel } from '../../api/places';
import { mayOpen } from '../../auth/access';
import { useUser } from '../../auth/context';
import { EmptyState, LoadError, PageLoading } from '../../components/PageState';
import { mayAssignCoordinator } from '../../lib/employer';
import { AddStaff } from './AddStaff';
import { CoordinatorAssign } from './CoordinatorAssign';
import { CoordinatorName } from './CoordinatorName';
import { StaffTable } from './StaffTable';

/** One employer: its facts, its coordinator and its staff (企业用工). */
export default function EmployerPage() {
  const { employerId = '' } = useParams();
  const user = useUser();
  const [employer, setEmployer] = useState<Employer | null>(null);
  const [error, setError] = useState<{ message: string; missing: boolean } | null>(null);
  const [reload, setReload] = useState(0);
  const [adding, setAdding] = useState(false);
  const refresh = useCallback(() => setReload((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    getEmployer(employerId, controller.signal)
      .then(setEmployer)
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError({ message: messageOf(e), missing: isApiError(e) && e.status === 404 });
      });
    return () => controller.abort();
  }, [employerId, reload]);

  const back = (
    <Link to="/employers">
      <ArrowLeftOutlined /> 返回企业列表
    </Link>
  );
  if (error?.missing) {
    return <EmptyState description="企业不存在或不在管辖范围内">{back}</EmptyState>;
  }
  if (error) return <LoadError message={error.message} onRetry={refresh} />;
  if (!employer || employer.employer_id !== employerId) return <PageLoading />;

  // Only offices find persons in the registry (person.read): a coordinator cannot.
  const mayAddStaff = mayOpen(user.role, 'search');
  const current = employer.staff.filter((s) => !s.until).length;
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>{back}</Space>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="employer-title">
          {employer.name}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={refresh}>
          刷新
        </Button>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="统一社会信用代码">{employer.credit_code ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="所属地点">
            {placeLabel({ path: employer.path, name: '' })}
          </Descriptions.Item>
          <Descriptions.Item label="单位地址">{employer.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="联系人">{employer.contact_person ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="联系电话">{employer.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="协管员">
            {mayAssignCoordinator(user.role) ? (
              <CoordinatorAssign
                employerId={employer.employer_id}
                current={employer.coordinator_id}
                onAssigned={(id) => setEmployer({ ...employer, coordinator_id: id })}
              />
            ) : (
              <CoordinatorName id={employer.coordinator_id} />
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        size="small"
        title={`用工人员 (在职 ${current} 人)`}
        extra={
          mayAddStaff && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAdding(true)}
              data-testid="employer-staff-add"
            >
              添加用工人员
            </Button>
          )
        }
      >
        {!mayAddStaff && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="协管员不能查询人员信息; 添加用工人员请联系社区或派出所办理"
          />
        )}
        <StaffTable employerId={employer.employer_id} staff={employer.staff} onChanged={refresh} />
      </Card>
      <AddStaff
        employerId={employer.employer_id}
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={refresh}
      />
    </div>
  );
}
