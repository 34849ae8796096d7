import { readFileSync } from 'node:fs';
import { isStrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { GridSource } from '../grid-source.js';
import { fixtureFile } from './shared-data.js';

/** One file's expectations, computed independently with netCDF4-python (scripts/reference-values.py). */
export interface Reference {
  readonly variable: string;
  readonly units: string | null;
  readonly shape: [number, number];
  readonly times: { count: number; first: string | null; last: string | null };
  readonly levels: number[] | null;
  readonly fields: {
    time: number;
    level: number | null;
    mean: number;
    missing: number;
    points: { lat: number; lon: number; value: number | null }[];
  }[];
}

const references = JSON.parse(readFileSync(fixtureFile('reference-values.json'), 'utf8')) as Record<
  string,
  Reference
>;

/** Ways to open a file for the suite: by path (random access) and from bytes. */
export type Opener = (file: string) => Promise<GridSource>;

function meanOf(data: Float32Array): { mean: number; missing: number } {
  let sum = 0;
  let n = 0;
  for (const v of data) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return { mean: sum / n, missing: data.length - n };
}

/**
 * The contract every {@link GridSource} implementation passes, on real files: the variables and their
 * grids in the model convention, CF-decoded values equal to netCDF4-python's at sample points and on
 * average, decoded times and levels, and typed errors for what a file does not have.
 */
export function runGridSourceContract(
  implementation: string,
  files: readonly string[],
  openers: Record<string, Opener>,
): void {
  describe(`GridSource contract: ${implementation}`, () => {
    for (const [how, open] of Object.entries(openers)) {
      describe.each(files)(`%s (${how})`, (file) => {
        const ref = references[file]!;

        it('describes the variable on a north-to-south, 0-to-360 grid', async () => {
          const source = await open(file);
          const v = source.describe(ref.variable);
          expect(v.units).toBe(ref.units);
          expect([v.latitude.length, v.longitude.length]).toEqual(ref.shape);
          for (let i = 1; i < v.latitude.length; i++) expect(v.latitude[i]!).toBeLessThan(v.latitude[i - 1]!);
          for (let i = 1; i < v.longitude.length; i++)
            expect(v.longitude[i]!).toBeGreaterThan(v.longitude[i - 1]!);
          expect(v.longitude[0]!).toBeGreaterThanOrEqual(0);
          expect(v.longitude.at(-1)!).toBeLessThan(360);
          expect(v.levels).toEqual(ref.levels);
          source.close();
        });

        it('decodes times to UTC instants', async () => {
          const source = await open(file);
          const times = source.describe(ref.variable).times;
          if (ref.times.count === 0) expect(times.every((t) => t === null)).toBe(true);
          else {
            expect(times).toHaveLength(ref.times.count);
            expect(new Date(times[0]!).toISOString()).toBe(ref.times.first);
            expect(new Date(times.at(-1)!).toISOString()).toBe(ref.times.last);
          }
          source.close();
        });

        it('reads fields equal to the reference values, packing and missing values decoded', async () => {
          const source = await open(file);
          for (const f of ref.fields) {
            const field = await source.readField({
              variable: ref.variable,
              time: f.time,
              ...(f.level === null ? {} : { level: f.level }),
            });
            expect(field.level).toBe(f.level);
            const stats = meanOf(field.data);
            expect(stats.missing).toBe(f.missing);
            expect(stats.mean).toBeCloseTo(f.mean, 2);
            for (const p of f.points) {
              const i = field.latitude.indexOf(p.lat);
              const j = field.longitude.indexOf(p.lon);
              const got = field.data[i * field.longitude.length + j]!;
              if (p.value === null) expect(got).toBeNaN();
              else expect(Math.abs(got - p.value)).toBeLessThanOrEqual(Math.abs(p.value) * 1e-6 + 1e-4);
            }
          }
          source.close();
        });

        it('finds a field by valid time, and says what it lacks', async () => {
          const source = await open(file);
          const v = source.describe(ref.variable);
          const t = v.times[1];
          if (t !== null && t !== undefined) {
            expect(
              (
                await source.readField({
                  variable: ref.variable,
                  time: new Date(t),
                  ...(v.levels ? { level: v.levels[0]! } : {}),
                })
              ).time,
            ).toBe(t);
            await expect(
              source.readField({ variable: ref.variable, time: new Date('1800-01-01T00:00Z') }),
            ).rejects.toSatisfy((e) => isStrataError(e, 'TIME_NOT_FOUND', 'LEVEL_NOT_FOUND'));
          }
          await expect(source.readField({ variable: 'no_such_variable' })).rejects.toSatisfy(
            (e) => isStrataError(e, 'VARIABLE_NOT_FOUND') && (e as Error).message.includes(ref.variable),
          );
          // A level the variable lacks is refused, also of a surface variable (not read as if none were asked).
          await expect(source.readField({ variable: ref.variable, level: 123 })).rejects.toSatisfy(
            (e) => isStrataError(e, 'LEVEL_NOT_FOUND') && /has no level 123 hPa/.test((e as Error).message),
          );
          source.close();
        });
      });
    }
  });
}
