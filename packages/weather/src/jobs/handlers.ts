/** The weather package's job handlers, by kind, for a `JobQueue`'s `handlers` option. */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export const WEATHER_JOBS: Readonly<Record<'weather.rollout', URL>> = {
  'weather.rollout': new URL(`./rollout.job${ext}`, import.meta.url),
};
