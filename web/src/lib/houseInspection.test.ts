import { describe, expect, it } from 'vitest';
import type { HouseNotice, Inspection } from '../api/units';
import {
  buildInspectionBody,
  departmentFor,
  hazardsOf,
  isInspectionField,
} from './houseInspection';

describe('buildInspectionBody', () => {
  it('sends the findings trimmed and each hazard with the department chosen', () => {
    const body = buildInspectionBody({
      inspected_on: '2026-06-15',
      findings: ' 楼道堆放杂物 ',
      hazards: [
        { category: 'fire', description: ' 电动车在楼道内充电 ', department: 'fire' },
        { category: 'other', description: '无证经营', department: null },
      ],
    });
    expect(body).toEqual({
      inspected_on: '2026-06-15',
      findings: '楼道堆放杂物',
      hazards: [
        { category: 'fire', description: '电动车在楼道内充电', department: 'fire' },
        { category: 'other', description: '无证经营' },
      ],
    });
  });

  it('leaves out empty findings; an inspection without hazards has none', () => {
    expect(buildInspectionBody({ inspected_on: '2026-06-15', findings: '  ' })).toEqual({
      inspected_on: '2026-06-15',
      hazards: [],
    });
  });
});

describe('departmentFor', () => {
  it('sends fire to 消防, public order to 公安, structure to 房管; other names none', () => {
    expect(departmentFor('fire')).toBe('fire');
    expect(departmentFor('public_order')).toBe('police');
    expect(departmentFor('structure')).toBe('housing');
    expect(departmentFor('other')).toBeNull();
    expect(departmentFor(null)).toBeNull();
  });
});

describe('hazardsOf', () => {
  it("gives each hazard its notice's description and latest status", () => {
    const inspection: Inspection = {
      inspection_id: 'i1',
      inspected_on: '2026-06-15',
      inspector_id: 'u1',
      findings: null,
      notices: [
        { notice_id: 'n1', category: 'fire', department: 'fire', status: 'open' },
        { notice_id: 'n2', category: 'structure', department: 'housing', status: 'open' },
      ],
    };
    const notices = [
      { notice_id: 'n1', description: '电动车在楼道内充电', status: 'closed' },
    ] as HouseNotice[];
    expect(hazardsOf(inspection, notices)).toEqual([
      {
        notice_id: 'n1',
        category: 'fire',
        department: 'fire',
        status: 'closed',
        description: '电动车在楼道内充电',
      },
      {
        notice_id: 'n2',
        category: 'structure',
        department: 'housing',
        status: 'open',
        description: null,
      },
    ]);
  });
});

describe('isInspectionField', () => {
  it('knows the listed hazards only', () => {
    expect(isInspectionField(['inspected_on'], 0)).toBe(true);
    expect(isInspectionField(['hazards', 0, 'department'], 1)).toBe(true);
    expect(isInspectionField(['hazards', 2, 'department'], 1)).toBe(false);
    expect(isInspectionField(['house_id'], 1)).toBe(false);
  });
});
