import { Segmented, Select, Space } from 'antd';
import { PlaceCascader } from '../../components/PlaceCascader';
import {
  DEPARTMENT_NAMES,
  HAZARD_CATEGORY_NAMES,
  optionsOf,
  type Department,
  type HazardCategory,
} from '../../lib/housingLabels';
import type { NoticeListed } from '../../lib/notice';

export interface NoticeFilterValues {
  listed: NoticeListed;
  department?: Department;
  category?: HazardCategory;
  placePath?: string[];
}

const LISTED: { value: NoticeListed; label: string }[] = [
  { value: 'pending', label: '未办结' },
  { value: 'open', label: '待处理' },
  { value: 'in_progress', label: '处理中' },
  { value: 'closed', label: '已办结' },
  { value: 'all', label: '全部' },
];

/** Status, department, category and place. A department user sees only their own
 * department's notices and has no place tree (place.read is not theirs). */
export function NoticeFilters({
  value,
  onChange,
  scopePlaceId,
  department,
}: {
  value: NoticeFilterValues;
  onChange: (value: NoticeFilterValues) => void;
  scopePlaceId: string | null;
  department: boolean;
}) {
  return (
    <Space wrap>
      <Segmented<NoticeListed>
        options={LISTED}
        value={value.listed}
        onChange={(listed) => onChange({ ...value, listed })}
        data-testid="notice-filter-status"
      />
      {!department && (
        <Select<Department>
          allowClear
          placeholder="接收部门"
          style={{ width: 120 }}
          options={optionsOf(DEPARTMENT_NAMES)}
          value={value.department}
          onChange={(d) => onChange({ ...value, department: d })}
          aria-label="接收部门"
          data-testid="notice-filter-department"
        />
      )}
      <Select<HazardCategory>
        allowClear
        placeholder="隐患类别"
        style={{ width: 140 }}
        options={optionsOf(HAZARD_CATEGORY_NAMES)}
        value={value.category}
        onChange={(c) => onChange({ ...value, category: c })}
        aria-label="隐患类别"
        data-testid="notice-filter-category"
      />
      {!department && (
        <PlaceCascader
          rootId={scopePlaceId}
          value={value.placePath}
          onChange={(placePath) => onChange({ ...value, placePath })}
          placeholder="房屋所在地点"
          style={{ width: 240 }}
          aria-label="房屋所在地点"
          data-testid="notice-filter-place"
        />
      )}
    </Space>
  );
}
