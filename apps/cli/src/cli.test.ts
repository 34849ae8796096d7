import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { modelsDir as MODELS } from '@strata/models';
import { progressLine } from './progress.js';
import { cliJobsDir } from './local-job.js';
import { screenJobInput, UsageError } from './screen-args.js';
import { library, strata } from './testing/strata-process.js';

describe('strata screen', () => {
  it('maps its options onto the screening job, and says what is wrong with a bad one', () => {
    const { file } = library(3);
    const { input } = screenJobInput(
      [
        file,
        '--query',
        'CCO',
        '--top',
        '7',
        '--rules',
        'lipinski,egan',
        '--models',
        'none',
        '--no-sa',
        '--alert',
        'nitro=[N+](=O)[O-]',
        '--workers',
        '1',
      ],
      { modelsDir: MODELS },
    );
    expect(input).toMatchObject({
      input: file,
      workers: 1,
      options: {
        topK: 7,
        rules: ['lipinski', 'egan'],
        models: [],
        sa: false,
        queries: [{ id: 'query1', smiles: 'CCO' }],
        alerts: [{ name: 'nitro', smarts: '[N+](=O)[O-]' }],
      },
    });
    expect(screenJobInput([file], { modelsDir: MODELS }).input.options!.models).toEqual([
      'esol-solubility',
      'tox21-toxicity',
    ]);
    // Relative paths start where the user is (npm run passes it as INIT_CWD), not in the project root.
    const relative = screenJobInput(['library.smi', '--out', 'hits'], {
      modelsDir: MODELS,
      cwd: dirname(file),
    });
    expect(relative.input).toMatchObject({ input: file, outputDir: join(dirname(file), 'hits') });
    expect(() => screenJobInput([], { modelsDir: MODELS })).toThrow(UsageError);
    expect(() => screenJobInput(['no-such.smi'], { modelsDir: MODELS })).toThrow(/no-such.smi: no such file/);
    expect(() => screenJobInput([file, '--top', 'many'], { modelsDir: MODELS })).toThrow(
      /--top must be a whole number >= 0/,
    );
    expect(() => screenJobInput([file, '--alert', 'oops'], { modelsDir: MODELS })).toThrow(/NAME=SMARTS/);
    // The reader limits, for a file genuinely that big.
    const raised = ['--max-decompressed-gb', '64', '--max-ratio', '500', '--max-line-kb', '1024'];
    expect(screenJobInput([file, ...raised], { modelsDir: MODELS }).input.limits).toEqual({
      maxDecompressedBytes: 64 * 2 ** 30,
      maxCompressionRatio: 500,
      maxLineBytes: 2 ** 20,
    });
    expect(screenJobInput([file], { modelsDir: MODELS }).input.limits).toBeUndefined();
    expect(() => screenJobInput([file, '--max-ratio', '0'], { modelsDir: MODELS })).toThrow(
      /--max-ratio must be a whole number >= 1, got "0"/,
    );
  });

  it('draws a progress line with count, rate and time left', () => {
    expect(progressLine('screening', { done: 250, total: 1000, rate: 50, etaSeconds: 15 }, 10)).toBe(
      'screening  [###.......] 25%  250/1,000  50/s  ETA 15 s',
    );
    expect(progressLine('screening', { done: 1000, total: 1000, rate: 50, etaSeconds: 0 }, 10)).toBe(
      'screening  [##########] 100%  1,000/1,000  50/s',
    );
  });

  it.each([
    ['Ctrl-C', 'SIGINT'],
    ['a kill -9', 'SIGKILL'],
  ] as const)(
    'screens a file, and after %s the same command resumes with no row lost or repeated',
    async (_how, signal) => {
      const { dir, file } = library(600);
      const args = [
        'screen',
        file,
        '--workers',
        '1',
        '--batch',
        '25',
        '--models',
        'none',
        '--no-sa',
        '--top',
        '3',
      ];
      let stopped = false;
      const first = await strata(args, dir, (err, kill) => {
        if (!stopped && /\b(1\d\d|[2-5]\d\d)\/600\b/.test(err)) {
          stopped = true;
          kill(signal);
        }
      });
      if (signal === 'SIGINT') {
        expect(first.code).toBe(130);
        expect(first.err).toMatch(/can be resumed with the same command/);
      } else expect(first.code).toBeNull(); // killed outright: no chance to checkpoint or close
      const second = await strata(args, dir);
      expect(second.err).toMatch(/resuming an unfinished screening/);
      expect(second.code).toBe(0);
      expect(second.out).toMatch(/screened 600 molecules \(0 failed\)/);
      const table = tableFromIPC(readFileSync(join(dir, 'screen-results', 'results.arrow')));
      expect(Array.from(table.getChild('position')!.toArray() as Int32Array)).toEqual(
        Array.from({ length: 600 }, (_, i) => i + 1),
      );
      expect(
        readFileSync(join(dir, 'screen-results', 'top-k.csv'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(4);
    },
  );

  it('runs beside a gateway on the same state directory, and says what to do beside another screen', async () => {
    const { dir, file } = library(5);
    const args = ['screen', file, '--models', 'none', '--no-sa'];
    // What `npm start` in the same directory holds: its job queue, locked by a live process.
    const gateway = await EmbeddedJobQueue.open({
      dir: join(dir, '.strata', 'jobs'),
      handlers: {},
      workers: 1,
    });
    const beside = await strata(args, dir);
    expect(beside.code).toBe(0);
    expect(beside.out).toMatch(/screened 5 molecules/);
    // Another screen running on the same state directory: refused with what to do.
    const other = await EmbeddedJobQueue.open({
      dir: cliJobsDir(join(dir, '.strata')),
      handlers: {},
      workers: 1,
    });
    const refused = await strata(args, dir);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/another strata command is running there.*STRATA_STATE_DIR/);
    await other.close();
    await gateway.close();
  });

  it('fails with the reason when the options are wrong', async () => {
    const { dir, file } = library(5);
    const bad = await strata(['screen', file, '--rules', 'lipinsky'], dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/rules\.0/);
  });

  it('fails a gzip bomb naming the limit and the flag that raises it', async () => {
    const { dir } = library(1);
    const bomb = join(dir, 'bomb.smi.gz');
    writeFileSync(bomb, Buffer.concat(Array<Buffer>(100).fill(gzipSync(Buffer.alloc(2 ** 20, 'C')))));
    const run = await strata(['screen', bomb, '--models', 'none', '--no-sa'], dir);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /the screening failed: bomb.smi.gz: the gzip input decompresses to more than 200 times/,
    );
    expect(run.err).toMatch(/raise the limit with --max-ratio/);
  });
});

describe('strata worker', () => {
  it('says what is missing: the Redis to take jobs from, or a domain it knows', async () => {
    const { dir } = library(1);
    const none = await strata(['worker'], dir);
    expect(none.code).toBe(2);
    expect(none.err).toContain('STRATA_JOBS is not set');
    const unknown = await strata(['worker', '--domains', 'drug,chemistry'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--domains: no domain "chemistry"; there are drug, timeseries, weather');
  });
});
