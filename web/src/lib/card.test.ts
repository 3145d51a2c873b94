import { describe, expect, it } from 'vitest';
import { cardErrorMessage, cardToForm, normaliseAgentUrl, type CardData } from './card';
import { captureFor } from './checkin';

const RESIDENT: CardData = {
  card_type: 'resident',
  name: '单明',
  sex: '2',
  ethnicity: '01',
  birth_date: '1949-12-31',
  address: '北京市朝阳区某某路1号',
  id_number: '11010519491231002x',
  issuer: '北京市公安局朝阳分局',
  valid_from: '2016-01-01',
  valid_to: '2036-01-01',
  expired: false,
  chip_serial: 'A1B2C3',
  reader_id: 'desk-01',
};

describe('cardToForm', () => {
  it('fills the person and the capture from a resident card', () => {
    const fill = cardToForm(RESIDENT);
    expect(fill.person).toEqual({
      id_type: 'resident',
      id_number: '11010519491231002X',
      name: '单明',
      sex: '2',
      ethnicity: '01',
      birth_date: '1949-12-31',
      hukou_address: '北京市朝阳区某某路1号',
    });
    expect(fill.capture).toEqual({ id_number: '11010519491231002X', reader_id: 'desk-01', chip_serial: 'A1B2C3' });
    expect(fill.warnings).toEqual([]);
  });

  it('warns about an expired card', () => {
    const fill = cardToForm({ ...RESIDENT, expired: true, valid_to: '2020-01-01' });
    expect(fill.warnings).toEqual(['证件已过期 (有效期至 2020-01-01), 请核实']);
  });

  it('takes a foreigner card as a permanent residence card with nationality', () => {
    const fill = cardToForm({
      ...RESIDENT,
      card_type: 'foreigner',
      name: 'SMITH JOHN',
      chinese_name: '史密斯',
      ethnicity: null,
      address: null,
      nationality: 'GBR',
      sex: '1',
    });
    expect(fill.person.id_type).toBe('foreign_pr');
    expect(fill.person.name).toBe('史密斯');
    expect(fill.person.nationality).toBe('GBR');
    expect(fill.person.ethnicity).toBeUndefined();
    expect(fill.person.hukou_address).toBeUndefined();
  });

  it('leaves sex out when the card says "not stated"', () => {
    const fill = cardToForm({ ...RESIDENT, card_type: 'passport', sex: '9', chip_serial: null });
    expect(fill.person.sex).toBeUndefined();
    expect(fill.person.id_type).toBe('passport');
    expect(fill.capture.chip_serial).toBeNull();
  });
});

describe('captureFor', () => {
  const card = { id_number: '11010519491231002X', reader_id: 'desk-01', chip_serial: 'A1' };

  it('is the card while the number is the card\'s', () => {
    expect(captureFor(card, '11010519491231002x')).toEqual({ channel: 'card', reader_id: 'desk-01', chip_serial: 'A1' });
  });

  it('is typed once the number changed or without a card', () => {
    expect(captureFor(card, '440304198512011230')).toEqual({ channel: 'typed' });
    expect(captureFor(null, '11010519491231002X')).toEqual({ channel: 'typed' });
  });
});

describe('card errors and agent address', () => {
  it('uses the agent\'s own words first', () => {
    expect(cardErrorMessage(503, '读卡器未连接或无响应')).toBe('读卡器未连接或无响应');
  });

  it('has its own words for each failure', () => {
    expect(cardErrorMessage(408, null)).toBe('未检测到证件, 请将证件放在读卡器上');
    expect(cardErrorMessage(503, null)).toBe('读卡器未连接');
    expect(cardErrorMessage(null, null)).toBe('未找到读卡程序, 请确认读卡器程序已启动');
    expect(cardErrorMessage(500, '')).toBe('读卡失败 (500)');
  });

  it('normalises an address as typed', () => {
    expect(normaliseAgentUrl(' 127.0.0.1:47556/ ')).toBe('http://127.0.0.1:47556');
    expect(normaliseAgentUrl('https://desk.local')).toBe('https://desk.local');
    expect(normaliseAgentUrl('')).toBe('http://127.0.0.1:47555');
  });
});
