// Bytes a sharded screen reads: a 1,000,000-molecule SMILES file (the NCI set repeated) in 256 shards,
// read the way the shards of `drug.screen` read it (plan, then every shard's records), beside the
// old way in the same run: a plan that counts every record, then shards that each read from the
// file's start past the records before theirs. No RDKit: only the reading path is measured.
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readMolecules, type MoleculeRecord } from '@strata/drug';
import { planMoleculeShards, readFileRange, readMoleculeShard, type ReadBytes } from '@strata/drug/node';
import { sharedDrugFile } from '@strata/drug/testing';
import { shardRanges } from '@strata/jobs';
import { printTable, writeResults } from '../harness.js';

const MOLECULES = 1_000_000;
const SHARDS = 256;

/** The NCI set repeated to `n` lines. */
function library(dir: string, n: number): string {
  const lines = readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').trim().split('\n');
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(lines[i % lines.length]!);
  const path = join(dir, `nci-${n}.smi`);
  writeFileSync(path, `${out.join('\n')}\n`);
  return path;
}

/** What a way of reading did: bytes read in its plan and its shards, records, a checksum, seconds. */
type Reading = { planBytes: number; shardBytes: number; records: number; sum: number; seconds: number };

/** A tally of the records the shards yield: equal tallies, equal records (positions and ids). */
function tally(into: { records: number; sum: number }, r: MoleculeRecord): void {
  into.records++;
  into.sum = (into.sum + r.position * 31 + (r.id?.length ?? 0) + r.molecule.length) % 1e15;
}

async function* counted(chunks: AsyncIterable<Uint8Array>, count: { bytes: number }) {
  for await (const chunk of chunks) {
    count.bytes += chunk.length;
    yield chunk;
  }
}

/** The old way: the plan counts every record; shard i reads past the records of shards 0..i-1. */
async function skipFromStart(path: string, shardSize: number): Promise<Reading> {
  const started = performance.now();
  const count = { bytes: 0 };
  const open = () =>
    readMolecules(counted(createReadStream(path, { highWaterMark: 1 << 16 }), count), { name: path });
  let total = 0;
  for await (const _ of open()) total++;
  const planBytes = count.bytes;
  const out = { records: 0, sum: 0 };
  for (const shard of shardRanges(total, shardSize)) {
    const records = open()[Symbol.asyncIterator]();
    for (let i = 0; i < shard.first; i++) await records.next();
    for (let i = 0; i < shard.units; i++) tally(out, (await records.next()).value as MoleculeRecord);
    await records.return(undefined);
  }
  const seconds = (performance.now() - started) / 1000;
  return { planBytes, shardBytes: count.bytes - planBytes, ...out, seconds };
}

/** The new way: the plan indexes the file in one read; each shard reads its own bytes. */
async function byteRanges(path: string, shardSize: number, dir: string): Promise<Reading> {
  const started = performance.now();
  const count = { bytes: 0 };
  const readBytes: ReadBytes = (p, range) => counted(readFileRange(p, range), count);
  const decompressTo = join(dir, 'input');
  const plan = await planMoleculeShards(path, { shardSize, decompressTo, readBytes });
  const planBytes = count.bytes;
  const file = plan.decompressed ? decompressTo : path;
  const out = { records: 0, sum: 0 };
  for (const shard of plan.shards)
    for await (const r of readMoleculeShard(file, shard, { readBytes })) tally(out, r);
  const seconds = (performance.now() - started) / 1000;
  return { planBytes, shardBytes: count.bytes - planBytes, ...out, seconds };
}

export async function benchShardReads(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-shards-'));
  const path = library(dir, MOLECULES);
  const gz = `${path}.gz`;
  writeFileSync(gz, gzipSync(readFileSync(path)));
  const size = statSync(path).size;
  const shardSize = Math.ceil(MOLECULES / SHARDS);
  const old = await skipFromStart(path, shardSize);
  const plain = await byteRanges(path, shardSize, dir);
  const zipped = await byteRanges(gz, shardSize, dir);
  for (const r of [plain, zipped])
    if (r.records !== old.records || r.sum !== old.sum)
      throw new Error('the shards read by byte range yield other records than the sequential reader');
  const row = (variant: string, r: Reading) => ({
    variant,
    'plan MB': r.planBytes / 1e6,
    'shards MB': r.shardBytes / 1e6,
    'shards x file': r.shardBytes / size,
    'all x file': (r.planBytes + r.shardBytes) / size,
    seconds: r.seconds,
    'time vs old': r.seconds / old.seconds,
  });
  const rows = [
    row('old: plan counts, each shard reads past the ones before (baseline)', old),
    row('byte ranges: plan indexes once, each shard reads its range', plain),
    row(
      `byte ranges, .smi.gz input (${(statSync(gz).size / 1e6).toFixed(1)} MB, copy decompressed once)`,
      zipped,
    ),
  ];
  printTable(
    `(d) bytes read by a ${MOLECULES.toLocaleString('en-US')}-molecule screen in ${SHARDS} shards of ${shardSize}, file ${(size / 1e6).toFixed(1)} MB (goal: shards x file <= 1.1)`,
    rows,
  );
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nwrote ${writeResults('drug-shard-reads', { molecules: MOLECULES, shards: SHARDS, fileBytes: size, rows })}`,
  );
}
