import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { arrowBytesToTable } from '@strata/core';
import type { JobInfo, JobQueue } from '@strata/jobs';
import { designOptions, designOptionsSchema, type DesignOptionsInput } from '@strata/drug';
import { readGenerations, type DesignJobInput, type DesignJobResult } from '@strata/drug/node';
import {
  jobOfKind,
  jobView,
  route,
  sendTable,
  viewOf,
  type ResultsHandler,
  type RouteSpec,
} from '@strata/service';
import { checkDesignOptions, type DesignChecks } from './design-checks.js';
import { ASPIRIN } from './doc-examples.js';

const designRequest = z.object({
  options: designOptionsSchema.describe(
    'The objective, the seeds (`molecules`, a bundled `library` id, or `generate` from a generator model) or a `lead`, the budget of scored molecules and the GA’s settings.',
  ),
  name: z.string().max(200).optional(),
});

const generationStats = z.object({
  generation: z.number().int(),
  best: z.number(),
  mean: z.number(),
  scored: z.number().int(),
  novel: z.number().int(),
});

const EXAMPLE: DesignOptionsInput = {
  objective: {
    terms: [
      { kind: 'similarity', targets: [ASPIRIN] },
      { kind: 'qed' },
      { kind: 'descriptor', name: 'CrippenClogP', desirability: { goal: 'range', min: 1, max: 3 } },
    ],
    constraints: { noPains: true, rules: ['lipinski'] },
  },
  seeds: { library: 'nci-5k' },
  budget: 2000,
};

/** What a design's view says once it has finished. */
export function designSummary(job: JobInfo): Omit<DesignJobResult, 'output'> {
  const { output: _output, ...rest } = job.result as DesignJobResult;
  return rest;
}

/** A finished design's best molecules, best first unless another order is asked for. */
export const designResults: ResultsHandler = async (job, query, ctx) => {
  const table = arrowBytesToTable(await readFile((job.result as DesignJobResult).output));
  sendTable(ctx.res, table, query, {
    accept: ctx.req.get('accept'),
    filename: `design-${job.id}`,
    defaultSort: { column: 'score', order: 'desc' },
  });
  return undefined;
};

/** Design jobs over HTTP: start one, follow its generations. */
export function designRoutes(deps: DesignChecks & { queue: JobQueue; modelsDir: string }): RouteSpec[] {
  const { queue } = deps;
  return [
    route({
      method: 'post',
      path: '/v1/designs',
      summary:
        'Design molecules against an objective (a job: Graph GA, or lead optimisation from one molecule)',
      description:
        'Answers 202 with the job. Follow it at its `events` link (progress counts scored molecules against the budget); ' +
        '`GET /v1/designs/{id}/generations` gives each generation’s best and mean score; its `results` are the best molecules ' +
        '(rank, smiles, score, each term’s value, parents, generation) as JSON pages, CSV, Arrow or Parquet. ' +
        'Bad options (an unknown descriptor or model, a target RDKit cannot read, a zero budget) are a 400 naming the field.',
      tags: ['design', 'jobs'],
      body: designRequest,
      status: 202,
      response: jobView,
      errors: ['INVALID_ARGUMENT', 'MOLECULE_TOO_LARGE', 'QUEUE_FULL', 'SHUTTING_DOWN'],
      example: { body: { options: EXAMPLE, name: 'aspirin-like, drug-like' } },
      handler: async ({ body, res }) => {
        const options = designOptions(body.options);
        await checkDesignOptions(deps, options, 'body.options');
        const seeds = body.options.seeds;
        // A library is named by id over HTTP; the job reads its file.
        const input: DesignJobInput = {
          options: {
            ...body.options,
            ...(seeds && 'library' in seeds
              ? { seeds: { library: deps.libraries.get(seeds.library)!.file, name: seeds.library } }
              : {}),
          } as DesignJobInput['options'],
          modelsDir: deps.modelsDir,
        };
        const job = await queue.submit({
          kind: 'drug.design',
          input,
          ...(body.name ? { name: body.name } : {}),
        });
        res.location(`v1/jobs/${job.id}`);
        return viewOf(job, designSummary);
      },
    }),
    route({
      method: 'get',
      path: '/v1/designs/{id}/generations',
      summary: 'Each generation of a design so far: best and mean score of the population, molecules scored',
      tags: ['design', 'jobs'],
      params: z.object({ id: z.string().min(1).max(128) }),
      response: z.object({ state: jobView.shape.state, generations: z.array(generationStats) }),
      errors: ['JOB_NOT_FOUND'],
      handler: async ({ params }) => {
        const job = await jobOfKind(queue, params.id, ['drug.design'], 'design');
        return { state: job.state, generations: readGenerations(job.resultsLocation) };
      },
    }),
  ];
}
