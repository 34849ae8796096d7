// The drug.screen job over inputs made to hurt it: each ends as error rows or as a failure that names
// the limit or the line, promptly, with no decompressed bytes left behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { describe, expect, it, vi } from 'vitest';
import type { ScreenJobResult } from './screen.job.js';

const handlers = {
  'drug.screen': new URL(`./screen.job.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
};

/** The cheapest screen: RDKit parses each molecule and little more. */
const light = { standardise: false, descriptors: [], rules: [], pains: false, qed: false, sa: false };

const dir = () => mkdtempSync(join(tmpdir(), 'strata-screen-input-'));

function file(name: string, bytes: string | Buffer): string {
  const path = join(dir(), name);
  writeFileSync(path, bytes);
  return path;
}

async function screen(input: string, extra: Record<string, unknown> = {}) {
  const queue = await EmbeddedJobQueue.open({ dir: dir(), handlers, workers: 1 });
  try {
    const job = await queue.submit({
      kind: 'drug.screen',
      input: { input, workers: 1, options: light, ...extra } as never,
    });
    return await queue.wait(job.id);
  } finally {
    await queue.close();
  }
}

const rowsOf = (result: unknown) =>
  tableFromIPC(readFileSync((result as ScreenJobResult).output))
    .toArray()
    .map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());

describe('the drug.screen job on hostile inputs', () => {
  it('fails a gzip bomb naming the ratio limit, and keeps none of its bytes', async () => {
    const bomb = Buffer.concat(Array<Buffer>(100).fill(gzipSync(Buffer.alloc(2 ** 20, 'C'))));
    const done = await screen(file('bomb.smi.gz', bomb));
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'READER_LIMIT' });
    // Named by the file, as every failure reading the input is.
    expect(done.error!.message).toMatch(/^bomb\.smi\.gz: .*more than 200 times .* \(maxCompressionRatio\)/);
    expect(existsSync(join(done.resultsLocation, 'input'))).toBe(false);
    const small = await screen(file('ok.smi.gz', gzipSync('CCO a\nCCN b\n'.repeat(1000))), {
      limits: { maxDecompressedBytes: 4096 },
    });
    expect(small.error).toMatchObject({ code: 'READER_LIMIT' });
    expect(small.error!.message).toMatch(/more than 4,096 bytes, the limit \(maxDecompressedBytes\)/);
  });

  it('ends cancelled, promptly, when cancelled while a bomb decompresses, its partial copy removed', async () => {
    // 1 GiB of short lines from about 1 MB, with the limits lifted: the plan would run for long.
    const bomb = Buffer.concat(Array<Buffer>(64).fill(gzipSync(Buffer.from('C\n'.repeat(2 ** 23)))));
    const queue = await EmbeddedJobQueue.open({ dir: dir(), handlers, workers: 1 });
    const limits = { maxCompressionRatio: 2 ** 40, maxDecompressedBytes: 2 ** 50 };
    const job = await queue.submit({
      kind: 'drug.screen',
      input: { input: file('bomb.smi.gz', bomb), workers: 1, options: light, limits } as never,
    });
    // Cancelled once the decompressed copy is being written: mid-plan.
    const copyDir = join((await queue.get(job.id))!.resultsLocation, 'input');
    await vi.waitFor(() => expect(existsSync(copyDir) && readdirSync(copyDir).length).toBeTruthy(), {
      timeout: 30_000,
      interval: 5,
    });
    await queue.cancel(job.id);
    const end = await queue.wait(job.id);
    await queue.close();
    expect(end.state).toBe('cancelled');
    expect(end.progress.total).toBeNull();
    expect(existsSync(copyDir)).toBe(false);
  });

  it('screens a file with unreadable lines as error rows at their lines, every other row kept', async () => {
    const csv = [
      'smiles,id',
      'CCO,a',
      `${'C'.repeat(300_000)},long`,
      'CCN,b',
      'CC\0C,nul',
      '"CCC,open',
      'CCCC,c',
      'c1ccccc1,d',
    ].join('\r\n');
    const done = await screen(file('hostile.csv', csv));
    expect(done.error).toBeNull();
    expect(done.result).toMatchObject({ rows: 7, failed: 3 });
    const rows = rowsOf(done.result).map((r) => [r.position, r.id, r.error]);
    expect(rows).toEqual([
      [2, 'a', null],
      [3, null, 'line 3 is 300,005 bytes long, over the limit of 262,144 bytes (maxLineBytes)'],
      [4, 'b', null],
      [5, null, 'line 5 holds a NUL byte: is this a binary file?'],
      [6, null, expect.stringMatching(/^line 6: a quoted field opens here and is not closed/)],
      [7, 'c', null],
      [8, 'd', null],
    ]);
  });

  it('fails an input with no molecules (empty, a header alone) instead of succeeding with none', async () => {
    for (const [text, message] of [
      ['', 'nothing.csv holds no molecules: it is empty'],
      ['smiles,id\r\n', 'nothing.csv holds no molecules: none of its 1 line is a molecule (a header alone?)'],
    ]) {
      const done = await screen(file('nothing.csv', text!));
      expect(done.state).toBe('failed');
      expect(done.error).toMatchObject({ code: 'READER_FORMAT', message });
    }
  });

  it('takes every line as a molecule when told the file has no header', async () => {
    const done = await screen(file('list.smi', 'smiles\nCCO\nCCN x\n'), { header: false });
    expect(rowsOf(done.result).map((r) => [r.position, r.id, r.error])).toEqual([
      [1, null, 'RDKit cannot parse the molecule'],
      [2, null, null],
      [3, 'x', null],
    ]);
  });
});
