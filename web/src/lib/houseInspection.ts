/**
 * Inspections of rentals (出租屋检查): the form and its body (services/housing api/houses.py
 * InspectionIn), and each hazard with the notice it raised.
 */

import type { InspectionBody } from '../api/houses';
import type {
  Department,
  HazardCategory,
  HouseNotice,
  Inspection,
  NoticeStatus,
} from '../api/units';
import type { FieldPath } from './fieldErrors';
import { DEFAULT_DEPARTMENT } from './housingLabels';

export interface HazardFormValues {
  category?: HazardCategory | null;
  description?: string;
  department?: Department | null;
}

export interface InspectionFormValues {
  inspected_on?: string | null;
  findings?: string;
  hazards?: HazardFormValues[];
}

export function buildInspectionBody(values: InspectionFormValues): InspectionBody {
  const findings = (values.findings ?? '').trim();
  const body: InspectionBody = {
    inspected_on: values.inspected_on ?? '',
    hazards: (values.hazards ?? []).map((h) => {
      const hazard: InspectionBody['hazards'][number] = {
        category: h.category ?? 'other',
        description: (h.description ?? '').trim(),
      };
      if (h.department) hazard.department = h.department;
      return hazard;
    }),
  };
  if (findings) body.findings = findings;
  return body;
}

/**
 * The department a hazard's category sends its notice to, for the form to fill in when
 * the category is picked (null: "other" names none, the inspector must choose).
 */
export function departmentFor(category: HazardCategory | null | undefined): Department | null {
  return category ? DEFAULT_DEPARTMENT[category] : null;
}

export interface HazardRow {
  notice_id: string;
  category: HazardCategory;
  department: Department;
  status: NoticeStatus;
  /** From the house's notices (the inspections list does not carry it). */
  description: string | null;
}

/** An inspection's hazards, each with its notice's description where the page has it. */
export function hazardsOf(inspection: Inspection, notices: readonly HouseNotice[]): HazardRow[] {
  const byId = new Map(notices.map((n) => [n.notice_id, n]));
  return inspection.notices.map((n) => {
    const notice = byId.get(n.notice_id);
    return { ...n, status: notice?.status ?? n.status, description: notice?.description ?? null };
  });
}

const TOP_FIELDS = new Set(['inspected_on', 'findings']);
const HAZARD_FIELDS = new Set(['category', 'description', 'department']);

export function isInspectionField(path: FieldPath, hazardCount: number): boolean {
  const [head, index, field] = path;
  if (path.length === 1) return typeof head === 'string' && TOP_FIELDS.has(head);
  return (
    head === 'hazards' &&
    path.length === 3 &&
    typeof index === 'number' &&
    index < hazardCount &&
    typeof field === 'string' &&
    HAZARD_FIELDS.has(field)
  );
}
