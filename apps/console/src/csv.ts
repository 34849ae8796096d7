/** A series read from an uploaded CSV. */
export interface UploadedSeries {
  readonly id: string;
  /** ISO 8601 times, or null when the file has no time column. */
  readonly timestamps: string[] | null;
  readonly values: (number | null)[];
}

const ID = /^(id|unique_id|series|name|key)$/i;
const TIME = /^(timestamp|ds|date|time|datetime|month|period|t)$/i;
const VALUE = /^(value|y|values|target|observation|count)$/i;

function cells(line: string): string[] {
  return line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

const number = (s: string | undefined): number | null => {
  if (s === undefined || s === '' || /^(na|nan|null)$/i.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
};

/**
 * Reads series from CSV text: long format (`id,timestamp,value`, as the API's `data`), one series as
 * `timestamp,value`, or a single column of values. Columns are found by their header names; a file
 * without a header is read by position. Throws with a message naming what is wrong.
 */
export function readSeriesCsv(text: string): UploadedSeries[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new Error('the file has fewer than two lines');
  const head = cells(lines[0]!);
  const hasHeader = head.some((h) => number(h) === null && !/^\d{4}-\d\d/.test(h));
  const rows = (hasHeader ? lines.slice(1) : lines).map(cells);
  const width = head.length;
  const find = (re: RegExp) => (hasHeader ? head.findIndex((h) => re.test(h)) : -1);
  let id = find(ID);
  let time = find(TIME);
  let value = find(VALUE);
  if (value < 0) value = width - 1;
  if (time < 0 && width >= 2) time = value === width - 1 ? width - 2 : -1;
  if (id < 0 && width >= 3 && time === width - 2) id = 0;
  const out = new Map<string, { timestamps: string[]; values: (number | null)[] }>();
  for (const [i, r] of rows.entries()) {
    const key = id >= 0 ? (r[id] ?? '') : hasHeader ? head[value]! : 'series';
    const v = r[value];
    if (v !== undefined && v !== '' && number(v) === null && !/^(na|nan|null)$/i.test(v))
      throw new Error(`line ${i + (hasHeader ? 2 : 1)}: "${v}" is not a number`);
    const s = out.get(key) ?? { timestamps: [], values: [] };
    s.values.push(number(v));
    if (time >= 0) s.timestamps.push(r[time] ?? '');
    out.set(key, s);
  }
  return [...out].map(([key, s]) => ({
    id: key,
    timestamps: time >= 0 ? s.timestamps : null,
    values: s.values,
  }));
}
