import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { modelsDir as MODELS } from '@strata/models';
import { designJobInput } from './design-args.js';
import { library, strata } from './testing/strata-process.js';

const CELECOXIB = 'Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1';

describe('strata design', () => {
  it('maps its flags onto the design job, and says what is wrong with a bad one', () => {
    const { dir, file } = library(3);
    const { input } = designJobInput(
      [
        '--similar-to',
        CELECOXIB,
        '--qed',
        '--no-pains',
        '--seeds',
        'library.smi',
        '--budget',
        '500',
        '--seed',
        '3',
      ],
      { modelsDir: MODELS, cwd: dir },
    );
    expect(input.options).toEqual({
      objective: {
        terms: [{ kind: 'similarity', targets: [CELECOXIB] }, { kind: 'qed' }],
        constraints: { noPains: true },
      },
      seeds: { library: file },
      budget: 500,
      seed: 3,
    });
    expect(input.outputDir).toBe(join(dir, 'design-results'));
    const lead = designJobInput(['--sa', '--lead', 'c1ccccc1O', '--min-similarity', '0.6'], {
      modelsDir: MODELS,
    });
    expect(lead.input.options).toMatchObject({ lead: { smiles: 'c1ccccc1O', minSimilarity: 0.6 } });
    expect(designJobInput(['--qed'], { modelsDir: MODELS }).input.options).toMatchObject({
      seeds: { generate: { count: 1000 } },
    });
    const objective = JSON.stringify({
      terms: [
        { kind: 'descriptor', name: 'CrippenClogP', desirability: { goal: 'target', value: 2, sigma: 1 } },
      ],
    });
    expect(designJobInput(['--objective', objective], { modelsDir: MODELS }).input.options.objective).toEqual(
      JSON.parse(objective),
    );
    const bad = (args: string[]) => () => designJobInput(args, { modelsDir: MODELS, cwd: dir });
    expect(bad([])).toThrow(/say what to design for/);
    expect(bad(['--qed', '--objective', objective])).toThrow(/not both/);
    expect(bad(['--qed', '--budget', '0'])).toThrow(/--budget must be a whole number >= 1/);
    expect(bad(['--qed', '--lead', 'CCO', '--seeds', 'library.smi'])).toThrow(
      /one of --seeds, --generate and --lead/,
    );
    expect(bad(['--qed', '--seeds', 'missing.smi'])).toThrow(/missing.smi: no such file/);
    expect(bad(['--objective', '{"terms": [{"kind": "descriptor", "name": "LogP"}]}'])).toThrow(
      /objective.terms.0/,
    );
    expect(bad(['--objective', '{"terms": ['])).toThrow(/--objective is not JSON/);
  });

  it('designs toward a target with a progress bar, writes the best molecules, and resumes after Ctrl-C', async () => {
    const { dir } = library(200);
    const args = [
      'design',
      '--similar-to',
      CELECOXIB,
      '--seeds',
      'library.smi',
      '--budget',
      '1200',
      '--workers',
      '1',
    ];
    let stopped = false;
    const first = await strata(args, dir, (err, kill) => {
      // Stopped once a generation has been checkpointed.
      if (!stopped && /designing .*\b[1-9]\d*%/.test(err)) {
        stopped = true;
        kill('SIGINT');
      }
    });
    expect(first.code).toBe(130);
    const second = await strata(args, dir);
    expect(second.err).toMatch(/resuming an unfinished design/);
    expect(second.err).toMatch(/designing .*100%/);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/generations, 1,2\d\d molecules scored \(and 200 seeds\)/);
    const rows = readFileSync(join(dir, 'design-results', 'results.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(rows[0]).toMatch(/^rank,smiles,score/);
    expect(rows.length).toBeGreaterThan(50);
    const scores = tableFromIPC(readFileSync(join(dir, 'design-results', 'results.arrow'))).getChild(
      'score',
    )!;
    const values = Array.from(scores.toArray() as Float64Array);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(second.out).toContain(rows[1]!);
  });
});
