import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Card, Collapse, Descriptions, Drawer, Space, Tag, Timeline, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/client';
import { getPerson, type PersonRecord, type ResidenceRecord, type TimelineEntry } from '../../api/persons';
import { useUser } from '../../auth/context';
import { mayOpen, mayWriteResidences } from '../../auth/access';
import { CodeName } from '../../components/CodeName';
import { LoadError, PageLoading } from '../../components/PageState';
import { PlaceName } from '../../components/PlaceName';
import { formatDateTime, yesNo } from '../../lib/format';
import {
  CAPTURE_NAMES,
  eventName,
  ID_TYPES,
  roleName,
  SEX_NAMES,
  STATUS_COLORS,
  statusName,
} from '../../lib/labels';
import { maskIdNumber, maskPhone } from '../../lib/mask';
import { FIELD_NAMES } from '../../lib/amendment';
import { AmendPerson } from './AmendPerson';
import { ResidenceActions } from './ResidenceActions';

const COMPOUND_LEVEL = 3; // place_path: district, station, community, compound, building, unit

/** The unit's page (house, owner, rentals, occupants) and the compound's statistics. */
function ResidenceLinks({ residence, role }: { residence: ResidenceRecord; role: string }) {
  const compound = residence.place_path[COMPOUND_LEVEL];
  return (
    <Space size={4} style={{ fontSize: 12 }}>
      {mayOpen(role, 'houses') && (
        <Link to={`/units/${residence.unit_id}`} data-testid="residence-unit-link">
          房屋信息
        </Link>
      )}
      {compound && mayOpen(role, 'stats') && (
        <Link to={`/stats?place=${compound}`} data-testid="residence-compound-link">
          小区统计
        </Link>
      )}
    </Space>
  );
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** One line of what an event changed. */
function eventSummary(entry: TimelineEntry): string {
  const d = entry.data;
  switch (entry.type) {
    case 'liudong.residence.checked_in':
      return [
        str(d.arrival_date) && `到达 ${str(d.arrival_date)}`,
        str(d.moved_from_residence_id) && '由原住址迁入',
      ]
        .filter(Boolean)
        .join(', ');
    case 'liudong.residence.departed':
      return [
        str(d.departure_date) && `离开 ${str(d.departure_date)}`,
        str(d.reason) && `原因: ${str(d.reason)}`,
        str(d.moved_to_residence_id) && '迁往新住址',
      ]
        .filter(Boolean)
        .join(', ');
    case 'liudong.residence.cancelled':
      return str(d.reason) ? `原因: ${str(d.reason)}` : '';
    case 'liudong.person.amended': {
      const changes = d.changes && typeof d.changes === 'object' ? Object.keys(d.changes) : [];
      const named = changes.map((key) => (FIELD_NAMES as Record<string, string>)[key] ?? key);
      return [named.length ? `更正: ${named.join('、')}` : '', str(d.reason) && `原因: ${str(d.reason)}`]
        .filter(Boolean)
        .join(', ');
    }
    default:
      return '';
  }
}

function residenceItems(residence: ResidenceRecord): DescriptionsProps['items'] {
  const employment = residence.declaration?.employment;
  const items: DescriptionsProps['items'] = [
    { key: 'arrival', label: '到达日期', children: residence.arrival_date },
    { key: 'departure', label: '离开日期', children: residence.departure_date ?? '—' },
    { key: 'housing', label: '住所类别', children: <CodeName table="housing_type" code={residence.housing_type} /> },
    { key: 'reason', label: '居住事由', children: <CodeName table="residence_reason" code={residence.reason} /> },
    {
      key: 'stay',
      label: '拟居住期限',
      children: residence.intended_stay_days ? `${residence.intended_stay_days} 天` : '—',
    },
    { key: 'permit', label: '申领居住证', children: yesNo(residence.declaration?.applies_for_permit) },
    {
      key: 'capture',
      label: '采集方式',
      children: CAPTURE_NAMES[residence.capture?.channel ?? 'typed'] ?? residence.capture?.channel,
    },
  ];
  if (employment) {
    items.push(
      { key: 'occupation', label: '从事职业', children: employment.occupation ?? '—' },
      { key: 'employer', label: '工作单位', children: employment.employer?.name ?? '—' },
      { key: 'contract', label: '劳动合同', children: yesNo(employment.labour_contract, '已签订', '未签订') },
      { key: 'insurance', label: '参保情况', children: yesNo(employment.social_insurance, '已参保', '未参保') },
    );
  }
  return items;
}

function personItems(
  shown: PersonRecord,
  showNumber: boolean,
  numberToggle: ReactNode,
): DescriptionsProps['items'] {
  const idTypeName = ID_TYPES.find((t) => t.code === shown.id_type)?.name ?? '居民身份证';
  const d = shown.details ?? {};
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: '姓名', children: shown.name },
    {
      key: 'id_number',
      label: idTypeName,
      children: (
        <Space>
          <span style={{ fontFamily: 'monospace' }} data-testid="person-id-number-shown">
            {showNumber ? shown.id_number : maskIdNumber(shown.id_number)}
          </span>
          {numberToggle}
        </Space>
      ),
    },
    { key: 'sex', label: '性别', children: SEX_NAMES[shown.sex] ?? shown.sex },
    { key: 'ethnicity', label: '民族', children: <CodeName table="ethnicity" code={shown.ethnicity} /> },
    { key: 'birth_date', label: '出生日期', children: shown.birth_date },
    {
      key: 'phone',
      label: '联系方式',
      children: showNumber ? (shown.phone ?? '—') : maskPhone(shown.phone) || '—',
    },
    { key: 'hukou_address', label: '户籍地址', span: 2, children: d.hukou_address ?? '—' },
    { key: 'hukou_type', label: '户口性质', children: <CodeName table="hukou_type" code={d.hukou_type} /> },
    {
      key: 'marital_status',
      label: '婚姻状况',
      children: <CodeName table="marital_status" code={d.marital_status} />,
    },
    {
      key: 'political_status',
      label: '政治面貌',
      children: <CodeName table="political_status" code={d.political_status} />,
    },
    { key: 'education', label: '学历', children: <CodeName table="education" code={d.education} /> },
    {
      key: 'military_service',
      label: '服兵役情况',
      children: <CodeName table="military_service" code={d.military_service} />,
    },
  ];
  if (shown.nationality) {
    items.push({
      key: 'nationality',
      label: '国籍',
      children: <CodeName table="country" code={shown.nationality} />,
    });
  }
  return items;
}

