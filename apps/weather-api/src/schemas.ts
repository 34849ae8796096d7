import { z } from 'zod';

/** `GET /v1/models`: the grid models. */
export const modelsResponse = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      version: z.string(),
      description: z.string(),
      stepHours: z.number(),
      grid: z.unknown().describe('The model’s grid (latitudes, longitudes, first values and steps).'),
      variables: z.array(z.object({ name: z.string(), levels: z.array(z.number()).nullable() })),
    }),
  ),
});
export type ModelsResponse = z.infer<typeof modelsResponse>;

/** `GET /v1/datasets`: initial-state files and what they hold. */
export const datasetsResponse = z.object({
  datasets: z.array(
    z.object({
      id: z.string(),
      format: z.string(),
      variables: z.array(
        z.object({ name: z.string(), units: z.string().nullable(), levels: z.array(z.number()).nullable() }),
      ),
      times: z.array(z.string()).describe('The times it holds (ISO 8601, UTC).'),
      models: z
        .array(
          z.object({
            id: z.string().describe('A model id (GET /v1/models).'),
            initTimes: z
              .array(z.string())
              .describe('The times it can start from (ISO 8601, UTC): those with every field it needs.'),
            reason: z.string().nullable().describe('Why it can start from none of them, else null.'),
          }),
        )
        .describe('What each model can start a forecast from in this dataset.'),
    }),
  ),
});
export type DatasetsResponse = z.infer<typeof datasetsResponse>;

/** `POST /v1/forecasts` as JSON: a model rolled out from a time of a dataset on the server. */
export const forecastRequest = z.object({
  model: z.string().describe('A model id (GET /v1/models).'),
  dataset: z.string().describe('An initial-state dataset id (GET /v1/datasets).'),
  init: z
    .string()
    .max(40)
    .optional()
    .describe(
      'The initial time (ISO 8601, UTC): one of the model’s `initTimes` in the dataset (GET /v1/datasets). @defaultValue the first of them',
    ),
  leads: z
    .array(
      z
        .number()
        .int()
        .min(1)
        .max(24 * 30),
    )
    .min(1)
    .max(240)
    .optional(),
  variables: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Variables to keep in the forecast. @defaultValue all'),
  levels: z
    .array(z.number().positive())
    .min(1)
    .optional()
    .describe('Pressure levels to keep (hPa). @defaultValue all'),
  name: z.string().max(200).optional(),
});
export type ForecastRequest = z.input<typeof forecastRequest>;

/** `GET /v1/forecasts/{id}/point`: a forecast's series at one grid point. */
export const pointResponse = z.object({
  variable: z.string(),
  units: z.string().nullable(),
  latitude: z.number().describe('The grid point’s latitude.'),
  longitude: z.number(),
  leads: z.array(z.number()),
  times: z.array(z.string()),
  values: z.array(z.number().nullable()),
});
export type PointResponse = z.infer<typeof pointResponse>;

/** The `summary` of a finished forecast job: what fields it has. */
// A type, not an interface, so it is assignable to the job kit's Json.
export type ForecastSummary = {
  model: string;
  /** The initial time, ISO 8601 UTC. */
  init: string;
  /** Lead hours. */
  leads: number[];
  /** The kept variables, with their pressure levels (null for surface variables). */
  variables: { name: string; levels: number[] | null }[];
};
