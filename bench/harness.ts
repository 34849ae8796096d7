import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Times two variants in alternation (so drift in machine load hits both alike) until each has run at
 * least `minRuns` times and `minMs` in all; returns the median milliseconds of each.
 */
export async function alternate(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  options: { minRuns?: number; minMs?: number; warmup?: number } = {},
): Promise<[number, number]> {
  const { minRuns = 10, minMs = 1500, warmup = 2 } = options;
  for (let i = 0; i < warmup; i++) await (a(), b());
  const ta: number[] = [];
  const tb: number[] = [];
  const started = performance.now();
  while (ta.length < minRuns || performance.now() - started < minMs) {
    for (const [f, t] of [
      [a, ta],
      [b, tb],
    ] as const) {
      const s = performance.now();
      await f();
      t.push(performance.now() - s);
    }
  }
  return [median(ta), median(tb)];
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, rows: readonly Record<string, string | number>[]): void {
  const cols = Object.keys(rows[0] ?? {});
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? fmt(v) : (v ?? ''));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(width[i]!)).join('  ');
  console.log(`\n${title}\n${line(cols)}\n${line(width.map((w) => '-'.repeat(w)))}`);
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
}

/** Writes a benchmark's results as JSON under bench/results/. */
export function writeResults(name: string, data: unknown): string {
  const dir = new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}.json`, dir);
  writeFileSync(
    file,
    JSON.stringify({ name, at: new Date().toISOString(), node: process.version, data }, null, 2) + '\n',
  );
  return fileURLToPath(file);
}
