import { describe, expect, it } from 'vitest';
import {
  commitQuestion,
  fieldLabel,
  reasonText,
  isImportFile,
  jobPercent,
  landedSummary,
  progressText,
  rejectedRows,
  stageName,
} from './importJob';

describe('stages', () => {
  it('names the stages in Chinese', () => {
    expect(stageName('reading')).toBe('读取文件');
    expect(stageName('checking')).toBe('逐行检查');
    expect(stageName('landing')).toBe('导入中');
    expect(stageName('something')).toBe('something');
  });

  it('says how many rows are done when it knows', () => {
    expect(progressText({ stage: 'checking', rows_done: 1000, rows_total: 5000 })).toBe('逐行检查 1000 / 5000 行');
    expect(progressText({ stage: 'landing', rows_done: null, rows_total: 20 })).toBe('导入中 0 / 20 行');
    expect(progressText({ stage: 'reading', rows_done: 0, rows_total: null })).toBe('读取文件');
  });
});

describe('jobPercent', () => {
  it('runs a dry run from reading to the end of checking', () => {
    expect(jobPercent({ stage: 'uploading' }, true)).toBe(1);
    expect(jobPercent({ stage: 'reading', rows_done: 0, rows_total: null }, true)).toBe(5);
    expect(jobPercent({ stage: 'checking', rows_done: 500, rows_total: 1000 }, true)).toBe(50);
    expect(jobPercent({ stage: 'done' }, true)).toBe(100);
  });

  it('gives a landing\'s larger half to landing', () => {
    expect(jobPercent({ stage: 'checking', rows_done: 1000, rows_total: 1000 }, false)).toBe(45);
    expect(jobPercent({ stage: 'landing', rows_done: 0, rows_total: 1000 }, false)).toBe(45);
    expect(jobPercent({ stage: 'landing', rows_done: 1000, rows_total: 1000 }, false)).toBe(99);
    expect(jobPercent({ stage: 'landing', rows_done: 5000, rows_total: 1000 }, false)).toBe(99);
  });

  it('is zero for a stage it does not know or a failure', () => {
    expect(jobPercent({ stage: 'failed' }, false)).toBe(0);
  });
});

describe('rejectedRows', () => {
  it('puts each row of the file on one line, in order, its problems together', () => {
    expect(
      rejectedRows([
        { row: 9, field: '姓名', reason: '必须录入' },
        { row: 3, field: '民族', reason: '代码不存在' },
        { row: 9, field: '到达本地日期', reason: '不能晚于今天' },
        { row: 9, field: '姓名', reason: '必须录入' },
      ]),
    ).toEqual([
      { row: 3, problems: [{ field: '民族', reason: '代码不存在' }] },
      {
        row: 9,
        problems: [
          { field: '姓名', reason: '必须录入' },
          { field: '到达本地日期', reason: '不能晚于今天' },
        ],
      },
    ]);
    expect(rejectedRows([])).toEqual([]);
  });

  it('asks about the rows that land and the rows that do not', () => {
    expect(
      commitQuestion({
        accepted: 970,
        rejected: [
          { row: 2, field: 'a', reason: 'x' },
          { row: 2, field: 'b', reason: 'y' },
          { row: 5, field: 'a', reason: 'x' },
        ],
      }),
    ).toBe('将导入 970 行, 被拒绝的 2 行不会导入');
  });
});

describe('landedSummary', () => {
  it('tells a file imported before apart', () => {
    expect(landedSummary({ landed: 3, already_imported: 0 })).toBe('本次导入 3 行');
    expect(landedSummary({ landed: 0, already_imported: 3 })).toBe('该文件已导入过: 3 行此前已导入, 本次未重复导入');
    expect(landedSummary({ landed: 1, already_imported: 2 })).toBe(
      '本次导入 1 行; 另有 2 行此前已导入, 未重复导入',
    );
  });
});

describe('isImportFile', () => {
  it('takes xlsx and csv by name', () => {
    expect(isImportFile('登记.xlsx')).toBe(true);
    expect(isImportFile('A.CSV')).toBe(true);
    expect(isImportFile('old.xls')).toBe(false);
    expect(isImportFile('notes.txt')).toBe(false);
  });
});

describe('fields and reasons in the clerk\'s words', () => {
  it('names a field by its template heading', () => {
    expect(fieldLabel('id_number')).toBe('公民身份号码');
    expect(fieldLabel('person.birth_date')).toBe('出生日期');
    expect(fieldLabel('reason')).toBe('居住事由');
    expect(fieldLabel('姓名')).toBe('姓名');
    expect(fieldLabel('minors.0.name')).toBe('minors.0.name');
  });

  it('says the model\'s English in Chinese, and keeps the registry\'s own words', () => {
    expect(reasonText('Field required')).toBe('必须录入, 不能为空');
    expect(reasonText('String should have at most 60 characters')).toBe('不能超过 60 个字符');
    expect(reasonText("String should match pattern '^\\d{2}$'")).toBe('格式有误');
    expect(reasonText('Input should be a valid date or datetime, input is too short')).toBe(
      '日期有误, 应为 YYYY-MM-DD',
    );
    expect(reasonText('Input should be greater than or equal to 1')).toBe('不能小于 1');
    expect(reasonText("Input should be 'rented', 'dormitory' or 'own_house'")).toBe('取值不在代码表中');
    expect(reasonText('Value error, 号码有误')).toBe('号码有误');
    expect(reasonText('公民身份号码校验位错误')).toBe('公民身份号码校验位错误');
  });

  it('puts a field named both ways once', () => {
    expect(
      rejectedRows([
        { row: 4, field: 'id_number', reason: '公民身份号码校验位错误' },
        { row: 4, field: '公民身份号码', reason: '公民身份号码校验位错误' },
        { row: 4, field: '姓名', reason: 'Field required' },
      ]),
    ).toEqual([
      {
        row: 4,
        problems: [
          { field: '公民身份号码', reason: '公民身份号码校验位错误' },
          { field: '姓名', reason: '必须录入, 不能为空' },
        ],
      },
    ]);
  });
});
