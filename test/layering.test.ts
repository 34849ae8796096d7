// The layering of DESIGN.md is enforced by lint rules; this checks that the rules bite where they
// should and stay quiet where a dependency lives.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({
  cwd: root,
  // Syntax-only: the files below do not exist, so type-aware rules have no program to ask.
  overrideConfig: [
    { languageOptions: { parserOptions: { projectService: false, project: null } } },
    tseslint.configs.disableTypeChecked,
  ],
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('layering rules', () => {
  it.each([
    ['onnxruntime-node', 'packages/core/src/model/x.ts', 'packages/core/src/onnx/x.ts'],
    ['@rdkit/rdkit', 'packages/drug/src/scoring/x.ts', 'packages/drug/src/rdkit/x.ts'],
    ['h5wasm', 'apps/weather-api/src/x.ts', 'packages/weather/src/sources/x.ts'],
    ['express', 'packages/weather/src/x.ts', 'packages/service/src/x.ts'],
    ['express', 'packages/core/src/x.ts', 'apps/gateway/src/x.ts'],
  ])('confines %s: refused in %s, allowed in %s', async (dep, outside, home) => {
    const code = `import x from '${dep}';\nexport default x;\n`;
    expect(await ruleIds(outside, code)).toContain('no-restricted-imports');
    expect(await ruleIds(home, code)).toEqual([]);
  });

  it('confines dynamic imports the same way', async () => {
    const code = `export const ort = await import('onnxruntime-node');\n`;
    expect(await ruleIds('packages/core/src/model/x.ts', code)).toContain('no-restricted-syntax');
    expect(await ruleIds('packages/core/src/onnx/x.ts', code)).toEqual([]);
  });

  it('keeps packages apart: no relative paths into another package, no HTTP in domains', async () => {
    const climb = `import x from '../../../weather/src/index.js';\nexport default x;\n`;
    expect(await ruleIds('packages/core/src/model/x.ts', climb)).toContain('no-restricted-imports');
    const http = `import x from '@strata/service';\nexport default x;\n`;
    expect(await ruleIds('packages/weather/src/x.ts', http)).toContain('no-restricted-imports');
    expect(await ruleIds('apps/weather-api/src/app.ts', http)).toEqual([]);
  });

  it('keeps domain and HTTP packages out of the core', async () => {
    const code = `import x from '@strata/weather';\nexport default x;\n`;
    expect(await ruleIds('packages/core/src/x.ts', code)).toContain('no-restricted-imports');
    // Not from another domain either (see below): the apps are where domains meet.
    expect(await ruleIds('apps/weather-api/src/x.ts', code)).toEqual([]);
  });

  it('keeps domains apart: a domain package imports no other domain', async () => {
    const weather = `import x from '@strata/weather';\nexport default x;\n`;
    expect(await ruleIds('packages/drug/src/x.ts', weather)).toContain('no-restricted-imports');
    expect(await ruleIds('packages/timeseries/src/x.ts', weather)).toContain('no-restricted-imports');
    expect(await ruleIds('packages/weather/src/x.ts', weather)).toEqual([]);
    expect(await ruleIds('apps/gateway/src/x.ts', weather)).toEqual([]);
    const drugNode = `import x from '@strata/drug/node';\nexport default x;\n`;
    expect(await ruleIds('packages/timeseries/src/x.ts', drugNode)).toContain('no-restricted-imports');
    // The homes of confined dependencies inside a domain keep the rule too.
    expect(await ruleIds('packages/weather/src/sources/x.ts', drugNode)).toContain('no-restricted-imports');
    expect(await ruleIds('packages/drug/src/x.ts', drugNode)).toEqual([]);
  });

  it('catches a relative path two levels out of a package, and allows two levels inside one', async () => {
    const out = (path: string) => `import x from '${path}';\nexport default x;\n`;
    for (const path of ['../../weather/src/index.js', '../../core/dist/node.js'])
      expect(await ruleIds('packages/drug/src/x.ts', out(path))).toContain('no-restricted-imports');
    expect(await ruleIds('apps/drug-api/src/x.ts', out('../../drug-api/src/app.js'))).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('packages/core/src/a/b/x.ts', out('../../index.js'))).toEqual([]);
    expect(await ruleIds('packages/timeseries/src/models/arima/x.ts', out('../../stats/stl.js'))).toEqual([]);
  });

  it('holds files, functions and parameter lists to the sizes the code keeps', async () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `  x += ${i};`).join('\n');
    const file = (n: number) => Array.from({ length: n }, (_, i) => `export const a${i} = ${i};`).join('\n');
    expect(await ruleIds('packages/core/src/x.ts', `${file(301)}\n`)).toContain('max-lines');
    // Comments and blank lines do not count: TSDoc is house style.
    expect(await ruleIds('packages/core/src/x.ts', `/** doc */\n\n${file(300)}\n`)).toEqual([]);
    const fn = (n: number) => `export function f(): number {\n  let x = 0;\n${lines(n)}\n  return x;\n}\n`;
    expect(await ruleIds('apps/drug-api/src/x.ts', fn(117))).toContain('max-lines-per-function');
    expect(await ruleIds('apps/drug-api/src/x.ts', fn(116))).toEqual([]);
    expect(await ruleIds('apps/drug-api/src/x.test.ts', fn(117))).toEqual([]);
    const params = (n: number) => {
      const names = Array.from({ length: n }, (_, i) => `p${i}`);
      return `export const f = (${names.map((p) => `${p}: number`).join(', ')}) => ${names.join(' + ')};\n`;
    };
    expect(await ruleIds('packages/weather/src/x.ts', params(7))).toContain('max-params');
    expect(await ruleIds('packages/weather/src/x.ts', params(6))).toEqual([]);
  });

  it('reads process.env only in an app config.ts', async () => {
    const code = `export const port = process.env.PORT;\n`;
    expect(await ruleIds('packages/core/src/x.ts', code)).toContain('no-restricted-properties');
    expect(await ruleIds('apps/gateway/src/server.ts', code)).toContain('no-restricted-properties');
    expect(await ruleIds('apps/gateway/src/config.ts', code)).toEqual([]);
    const destructured = `import { env } from 'node:process';\nexport const port = env.PORT;\n`;
    expect(await ruleIds('packages/core/src/x.ts', destructured)).toContain('no-restricted-imports');
  });
});
