/** CF metadata of the ERA5 variables Strata's models use, by ERA5 short name. */
export interface VariableMeta {
  readonly units: string;
  readonly longName: string;
  readonly standardName?: string;
}

/** Units and names written to forecast files; raw SI units, as ERA5 and Pangu-Weather use them. */
export const ERA5_VARIABLES: Readonly<Record<string, VariableMeta>> = {
  z: { units: 'm**2 s**-2', longName: 'Geopotential', standardName: 'geopotential' },
  q: { units: 'kg kg**-1', longName: 'Specific humidity', standardName: 'specific_humidity' },
  t: { units: 'K', longName: 'Temperature', standardName: 'air_temperature' },
  u: { units: 'm s**-1', longName: 'U component of wind', standardName: 'eastward_wind' },
  v: { units: 'm s**-1', longName: 'V component of wind', standardName: 'northward_wind' },
  msl: { units: 'Pa', longName: 'Mean sea level pressure', standardName: 'air_pressure_at_mean_sea_level' },
  u10: { units: 'm s**-1', longName: '10 metre U wind component', standardName: 'eastward_wind' },
  v10: { units: 'm s**-1', longName: '10 metre V wind component', standardName: 'northward_wind' },
  t2m: { units: 'K', longName: '2 metre temperature', standardName: 'air_temperature' },
};

/** Metadata of a variable, with a neutral fallback for names outside the table. */
export function variableMeta(name: string): VariableMeta {
  return ERA5_VARIABLES[name] ?? { units: '1', longName: name };
}
