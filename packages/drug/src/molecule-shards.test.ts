import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isStrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import {
  planMoleculeShards,
  readFileRange,
  readMoleculeShard,
  type MoleculeShard,
  type ReadBytes,
} from './molecule-shards.js';
import { openMolecules } from './open-molecules.js';
import type { ReadMoleculesOptions } from './readers/read-molecules.js';
import type { MoleculeRecord } from './readers/record.js';
import { sharedDrugFile } from './testing/shared-data.js';

const all = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

const MOLBLOCK = (title: string, field: string) =>
  `${title}\n  hand\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\nM  END\n> <IC50>\n${field}\n\n`;

const ROWS = Array.from({ length: 12 }, (_, i) => `CC${'C'.repeat(i % 4)},m${i},note ${i}`);

/**
 * Inputs with the edge cases a byte range can get wrong, each beside the options it is read with (and
 * the bytes it is written as, where they are not UTF-8).
 */
const CASES: Record<
  string,
  { file: string; text: string; options?: ReadMoleculesOptions; bytes?: (text: string) => Buffer }
> = {
  'SMILES: BOM, blank lines, comments, malformed, CRLF, multibyte ids, no final newline': {
    file: 'edge.smi',
    text: '\uFEFFCCO ethanol\n\n# a comment line\nnot-a-smiles x\r\nc1ccccc1 benzène\r\n   \r\nC1CC broken\nCCN café\n\nO=C=O 二酸化炭素\nCCCl last',
  },
  'SMILES with a header line': {
    file: 'header.smi',
    text: 'SMILES Name\r\nCCO a\nCCN b\n\nCCC c\nCCCC d\nC e\n',
  },
  'SMILES with the columns given and a final CR': {
    file: 'columns.smi',
    text: 'x1 CCO\nx2 CCN\nx3 CCC\nx4 C1CC\r',
    options: { smilesColumn: 1, idColumn: 0 },
  },
  'CSV: quoted fields over lines, escaped quotes at line ends, CRLF, empty SMILES': {
    file: 'edge.csv',
    text: 'name,smiles,note\r\n"a, ""b""",CCO,"multi\nline"\nc,,empty smiles\r\n"d",CCC,"x\r\ny ""\nz"""\n\ne,CCCC,plain\n"f\n\ng",CN,two\nh,c1ccccc1,"end"',
  },
  'TSV with a header': {
    file: 'edge.tsv',
    text: 'id\tSMILES\tnote\nm1\tc1ccccc1\t"a\tb"\nm2\tCCO\t\n\nm3\tbad(\tx\r\nm4\tCCN\t"q\nr"\n',
  },
  'CSV: quotes that never close, given up at the row limit and at the end, their lines read again': {
    file: 'unbalanced.csv',
    text: `smiles,id,note\n${ROWS.slice(0, 3).join('\n')}\nCCO,q1,"opens\n${ROWS.slice(3, 9).join('\n')}\nCCN,q2,"again\n${ROWS.slice(9).join('\n')}\n`,
    options: { maxLineBytes: 60 },
  },
  'CSV: lone CR line ends, a CR at every chunk edge, overlong lines and NUL bytes': {
    file: 'cr.csv',
    text: `smiles,id\r${ROWS.slice(0, 4).join('\r')}\r${'C'.repeat(200)},long\rCCO\0,nul\r\n${ROWS.slice(4).join('\r')}\r`,
    options: { maxLineBytes: 100 },
  },
  'SMILES: an overlong first line, so no header': {
    file: 'long.smi',
    text: `${'C'.repeat(300)} x\nCCO a\nCCN b\n\nCCC c\n`,
    options: { maxLineBytes: 100 },
  },
  'UTF-16 with a byte-order mark, as Excel saves "Unicode text"': {
    file: 'unicode.tsv',
    text: `\uFEFFsmiles\tname\r\nCCO\téthanol\r\nc1ccccc1\tbenzène\r\nCCN\t二\r\nO=C=O\tdioxide\r\n`,
    bytes: (text) => Buffer.from(text, 'utf16le'),
  },
  'SD: a record over the record limit and one with an overlong line, read past to their $$$$': {
    file: 'limits.sdf',
    text: `${MOLBLOCK('one', '1')}$$$$\n${MOLBLOCK('big', Array(5).fill('x'.repeat(60)).join('\n'))}$$$$\n${MOLBLOCK('two', '2')}$$$$\n${MOLBLOCK('long', '9'.repeat(120))}$$$$\n${MOLBLOCK('three', '3')}`,
    options: { maxRecordBytes: 250, maxLineBytes: 100 },
  },
  'SD: data fields, a blank record, CRLF, a last record without $$$$': {
    file: 'edge.sdf',
    text: `${MOLBLOCK('one', '1')}$$$$\n${MOLBLOCK('two', '2')}$$$$\n\n$$$$\r\n${MOLBLOCK('three', '3').replaceAll('\n', '\r\n')}$$$$\n${MOLBLOCK('', '4')}$$$$\n${MOLBLOCK('five', '5')}`,
  },
};

