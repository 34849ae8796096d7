import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { arrowBytesToTable } from '@strata/core';
import { type JobInfo, type JobQueue } from '@strata/jobs';
import { screenColumns, screenOptionsSchema, type RDKit } from '@strata/drug';
import type { ScreenJobInput, ScreenJobResult } from '@strata/drug/node';
import {
  HttpError,
  jobView,
  route,
  sendTable,
  viewOf,
  type ResultsHandler,
  type RouteSpec,
} from '@strata/service';
import { checkScreenOptions } from './check-options.js';
import type { MoleculeLibrary } from './libraries.js';
import type { PropertyModelChoice } from './property-models.js';
import { screenRequest, type ResultColumn, type ScreenSummary } from './schemas.js';

const FILE_TYPES = [
  'text/plain',
  'text/csv',
  'text/tab-separated-values',
  'chemical/x-mdl-sdfile',
  'application/gzip',
  'application/x-gzip',
  'application/octet-stream',
];

const screenQuery = z.object({
  format: z
    .enum(['smiles', 'csv', 'tsv', 'sdf'])
    .optional()
    .describe('The file’s format. @defaultValue from its content'),
  smilesColumn: z.string().max(100).optional(),
  idColumn: z.string().max(100).optional(),
  options: z.string().max(100_000).optional().describe('The pipeline options as JSON (with a file upload).'),
  name: z.string().max(200).optional(),
});

/** The options of a file upload's screen, as JSON in the query; a 400 on `query.options` when not JSON. */
function optionsOfQuery(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError('VALIDATION_FAILED', 'query.options: not valid JSON', {
      extra: { field: 'query.options' },
    });
  }
}

/** Screening jobs over HTTP: submit a file, a bundled library or SMILES; fetch sorted results. */
export function screenRoutes(options: {
  queue: JobQueue;
  libraries: ReadonlyMap<string, MoleculeLibrary>;
  uploadsDir: string;
  modelsDir: string;
  maxUploadBytes: number;
  /** Reads the options' query molecules and alerts before a job is queued. */
  rdkit: RDKit;
  /** The property models options may name, checked before a job is queued. */
  propertyModels: readonly PropertyModelChoice[];
}): RouteSpec[] {
  const { queue, libraries, uploadsDir, modelsDir } = options;
  const summary = screenSummary(options.propertyModels);
  return [
    route({
      method: 'post',
      path: '/v1/screens',
      summary:
        'Screen a molecule file (SMILES, CSV, TSV or SD, gzipped or not), a bundled library or SMILES as a job',
      description:
        'Upload the file as the body (options as JSON in `?options=`), or send JSON `{library | molecules, options}`. ' +
        'Answers 202 with the job; follow it at its `events` link, fetch rows at `results` sorted by the ranking column.',
      tags: ['screens', 'jobs'],
      query: screenQuery,
      body: screenRequest,
      // Readers tell the format (and gzip) from the content, so the file needs no extension.
      upload: {
        types: FILE_TYPES,
        maxBytes: options.maxUploadBytes,
        description: 'A molecule file',
        keep: true,
      },
      status: 202,
      response: jobView,
      // Options refused before the job is queued; a job queue that is full or closing.
      errors: ['INVALID_ARGUMENT', 'MOLECULE_TOO_LARGE', 'QUEUE_FULL', 'SHUTTING_DOWN'],
      example: {
        body: {
          molecules: [
            'CC(=O)Oc1ccccc1C(=O)O aspirin',
            'CN1C=NC2=C1C(=O)N(C(=O)N2C)C caffeine',
            'O=C(O)c1ccccc1O',
          ],
          options: { queries: [{ id: 'salicylic acid', smiles: 'O=C(O)c1ccccc1O' }], sa: false },
          name: 'example screen',
        },
        upload: {
          type: 'text/plain',
          text: 'CC(=O)Oc1ccccc1C(=O)O aspirin\nCN1C=NC2=C1C(=O)N(C(=O)N2C)C caffeine\n',
        },
      },
      handler: async ({ query, body, upload, res }) => {
        let input: ScreenJobInput;
        let name: string | undefined;
        // The upload, or the file of pasted molecules, is the job's: removed with it.
        let owned: string | undefined;
        if (upload) {
          owned = upload.path;
          const parsed = optionsOfQuery(query.options);
          const { options: screen } = await checkScreenOptions(options, parsed, 'query.options');
          input = {
            input: upload.path,
            // Its sender's name for it, not the random one it is stored under, in every message.
            inputName: upload.label,
            options: screen as NonNullable<ScreenJobInput['options']>,
            ...(query.format ? { format: query.format } : {}),
            ...(query.smilesColumn ? { smilesColumn: query.smilesColumn } : {}),
            ...(query.idColumn ? { idColumn: query.idColumn } : {}),
          };
          // A job is known by its file where its client named neither.
          name = query.name ?? upload.name ?? undefined;
        } else {
          const b = body as z.infer<typeof screenRequest>;
          if ((b.library === undefined) === (b.molecules === undefined))
            throw new HttpError('VALIDATION_FAILED', 'body.library: give either a library or molecules', {
              extra: { field: 'body.library' },
            });
          const { options: screen } = await checkScreenOptions(options, b.options, 'body.options');
          let file: string;
          if (b.library !== undefined) {
            const library = libraries.get(b.library);
            if (!library)
              throw new HttpError(
                'VALIDATION_FAILED',
                `body.library: no library "${b.library}"; there are ${[...libraries.keys()].join(', ')}`,
                {
                  extra: { field: 'body.library' },
                },
              );
            file = library.file;
          } else {
            await mkdir(uploadsDir, { recursive: true });
            file = join(uploadsDir, `${randomUUID()}.smi`);
            await writeFile(file, `${b.molecules!.join('\n')}\n`);
            owned = file;
          }
          input = {
            input: file,
            inputName: b.library ?? 'the molecules sent',
            options: screen as NonNullable<ScreenJobInput['options']>,
            // One molecule per entry: a first entry "smiles" is a molecule to screen, not a header.
            ...(b.molecules !== undefined ? { header: false } : {}),
          };
          name = b.name;
        }
        const job = await queue
          .submit({
            kind: 'drug.screen',
            input: { ...input, modelsDir },
            ...(name ? { name } : {}),
            ...(owned ? { files: [owned] } : {}),
          })
          .catch(async (err: unknown) => {
            // The kit removes a refused upload; a file written here from pasted molecules is this route's.
            if (owned && !upload) await rm(owned, { force: true });
            throw err;
          });
        res.location(`v1/jobs/${job.id}`);
        return viewOf(job, summary);
      },
    }),
  ];
}

