import { InvalidArgumentError, isStrataError } from '@strata/core';
import {
  screenColumns,
  screenOptions,
  type RDKit,
  type ScreenColumn,
  type ScreenOptions,
} from '@strata/drug';
import { route, type RouteSpec } from '@strata/service';
import { checkOptionMolecules } from './option-molecules.js';
import type { PropertyModelChoice } from './property-models.js';
import { ASPIRIN, MOLECULE_ERRORS } from './doc-examples.js';
import { screenCheckRequest, screenCheckResponse } from './schemas.js';

/** What a screen's options are checked against. */
export interface OptionChecks {
  readonly rdkit: RDKit;
  /** The property models of this server. */
  readonly propertyModels: readonly PropertyModelChoice[];
}

/** A screen's options with their defaults, and the columns it will write (labelled). */
export interface CheckedOptions {
  readonly options: ScreenOptions;
  readonly columns: ScreenColumn[];
}

/** `screenOptions`, its error naming the field under `field` as the request sent it. */
function parsed(input: unknown, field: string): ScreenOptions {
  try {
    return screenOptions(input);
  } catch (err) {
    if (!isStrataError(err, 'INVALID_ARGUMENT')) throw err;
    const argument = String((err.context as { argument?: unknown }).argument);
    // `options` itself (not an object) is the field as sent; anything else is a path inside it.
    const path = argument === 'options' ? field : `${field}.${argument}`;
    throw new InvalidArgumentError(path, err.message, { cause: err });
  }
}

/**
 * Checks a screen's options before any work starts, as a screen, a scoring request and the console's
 * form all do: every field valid, each property model one this server has (and fed as it was trained:
 * standardised or not), an explicit ranking column that the screen writes and that holds numbers, and
 * query molecules and alert SMARTS that RDKit reads. A failure is a 400 naming its field under `field`
 * (`body.options.models.0`, `query.options.rank.by`), not a job that fails seconds later.
 */
export async function checkScreenOptions(
  checks: OptionChecks,
  input: unknown,
  field: string,
): Promise<CheckedOptions> {
  const options = parsed(input, field);
  const known = new Map(checks.propertyModels.map((m) => [m.id, m]));
  const models = options.models.map((id, i) => {
    const model = known.get(id);
    if (!model)
      throw new InvalidArgumentError(
        `${field}.models.${i}`,
        `no property model "${id}"; there are ${[...known.keys()].join(', ') || 'none'}`,
      );
    if (model.spec.standardise !== options.standardise)
      throw new InvalidArgumentError(
        `${field}.standardise`,
        `model "${id}" takes features of the ${model.spec.standardise ? 'standardised parent' : 'molecule as given'}: set standardise to ${model.spec.standardise}`,
      );
    return { id, spec: model.spec };
  });
  const columns = screenColumns(options, models);
  const rank = options.rank?.by;
  if (rank !== undefined && !columns.some((c) => c.name === rank && (c.type === 'float' || c.type === 'int')))
    throw new InvalidArgumentError(
      `${field}.rank.by`,
      `cannot rank by "${rank}": the numeric columns of this screen are ${columns
        .filter((c) => c.type === 'float' || c.type === 'int')
        .map((c) => c.name)
        .join(', ')}`,
    );
  await checkOptionMolecules(checks.rdkit, options, field);
  return { options, columns };
}

/** `POST /v1/screen-options/check`: what a form asks as its user types, before any molecule is sent. */
export function checkOptionsRoute(checks: OptionChecks): RouteSpec {
  return route({
    method: 'post',
    path: '/v1/screen-options/check',
    summary: 'Check a screen’s options as a screen would, before sending its molecules',
    description:
      'Answers 200 with the columns the screen would write, or the 400 a screen with these options would get, naming the field (`body.options.queries.0.smiles`): models this server has, a numeric ranking column, query molecules and alert SMARTS that RDKit reads.',
    tags: ['screens'],
    body: screenCheckRequest,
    response: screenCheckResponse,
    errors: MOLECULE_ERRORS,
    example: {
      body: {
        options: {
          queries: [{ id: 'aspirin', smiles: ASPIRIN }],
          alerts: [{ name: 'ester', smarts: 'C(=O)O[#6]' }],
          rank: { by: 'similarity' },
        },
      },
    },
    handler: async ({ body }) => ({
      valid: true as const,
      columns: (await checkScreenOptions(checks, body.options, 'body.options')).columns,
    }),
  });
}
