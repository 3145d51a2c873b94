/**
 * 批量导入: the words for an import run's stages, how far along the progress bar is, and
 * the report's rejected rows one line per row of the file.
 */

/** The job's stages (registry import_runs): and "uploading" before the job exists. */
export type JobStage = 'uploading' | 'reading' | 'checking' | 'landing' | 'done' | 'failed';

export const STAGE_NAMES: Record<JobStage, string> = {
  uploading: '上传文件',
  reading: '读取文件',
  checking: '逐行检查',
  landing: '导入中',
  done: '完成',
  failed: '失败',
};

export function stageName(stage: string): string {
  return (STAGE_NAMES as Record<string, string>)[stage] ?? stage;
}

export interface JobState {
  stage: string;
  rows_done?: number | null;
  rows_total?: number | null;
}

function share(done: number | null | undefined, total: number | null | undefined): number {
  if (!total || total <= 0 || !done || done <= 0) return 0;
  return Math.min(1, done / total);
}

/**
 * Percent of the whole run. A dry run is reading then checking; a landing also lands, the
 * larger half of its time. Reading has no count: it shows as a small start.
 */
export function jobPercent(job: JobState, dryRun: boolean): number {
  const part = share(job.rows_done, job.rows_total);
  const [reading, checking] = dryRun ? [5, 95] : [3, 45];
  let percent: number;
  switch (job.stage) {
    case 'uploading':
      percent = 1;
      break;
    case 'reading':
      percent = reading;
      break;
    case 'checking':
      percent = reading + (checking - reading) * part;
      break;
    case 'landing':
      percent = checking + (99 - checking) * part;
      break;
    case 'done':
      percent = 100;
      break;
    default:
      percent = 0;
  }
  return Math.round(percent);
}

/** "逐行检查 1000 / 5000 行", or the stage alone while it has no count. */
export function progressText(job: JobState): string {
  const name = stageName(job.stage);
  if ((job.stage === 'checking' || job.stage === 'landing') && job.rows_total) {
    return `${name} ${job.rows_done ?? 0} / ${job.rows_total} 行`;
  }
  return name;
}

export interface Rejection {
  row: number;
  field: string;
  reason: string;
}

export interface RejectedRow {
  row: number;
  problems: { field: string; reason: string }[];
}

// The template's headings for the check-in fields a reason may name (the registry names
// some by their body path, "id_number" or "person.id_number", rather than the heading).
const FIELD_HEADINGS: Record<string, string> = {
  id_number: '公民身份号码',
  name: '姓名',
  sex: '性别',
  ethnicity: '民族',
  birth_date: '出生日期',
  phone: '联系方式',
  hukou_address: '户籍地址',
  nationality: '国籍',
  id_type: '证件类型',
  unit_id: '房屋编号',
  arrival_date: '到达本地日期',
  housing_type: '住所类别',
  reason: '居住事由',
  intended_stay_days: '拟居住天数',
  person: '人员信息',
};

/** A rejected field as the template heads its column. */
export function fieldLabel(field: string): string {
  const path = field.replace(/^body\./, '');
  const own = FIELD_HEADINGS[path] ?? FIELD_HEADINGS[path.replace(/^person\./, '')];
  return own ?? (path === '' ? '整行' : field);
}

// The checking model's own (English) words for the common cases.
const REASONS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Field required$/i, () => '必须录入, 不能为空'],
  [/^String should have at least 1 character/i, () => '必须录入, 不能为空'],
  [/^String should have at least (\d+) characters?/i, (m) => `至少 ${m[1]} 个字符`],
  [/^String should have at most (\d+) characters?/i, (m) => `不能超过 ${m[1]} 个字符`],
  [/^String should match pattern/i, () => '格式有误'],
  [/^Input should be a valid date/i, () => '日期有误, 应为 YYYY-MM-DD'],
  [/^Input should be a valid integer/i, () => '应为整数'],
  [/^Input should be greater than or equal to (\S+)$/i, (m) => `不能小于 ${m[1]}`],
  [/^Input should be less than or equal to (\S+)$/i, (m) => `不能大于 ${m[1]}`],
  [/^Input should be '/i, () => '取值不在代码表中'],
  [/^Value error, (.+)$/i, (m) => m[1]],
];

/** A reason in Chinese: the registry's own words, or the model's translated. */
export function reasonText(reason: string): string {
  for (const [pattern, words] of REASONS) {
    const m = pattern.exec(reason.trim());
    if (m) return words(m);
  }
  return reason;
}

/**
 * The rejections grouped by row of the file (a row may be wrong in several fields), in
 * order, fields by their headings and reasons in Chinese.
 */
export function rejectedRows(rejected: readonly Rejection[]): RejectedRow[] {
  const rows = new Map<number, RejectedRow>();
  for (const r of rejected) {
    let found = rows.get(r.row);
    if (!found) {
      found = { row: r.row, problems: [] };
      rows.set(r.row, found);
    }
    const field = fieldLabel(r.field);
    const reason = reasonText(r.reason);
    if (!found.problems.some((p) => p.field === field && p.reason === reason)) {
      found.problems.push({ field, reason });
    }
  }
  return [...rows.values()].sort((a, b) => a.row - b.row);
}

/** What the clerk confirms before a landing. */
export function commitQuestion(report: { accepted: number; rejected: readonly Rejection[] }): string {
  return `将导入 ${report.accepted} 行, 被拒绝的 ${rejectedRows(report.rejected).length} 行不会导入`;
}

/** The landing's outcome in a line. */
export function landedSummary(report: { landed: number; already_imported: number }): string {
  if (report.landed === 0 && report.already_imported > 0) {
    return `该文件已导入过: ${report.already_imported} 行此前已导入, 本次未重复导入`;
  }
  if (report.already_imported > 0) {
    return `本次导入 ${report.landed} 行; 另有 ${report.already_imported} 行此前已导入, 未重复导入`;
  }
  return `本次导入 ${report.landed} 行`;
}

/** Files the import reads (by name: browsers disagree on a csv's type). */
export function isImportFile(name: string): boolean {
  return /\.(xlsx|csv)$/i.test(name.trim());
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
