import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createJsonLogger } from './json-logger.js';

it('writes one JSON object per line, with its name, level filter and child bindings', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-log-')), 'log.jsonl');
  const fd = openSync(file, 'w');
  const logger = createJsonLogger({ name: 'test', level: 'info', fd });
  logger.debug({ hidden: true }, 'not written');
  logger.child({ model: 'mlp' }).warn({ provider: 'cuda' }, 'falling back');
  closeSync(fd);
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    name: 'test',
    level: 40,
    model: 'mlp',
    provider: 'cuda',
    msg: 'falling back',
  });
});
