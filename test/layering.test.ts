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
    ['netcdfjs', 'packages/weather/src/grid/x.ts', 'packages/weather/src/sources/x.ts'],
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
    expect(await ruleIds('packages/drug/src/x.ts', code)).toEqual([]);
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
