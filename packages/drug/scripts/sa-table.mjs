// Writes data/sa-score-fragments.bin.gz, the SA fragment table in a form that loads in milliseconds,
// from sa-score-fragments.json.gz (RDKit's Contrib/SA_Score fpscores, as JSON):
//   node packages/drug/scripts/sa-table.mjs <path of sa-score-fragments.json.gz>
// Layout, little-endian: "SAFR" u32 version=1, u32 n ids, u32 k distinct scores, f64[k] scores,
// u32[n] ids ascending, u16[n] index of each id's score.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

const from = process.argv[2];
if (!from) throw new Error('usage: sa-table.mjs <sa-score-fragments.json.gz>');
const table = JSON.parse(gunzipSync(readFileSync(from)).toString('utf8'));
const entries = Object.entries(table)
  .map(([k, v]) => [Number(k), v])
  .sort((a, b) => a[0] - b[0]);
const scores = [...new Set(entries.map((e) => e[1]))];
if (scores.length > 65535) throw new Error('too many distinct scores for 16-bit indices');
const index = new Map(scores.map((s, i) => [s, i]));
const n = entries.length;
const buf = Buffer.alloc(16 + 8 * scores.length + 4 * n + 2 * n);
buf.write('SAFR', 0, 'latin1');
buf.writeUInt32LE(1, 4);
buf.writeUInt32LE(n, 8);
buf.writeUInt32LE(scores.length, 12);
let o = 16;
for (const s of scores) o = buf.writeDoubleLE(s, o);
for (const [id] of entries) o = buf.writeUInt32LE(id, o);
for (const [, s] of entries) o = buf.writeUInt16LE(index.get(s), o);
const out = new URL('../data/sa-score-fragments.bin.gz', import.meta.url);
writeFileSync(out, gzipSync(buf, { level: 9 }));
console.log(`wrote ${n} ids, ${scores.length} distinct scores`);
