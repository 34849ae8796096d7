// Step 1 of training the drug property models: featurise ESOL and Tox21 with @strata/drug's own code
// and write them for the trainer (models/.cache/drug-properties/, not committed).
//   cd models && node --import tsx drug-properties/export.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { featureLength } from '@strata/drug';
import { esol, FEATURES, tox21, type DataSet } from './data.js';

const dir = fileURLToPath(new URL('../.cache/drug-properties/', import.meta.url));
mkdirSync(dir, { recursive: true });
const write = (name: string, d: DataSet) => {
  const bytes = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(`${dir}${name}.features.f32`, bytes(d.features));
  writeFileSync(`${dir}${name}.labels.f32`, bytes(d.labels));
  if (d.baseline) writeFileSync(`${dir}${name}.baseline.f32`, bytes(d.baseline));
  const meta = {
    rows: d.ids.length,
    width: featureLength(FEATURES),
    features: FEATURES,
    tasks: d.tasks,
    split: d.split,
  };
  writeFileSync(`${dir}${name}.json`, JSON.stringify(meta));
  console.log(`${name}: ${d.ids.length} molecules, ${d.tasks.length} task(s)`);
};
write('esol', await esol());
write('tox21', await tox21());