/** A reader that hands bytes over in pieces of a few bytes, to split lines, CRLFs and characters. */
const inPieces = (size: number): ReadBytes =>
  async function* (path, range) {
    for await (const chunk of readFileRange(path, range))
      for (let i = 0; i < chunk.length; i += size) yield chunk.subarray(i, i + size);
  };

/** A reader that records what it is asked for and how many bytes it gives. */
function counting(): {
  read: ReadBytes;
  asked: { path: string; start: number; end: number }[];
  bytes: number;
} {
  const log = { asked: [] as { path: string; start: number; end: number }[], bytes: 0 };
  const read: ReadBytes = async function* (path, range) {
    log.asked.push({ path, ...range });
    for await (const chunk of readFileRange(path, range)) {
      log.bytes += chunk.length;
      yield chunk;
    }
  };
  return Object.assign(log, { read });
}

const dir = () => mkdtempSync(join(tmpdir(), 'strata-shards-'));

function write(file: string, text: string | Buffer, gz: boolean): string {
  const path = join(dir(), gz ? `${file}.gz` : file);
  writeFileSync(path, gz ? gzipSync(text) : text);
  return path;
}

/** Plans a file and reads every shard; the shards must tile the text's bytes. */
async function shardRecords(
  path: string,
  options: ReadMoleculesOptions & { shardSize: number; read?: ReadBytes; maxShards?: number },
): Promise<{ records: MoleculeRecord[]; shards: MoleculeShard[] }> {
  const decompressTo = join(dir(), 'input');
  const readBytes = options.read ?? readFileRange;
  const plan = await planMoleculeShards(path, { ...options, decompressTo, readBytes });
  const file = plan.decompressed ? decompressTo : path;
  const records: MoleculeRecord[] = [];
  for (const shard of plan.shards) {
    const got = await all(readMoleculeShard(file, shard, { ...options, readBytes }));
    expect(got).toHaveLength(shard.units);
    records.push(...got);
  }
  const size = statSync(file).size;
  expect(plan.shards.map((s) => [s.start, s.end])).toEqual(
    plan.shards.map((s, i) => [i ? plan.shards[i - 1]!.end : 0, plan.shards[i + 1]?.start ?? size]),
  );
  expect(plan.records).toBe(records.length);
  return { records, shards: plan.shards };
}

