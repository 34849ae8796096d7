// Regenerates the committed ONNX fixtures and their golden outputs:
//   node --import tsx packages/core/scripts/make-fixtures.ts
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from '../src/testing/fixture-models.js';
import { goldenCases } from '../src/testing/golden.js';

const dir = new URL('../fixtures/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [file, make] of Object.entries(FIXTURES)) writeFileSync(new URL(file, dir), make().model);
writeFileSync(new URL('golden.json', dir), JSON.stringify(goldenCases(), null, 1) + '\n');
console.log(`wrote ${Object.keys(FIXTURES).length} models and golden.json to ${fileURLToPath(dir)}`);
