/** /api/exchange/items (sync-province): the to-do list of what the province sent. */

import type { ExchangeKind } from '../lib/labels';
import { api } from './client';

export type ItemListed = 'open' | 'overdue' | 'answered' | 'all';

export interface ExchangeItem {
  item_id: string;
  kind: ExchangeKind;
  kind_name: string;
  name: string;
  id_number_masked: string;
  elsewhere: string | null;
  details: string | null;
  unit_id: string | null;
  person_id: string | null;
  residence_id: string | null;
  place_path: string[];
  received_at: string;
  due_at: string;
  status: 'open' | 'answered';
  overdue: boolean;
  answer: string | null;
  answer_name: string | null;
  note: string | null;
  answered_at: string | null;
  answered_by: string | null;
}

export interface ItemPage {
  items: ExchangeItem[];
  total: number;
  page: number;
  page_size: number;
}

export function listItems(
  query: { status?: ItemListed; page?: number; page_size?: number },
  signal?: AbortSignal,
): Promise<ItemPage> {
  return api<ItemPage>('/api/exchange/items', { query: { ...query }, signal });
}

export function answerItem(itemId: string, answer: string, note?: string): Promise<ExchangeItem> {
  return api<ExchangeItem>(`/api/exchange/items/${encodeURIComponent(itemId)}/answer`, {
    method: 'POST',
    json: note && note.trim() ? { answer, note: note.trim() } : { answer },
  });
}