describe('molecule shards', () => {
  for (const [name, { file, text, options = {} }] of Object.entries(CASES)) {
    it(`yield what the sequential reader does, plain and gzipped: ${name}`, async () => {
      for (const gz of [false, true]) {
        const path = write(file, CASES[name]!.bytes?.(text) ?? text, gz);
        const expected = await all(openMolecules(path, options));
        expect(expected.length).toBeGreaterThanOrEqual(4);
        for (const shardSize of [1, 2, 3, 1000]) {
          const { records, shards } = await shardRecords(path, { ...options, shardSize, read: inPieces(3) });
          expect(records).toEqual(expected);
          expect(shards).toHaveLength(Math.ceil(expected.length / shardSize));
        }
      }
    });
  }

  it('read each shard of the NCI set from its own bytes: the shards read the file once between them', async () => {
    const path = sharedDrugFile('nci-first-5k.smi');
    const size = statSync(path).size;
    const plan = counting();
    const { shards } = await planMoleculeShards(path, { shardSize: 500, readBytes: plan.read });
    expect(shards).toHaveLength(10);
    expect(plan.bytes).toBe(size);
    const line1 = readFileSync(path, 'utf8').indexOf('\n') + 1;
    const shard = counting();
    const records: MoleculeRecord[] = [];
    for (const s of shards)
      records.push(...(await all(readMoleculeShard(path, s, { readBytes: shard.read }))));
    expect(records).toEqual(await all(openMolecules(path)));
    // Each later shard reads its range and the first line (which says whether there is a header).
    expect(shard.asked).toEqual(
      shards.flatMap((s) => [
        ...(s.start ? [{ path, start: 0, end: line1 }] : []),
        { path, start: s.start, end: s.end },
      ]),
    );
    expect(shard.bytes).toBe(size + (shards.length - 1) * line1);
  });

  it('decompress a gzip input once and read the shards from the copy', async () => {
    const text = readFileSync(sharedDrugFile('esol-delaney.csv'), 'utf8');
    const path = write('esol.csv.gz', text, true);
    const decompressTo = join(dir(), 'input', 'esol.csv');
    const plan = counting();
    const options = { idColumn: 'Compound ID', shardSize: 100 };
    const { shards, decompressed } = await planMoleculeShards(path, {
      ...options,
      decompressTo,
      readBytes: plan.read,
    });
    expect(decompressed).toBe(true);
    expect(plan.asked).toEqual([{ path, start: 0, end: Infinity }]);
    expect(plan.bytes).toBe(statSync(path).size);
    expect(readFileSync(decompressTo, 'utf8')).toBe(text);
    const header = text.indexOf('\n') + 1;
    expect(shards[0]).toMatchObject({ first: 0, start: 0, line: 0, head: header, format: 'csv' });
    const shard = counting();
    const records: MoleculeRecord[] = [];
    for (const s of shards)
      records.push(...(await all(readMoleculeShard(decompressTo, s, { ...options, readBytes: shard.read }))));
    expect(records).toEqual(await all(openMolecules(path, options)));
    expect(new Set(shard.asked.map((a) => a.path))).toEqual(new Set([decompressTo]));
    expect(shard.bytes).toBe(Buffer.byteLength(text) + (shards.length - 1) * header);
  });

  it('keep at most maxShards shards by doubling their size', async () => {
    const path = write(
      'twenty.smi',
      Array.from({ length: 20 }, (_, i) => `C${'C'.repeat(i)} m${i}`).join('\n'),
      false,
    );
    const { records, shards } = await shardRecords(path, { shardSize: 2, maxShards: 3 });
    expect(shards.map((s) => [s.first, s.units])).toEqual([
      [0, 8],
      [8, 8],
      [16, 4],
    ]);
    expect(records.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
  });

  it('refuse a bad shard size, and a file that changed after the plan', async () => {
    const path = write('small.smi', 'CCO a\nCCN b\nCCC c\nCCCC d\n', false);
    await expect(planMoleculeShards(path, { shardSize: 0 })).rejects.toSatisfy(
      (e) =>
        isStrataError(e, 'INVALID_ARGUMENT') && /shardSize must be a whole number ≥ 1, got 0/.test(`${e}`),
    );
    const { shards } = await planMoleculeShards(path, { shardSize: 2 });
    writeFileSync(path, 'CCO a\nCCN b\nCCC c\n');
    await expect(all(readMoleculeShard(path, shards[1]!))).rejects.toSatisfy(
      (e) => isStrataError(e, 'READER_FORMAT') && /1 records, not the 2 planned/.test(`${e}`),
    );
  });

  it('plan an empty file as no shards', async () => {
    const path = write('empty.smi', '', false);
    expect(await planMoleculeShards(path, { shardSize: 10 })).toEqual({
      shards: [],
      records: 0,
      decompressed: false,
      lines: 0,
    });
  });
});