function ResidenceCard({
  residence,
  person,
  role,
  onChanged,
}: {
  residence: ResidenceRecord;
  person: PersonRecord;
  role: string;
  onChanged: () => void;
}) {
  const canWrite = mayWriteResidences(role);
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      data-testid="residence-card"
      data-residence-id={residence.residence_id}
      title={
        <Space>
          <Tag color={STATUS_COLORS[residence.status]}>{statusName(residence.status)}</Tag>
          <PlaceName id={residence.unit_id} />
          <ResidenceLinks residence={residence} role={role} />
        </Space>
      }
      extra={
        residence.status === 'active' && canWrite ? (
          <ResidenceActions
            residenceId={residence.residence_id}
            personName={person.name}
            arrivalDate={residence.arrival_date}
            onDone={onChanged}
          />
        ) : undefined
      }
    >
      <Descriptions size="small" column={2} items={residenceItems(residence)} />
    </Card>
  );
}

/** A person's full record (an audited read), residences and every change. */
export function PersonDrawer({
  personId,
  onClose,
  onChanged,
}: {
  personId: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const user = useUser();
  const [record, setRecord] = useState<PersonRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [showNumber, setShowNumber] = useState(false);

  useEffect(() => {
    if (!personId) return;
    const controller = new AbortController();
    setError(null);
    getPerson(personId, controller.signal)
      .then((r) => setRecord(r))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(messageOf(e));
      });
    return () => controller.abort();
  }, [personId, attempt]);

  useEffect(() => {
    if (!personId) {
      setRecord(null);
      setShowNumber(false);
    }
  }, [personId]);

  const shown = record && record.person_id === personId ? record : null;
  const refresh = () => {
    setAttempt((n) => n + 1);
    onChanged();
  };

  return (
    <Drawer
      open={personId !== null}
      onClose={onClose}
      width={720}
      title={shown ? `${shown.name} 的居住信息` : '人员信息'}
      extra={
        <Space>
          {shown && mayWriteResidences(user.role) && <AmendPerson record={shown} onDone={refresh} />}
          <Button icon={<ReloadOutlined />} size="small" onClick={() => setAttempt((n) => n + 1)}>
            刷新
          </Button>
        </Space>
      }
    >
      <div data-testid="person-drawer">
      {error && <LoadError message={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!error && !shown && <PageLoading />}
      {shown && (
        <>
          <Descriptions
            size="small"
            column={2}
            bordered
            title="基本信息"
            items={personItems(
              shown,
              showNumber,
              <Button
                type="link"
                size="small"
                icon={showNumber ? <EyeInvisibleOutlined /> : <EyeOutlined />}
                onClick={() => setShowNumber((v) => !v)}
                aria-label={showNumber ? '隐藏号码' : '显示完整号码'}
              />,
            )}
          />

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            居住记录 ({shown.residences.length})
          </Typography.Title>
          {shown.residences.map((r) => (
            <ResidenceCard
              key={r.residence_id}
              residence={r}
              person={shown}
              role={user.role}
              onChanged={refresh}
            />
          ))}

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            变更记录
          </Typography.Title>
          {shown.timeline.length === 0 ? (
            <Typography.Text type="secondary">暂无变更记录</Typography.Text>
          ) : (
            <div data-testid="person-timeline">
            <Timeline
              items={[...shown.timeline].reverse().map((entry, i) => ({
                key: `${entry.at}-${i}`,
                color:
                  entry.type === 'liudong.residence.cancelled'
                    ? 'red'
                    : entry.type === 'liudong.residence.departed'
                      ? 'gray'
                      : 'blue',
                children: (
                  <div>
                    <Typography.Text strong>{eventName(entry.type)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                      {formatDateTime(entry.at)}
                      {entry.actor?.username
                        ? ` · ${entry.actor.username}${entry.actor.role ? ` (${roleName(entry.actor.role)})` : ''}`
                        : ''}
                    </Typography.Text>
                    {eventSummary(entry) && <div>{eventSummary(entry)}</div>}
                  </div>
                ),
              }))}
            />
            </div>
          )}

          <Collapse
            size="small"
            style={{ marginTop: 12 }}
            items={[
              {
                key: 'views',
                label: `查阅记录 (${shown.views.length})`,
                children:
                  shown.views.length === 0 ? (
                    <Typography.Text type="secondary">暂无</Typography.Text>
                  ) : (
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {shown.views.map((v, i) => (
                        <li key={`${v.at}-${i}`}>
                          {formatDateTime(v.at)} {v.actor_name}
                          {v.role ? ` (${roleName(v.role)})` : ''} {v.action === 'viewed' ? '查阅' : v.action}
                          {v.purpose ? `, 用途: ${v.purpose}` : ''}
                        </li>
                      ))}
                    </ul>
                  ),
              },
            ]}
          />
        </>
      )}
      </div>
    </Drawer>
  );
}
