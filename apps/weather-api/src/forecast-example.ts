import { initialTimes } from '@strata/weather';
import { openGridFile } from '@strata/weather/node';
import type { WeatherModel } from './catalog.js';
import type { ForecastRequest } from './schemas.js';

/**
 * A forecast request this server runs as it stands, for the OpenAPI document (Swagger UI's "Try it
 * out" sends it): the first dataset some model can start from, at its first initial time, one step
 * ahead. None when no dataset fits a model (then the document has no example to offer).
 */
export async function forecastExample(
  models: ReadonlyMap<string, WeatherModel>,
  datasets: ReadonlyMap<string, string>,
): Promise<ForecastRequest | undefined> {
  for (const [id, file] of datasets) {
    // A file the server cannot read is no example; GET /v1/datasets says why.
    const source = await openGridFile(file, { name: id }).catch(() => null);
    if (!source) continue;
    try {
      for (const m of models.values()) {
        const [first] = initialTimes(source, m.spec).times;
        if (first !== undefined)
          return { model: m.id, dataset: id, init: new Date(first).toISOString(), leads: [m.spec.stepHours] };
      }
    } finally {
      source.close();
    }
  }
  return undefined;
}
