/**
 * What the desk card-reader agent answers (`GET {agent}/api/card`), and the check-in form
 * values a card fills: name, sex, ethnicity, birth date, ID number, the household-registration
 * address, the document kind; the capture records the reader and chip.
 */

import type { IdType } from './labels';
import type { CardCapture, PersonFormValues } from './checkin';

export type CardType = 'resident' | 'hmt_permit' | 'foreigner' | 'passport';

export interface CardData {
  card_type: CardType;
  name: string;
  sex: string;
  ethnicity?: string | null;
  birth_date: string;
  address?: string | null;
  id_number: string;
  issuer?: string | null;
  valid_from?: string | null;
  valid_to?: string | null;
  long_term?: boolean;
  expired: boolean;
  chip_serial?: string | null;
  reader_id: string;
  photo_wlt_base64?: string | null;
  permit_number?: string | null;
  issue_count?: number | null;
  english_name?: string | null;
  chinese_name?: string | null;
  nationality?: string | null;
}

export const CARD_ID_TYPES: Record<CardType, IdType> = {
  resident: 'resident',
  hmt_permit: 'hmt_permit',
  foreigner: 'foreign_pr',
  passport: 'passport',
};

export interface CardFill {
  person: PersonFormValues;
  capture: CardCapture;
  /** Shown to the clerk after the read (an expired card, …). */
  warnings: string[];
}

export function cardToForm(card: CardData): CardFill {
  const idType = CARD_ID_TYPES[card.card_type] ?? 'resident';
  const person: PersonFormValues = {
    id_type: idType,
    id_number: card.id_number.trim().toUpperCase(),
    name: (card.chinese_name || card.name).trim(),
    birth_date: card.birth_date,
  };
  if (card.sex === '1' || card.sex === '2') person.sex = card.sex;
  if (card.ethnicity && /^\d{2}$/.test(card.ethnicity)) person.ethnicity = card.ethnicity;
  if (card.address && card.address.trim()) person.hukou_address = card.address.trim();
  if ((idType === 'foreign_pr' || idType === 'passport') && card.nationality) {
    person.nationality = card.nationality;
  }
  const warnings: string[] = [];
  if (card.expired) {
    warnings.push(
      card.valid_to ? `证件已过期 (有效期至 ${card.valid_to}), 请核实` : '证件已过期, 请核实',
    );
  }
  return {
    person,
    capture: {
      id_number: person.id_number ?? '',
      reader_id: card.reader_id || null,
      chip_serial: card.chip_serial ?? null,
    },
    warnings,
  };
}

/** What the clerk is told when a read fails: the agent's own words first. */
export function cardErrorMessage(status: number | null, detail: string | null): string {
  if (detail && detail.trim()) return detail;
  if (status === null) return '未找到读卡程序, 请确认读卡器程序已启动';
  if (status === 408) return '未检测到证件, 请将证件放在读卡器上';
  if (status === 503) return '读卡器未连接';
  if (status === 409) return '读卡器正在读卡, 请稍候';
  return `读卡失败 (${status})`;
}

export const DEFAULT_CARD_AGENT = 'http://127.0.0.1:47555';
export const CARD_AGENT_KEY = 'liudong.cardAgentUrl';

/** An agent address as typed: trimmed, no trailing slash, http:// when no scheme. */
export function normaliseAgentUrl(raw: string): string {
  let url = raw.trim().replace(/\/+$/, '');
  if (!url) return DEFAULT_CARD_AGENT;
  if (!/^https?:\/\//i.test(url)) url = 'http://' + url;
  return url;
}
