/**
 * The house register form (房屋档案) and the body of `POST /api/houses` / `PUT /api/houses/{id}`
 * it becomes (services/housing api/houses.py HouseIn). The form holds the body's own field
 * paths so that a 422's `loc` names a form field; only the unit differs (`unit_path`).
 *
 * Pages show an owner's or agent's ID number and phone masked: the edit form leaves those
 * fields blank and sends nothing for a blank one, and the service keeps the number on record
 * (unless the party changed kind).
 */

import type { HouseBody, PartyBody } from '../api/houses';
import type { PathStep } from '../api/places';
import type { HouseRecord, HouseUse, Party, PartyKind } from '../api/units';
import type { FieldPath } from './fieldErrors';
import { normaliseIdNumber } from './idNumber';

export interface PartyFormValues {
  kind?: PartyKind;
  name?: string;
  id_number?: string;
  phone?: string;
}

export interface HouseFormValues {
  unit_path?: string[];
  archive_no?: string;
  use?: HouseUse | null;
  capacity?: number | null;
  floor_area?: number | null;
  owner?: PartyFormValues;
  has_agent?: boolean;
  agent?: PartyFormValues;
}

/** The shape the service takes for phone numbers (api/common.py Phone). */
export const PHONE_PATTERN = /^[\d\-+ ]{5,20}$/;

function text(value: string | null | undefined): string | undefined {
  const trimmed = (value ?? '').trim();
  return trimmed ? trimmed : undefined;
}

/** A person's ID number without spaces, upper-cased; a company's credit code likewise. */
export function normaliseNumber(value: string | null | undefined): string | undefined {
  const raw = text(value);
  return raw ? normaliseIdNumber(raw) : undefined;
}

/** A party's body: a number left blank is left out (editing, the service keeps its own). */
export function buildParty(values: PartyFormValues = {}): PartyBody {
  const body: PartyBody = { kind: values.kind ?? 'person', name: text(values.name) ?? '' };
  const idNumber = normaliseNumber(values.id_number);
  const phone = text(values.phone);
  if (idNumber) body.id_number = idNumber;
  if (phone) body.phone = phone;
  return body;
}

export function buildHouseBody(values: HouseFormValues): HouseBody {
  const body: HouseBody = {
    archive_no: text(values.archive_no) ?? '',
    use: values.use ?? '',
    owner: buildParty(values.owner),
  };
  if (typeof values.capacity === 'number' && Number.isFinite(values.capacity)) {
    body.capacity = values.capacity;
  }
  if (typeof values.floor_area === 'number' && Number.isFinite(values.floor_area)) {
    body.floor_area = values.floor_area.toFixed(2);
  }
  if (values.has_agent) body.agent = buildParty(values.agent);
  return body;
}

export function buildHouseCreate(values: HouseFormValues): HouseBody & { unit_id: string } {
  const path = values.unit_path ?? [];
  return { unit_id: path.length > 0 ? path[path.length - 1] : '', ...buildHouseBody(values) };
}

function partyToForm(party: Party): PartyFormValues {
  // The page's numbers are masked: the edit form starts them blank (the service keeps them).
  return { kind: party.kind ?? 'person', name: party.name, id_number: '', phone: '' };
}

/** The edit form filled from the house's page. */
export function houseToForm(house: HouseRecord): HouseFormValues {
  const area = house.floor_area === null ? null : Number(house.floor_area);
  return {
    archive_no: house.archive_no,
    use: house.use,
    capacity: house.capacity,
    floor_area: area !== null && Number.isFinite(area) ? area : null,
    owner: partyToForm(house.owner),
    has_agent: house.agent !== null,
    agent: house.agent ? partyToForm(house.agent) : { kind: 'person' },
  };
}

/** Where the body's `unit_id` sits on the form. */
export const HOUSE_ALIASES: Record<string, FieldPath> = { unit_id: ['unit_path'] };

const TOP_FIELDS = new Set(['archive_no', 'use', 'capacity', 'floor_area']);
const PARTY_FIELDS = new Set(['kind', 'name', 'id_number', 'phone']);

/** Whether the form shows a field at `path` (the unit only when registering). */
export function isHouseField(path: FieldPath, hasAgent: boolean, withUnit: boolean): boolean {
  const [head, second] = path;
  if (path.length === 1) {
    return head === 'unit_path' ? withUnit : typeof head === 'string' && TOP_FIELDS.has(head);
  }
  if (path.length !== 2 || typeof second !== 'string' || !PARTY_FIELDS.has(second)) return false;
  return head === 'owner' || (head === 'agent' && hasAgent);
}

/**
 * A unit's path as the place cascader holds it: the ids below the user's scope (every id
 * for an administrator of the whole deployment, whose tree starts at the districts).
 */
export function unitPathFor(path: readonly PathStep[], scopePlaceId: string | null): string[] {
  const ids = path.map((step) => step.id);
  if (scopePlaceId === null) return ids;
  const at = ids.indexOf(scopePlaceId);
  if (at < 0) return [];
  // A user scoped to the unit itself: the cascader's one option is the unit.
  return at === ids.length - 1 ? [ids[at]] : ids.slice(at + 1);
}
