import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStrataError } from '../errors.js';
import { publicDeclarations } from './public-api.js';

/** A one-package workspace whose entry is `source` (and whose `./extra` entry re-exports from it). */
async function workspace(source: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'strata-api-'));
  const dir = join(root, 'packages', 'lib');
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  const exports = {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './extra': { types: './dist/extra.d.ts', default: './dist/extra.js' },
  };
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: '@x/lib', type: 'module', exports }));
  const compilerOptions = { strict: true, module: 'NodeNext', target: 'ES2023', types: [], rootDir: 'src' };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  await writeFile(join(dir, 'src', 'index.ts'), source);
  await writeFile(join(dir, 'src', 'extra.ts'), "export { area as size } from './index.js';\n");
  return dir;
}

const source = `
/** Doc comments are not part of the snapshot. */
export function area(w: number, h: number) {
  return { value: w * h, unit: 'm2' as const };
}
export class Counter {
  private count = 0;
  #hidden = 1;
  constructor(private readonly step: number) {}
  next(): number {
    return (this.count += this.step);
  }
}
export type Shape = 'square' | 'circle';
const internal = 1;
export const limit = internal + 1;
`;

describe('publicDeclarations', () => {
  it('declares each export with its type, inferred types spelled out, privates and comments left out', async () => {
    const dir = await workspace(source);
    const declared = await publicDeclarations(dir);
    expect(Object.keys(declared)).toEqual(['@x/lib', '@x/lib/extra']);
    const text = declared['@x/lib']!;
    expect(text).toContain('// area\nexport declare function area(w: number, h: number): {');
    expect(text).toContain('unit: "m2";');
    expect(text).toContain('constructor(step: number);');
    expect(text).toContain('next(): number;');
    expect(text).toContain('export declare const limit: number;');
    expect(text).toContain(`export type Shape = 'square' | 'circle';`);
    expect(text).not.toMatch(/count|hidden|private readonly step|Doc comments|internal/);
    // A renamed re-export is declared under the name users import.
    expect(declared['@x/lib/extra']).toMatch(/^\/\/ size\nexport declare function area\(/);
  });

  it('changes when a public signature changes, and not when a body does', async () => {
    const before = (await publicDeclarations(await workspace(source), ['@x/lib']))['@x/lib'];
    const body = source.replace(
      'return (this.count += this.step);',
      'this.count += this.step;\n return this.count;',
    );
    const signature = source.replace('next(): number', 'next(by = 1): number');
    expect((await publicDeclarations(await workspace(body), ['@x/lib']))['@x/lib']).toBe(before);
    const changed = (await publicDeclarations(await workspace(signature), ['@x/lib']))['@x/lib'];
    expect(changed).not.toBe(before);
    expect(changed).toContain('next(by?: number): number;');
  });

  it('names an entry the package does not export', async () => {
    const err: unknown = await publicDeclarations(await workspace(source), ['@x/lib/nope']).catch(
      (e: unknown) => e,
    );
    expect(isStrataError(err, 'INVALID_ARGUMENT')).toBe(true);
    expect((err as Error).message).toMatch(
      /entries @x\/lib\/nope are not exports of .*; it has @x\/lib, @x\/lib\/extra/,
    );
  });
});
