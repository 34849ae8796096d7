// The data of the ERA5 UK 2 m temperature model, read and laid out by the same @strata/weather code that
// serves it: the training script, the held-out evaluation and the test all go through here.
import { fileURLToPath } from 'node:url';
import { initialState, type GridModelSpec, type GridState } from '@strata/weather';
import { openGridFile } from '@strata/weather/node';

/** The model's grid and tensors: the 0.25° ERA5 UK window (58..50 N, 10 W..2 E), 2 m temperature, a diurnal forcing. */
export const SPEC: GridModelSpec = {
  stepHours: 1,
  grid: {
    latitudeFirst: 58,
    latitudeLast: 50,
    latitudes: 33,
    longitudeFirst: 350,
    longitudes: 49,
    longitudeStep: 0.25,
  },
  tensors: [{ input: 'input_surface', output: 'output_surface', variables: ['t2m'] }],
  forcings: [{ input: 'diurnal', kind: 'diurnal' }],
};

/** Hours 0..575 (1-24 March 2019) train the model; 576..743 (25-31 March) are held out. */
export const FIRST_HELD_OUT = 576;

/** ERA5 hourly 2 m temperature over the UK, March 2019 (the shared reference data, beside the project). */
export const DATA_FILE = fileURLToPath(
  new URL('../../../shared/datasets/weather/era5-t2m-uk-2019-03.nc', import.meta.url),
);

/** Every hour of the file as model states, with their valid times. */
export async function loadStates(): Promise<{ times: number[]; states: GridState[] }> {
  const source = await openGridFile(DATA_FILE);
  const times = source.describe('t2m').times.map((t) => t!);
  const states: GridState[] = [];
  for (const t of times) states.push(await initialState(source, SPEC, new Date(t)));
  source.close();
  return { times, states };
}