/**
 * The described columns of a screen's stored options; none when they no longer parse (a job from an older
 * version or another client), so that viewing a finished job never fails on its description.
 */
function describedColumns(
  stored: ScreenJobInput['options'],
  specs: ReadonlyMap<string, PropertyModelChoice['spec']>,
): ResultColumn[] {
  const parsed = screenOptionsSchema.safeParse(stored ?? {});
  if (!parsed.success) return [];
  const models = parsed.data.models.flatMap((id) => {
    const spec = specs.get(id);
    return spec ? [{ id, spec }] : [];
  });
  return screenColumns(parsed.data, models);
}

/**
 * What clients see of a finished screen: its counts, and its columns with their labels and units, as
 * its options and this server's property models describe them.
 */
export function screenSummary(
  propertyModels: readonly PropertyModelChoice[],
): (job: JobInfo) => ScreenSummary {
  const specs = new Map(propertyModels.map((m) => [m.id, m.spec]));
  return (job) => {
    const r = job.result as ScreenJobResult;
    const described = new Map<string, ResultColumn>(
      describedColumns((job.input as ScreenJobInput | null)?.options, specs).map((c) => [c.name, c]),
    );
    // A column of a model this server no longer has, or of options it no longer reads, keeps its name as its label.
    const columns = r.columns.map(
      (name) => described.get(name) ?? { name, type: 'float' as const, label: name },
    );
    return { rows: r.rows, failed: r.failed, columns, rdkit: r.rdkit };
  };
}

/** A finished screen's rows, sorted by its ranking column unless another is asked for. */
export const screenResults: ResultsHandler = async (job, query, ctx) => {
  const r = job.result as ScreenJobResult;
  // A job whose record was rebuilt from the journal has lost its input (null), and its options with it.
  const rank = (job.input as ScreenJobInput | null)?.options?.rank;
  const table = arrowBytesToTable(await readFile(r.output));
  sendTable(ctx.res, table, query, {
    accept: ctx.req.get('accept'),
    filename: `screen-${job.id}`,
    ...(rank ? { defaultSort: { column: rank.by, order: rank.ascending ? 'asc' : 'desc' } } : {}),
  });
  return undefined;
};
