// Crafted NetCDF files: headers whose counts, sizes, types and offsets lie about the file, files cut
// short, and files that are not what they claim. Each must end as a GRID_FORMAT failure (of the job, or
// a 4xx answer) before anything is allocated from what it claims, sent as a forecast's initial state
// and as an evaluation's truth. The lies are told in small real files, made here from the ERA5 sample.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { expectProblem, type HostileCase, type HostileServer } from '../case.js';
import { asClassic, cutTimes, headerFields, withField, withFloats } from './netcdf-craft.js';

const FORECAST = '/weather/v1/forecasts?model=era5-uk-t2m-1h&init=2019-03-10T00:00:00Z&leads=1';
const NETCDF = { 'content-type': 'application/x-netcdf' };
const weatherFile = (name: string) =>
  readFileSync(new URL(`../../../../shared/datasets/weather/${name}`, import.meta.url));

/** A small, valid NetCDF classic file with a record `time` variable, to be corrupted. */
export const classicFile = (): Buffer =>
  readFileSync(new URL('../../../packages/weather/fixtures/edge-cases.nc', import.meta.url));

/** Posts a file as a forecast's initial state and checks that it fails cleanly, as a job or as a 4xx. */
export async function expectGridRefused(server: HostileServer, file: Buffer, path = FORECAST): Promise<void> {
  const res = await server.post(path, NETCDF, [file]);
  if (res.status === 202) {
    const end = await server.jobEnd('weather', res.body.links as { events: string });
    expect(end).toMatchObject({ state: 'failed', error: { code: 'GRID_FORMAT' } });
    // The message names the file by its own name, never by where the server keeps it.
    expect(JSON.stringify(end)).not.toContain(server.stateDir);
  } else {
    expectProblem(server, res, res.status);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  }
}

/** The file with a big-endian int32 written at `offset`. */
function withInt32(offset: number, value: number): Buffer {
  const file = classicFile();
  new DataView(file.buffer, file.byteOffset).setInt32(offset, value);
  return file;
}

/**
 * Two hours of the ERA5 sample (2019-03-10 00 and 01 UTC, 33 x 49 points, 7.7 KB): the forecast's
 * initial time and its first lead. `record`: time is the record dimension; `classic`: CDF-1.
 */
const makeSample = (layout: { record: boolean; classic: boolean }): Buffer => {
  const cut = cutTimes(weatherFile('era5-t2m-uk-2019-03.nc'), {
    first: 216,
    count: 2,
    record: layout.record,
  });
  return layout.classic ? asClassic(cut) : cut;
};
const SAMPLES = {
  'CDF-2 records': { record: true, classic: false },
  'CDF-2 fixed': { record: false, classic: false },
  'CDF-1 records': { record: true, classic: true },
} as const;
type Sample = keyof typeof SAMPLES;

/** A sample with one header field set to `value`. */
function lie(sample: Sample, field: string, value: number): () => Buffer {
  return () => {
    const bytes = sampleFile(sample);
    const at = headerFields(bytes).fields[field];
    if (!at) throw new Error(`the ${sample} sample has no header field "${field}"`);
    return withField(bytes, at, value);
  };
}
const samples = new Map<Sample, Buffer>();
const sampleFile = (name: Sample) => {
  if (!samples.has(name)) samples.set(name, makeSample(SAMPLES[name]));
  return samples.get(name)!;
};
/** Where a sample's header ends (its first variable's data begin). */
const headerEnd = (name: Sample) => {
  const { fields, variables } = headerFields(sampleFile(name));
  const field = fields[`variable:${variables[0]}:begin`]!;
  return field.offset + field.width;
};

/** Per server: a finished forecast to evaluate against, made once the untouched samples are shown to work. */
const forecasts = new Map<string, Promise<string>>();

/**
 * The id of a finished forecast on this server. First, the untouched samples are a good initial state
 * and a good truth: a lie refused below is refused for the lie, not for something else in the file.
 */
function forecastOn(server: HostileServer): Promise<string> {
  let id = forecasts.get(server.base);
  if (!id) forecasts.set(server.base, (id = untouchedSamplesWork(server)));
  return id;
}

async function untouchedSamplesWork(server: HostileServer): Promise<string> {
  const started = await server.post(FORECAST, NETCDF, [sampleFile('CDF-2 records')]);
  expect(started.status).toBe(202);
  expect(await server.jobEnd('weather', started.body.links as { events: string })).toMatchObject({
    state: 'succeeded',
  });
  const id = started.body.id as string;
  for (const name of Object.keys(SAMPLES) as Sample[]) {
    const res = await server.post(`/weather/v1/evaluations?forecast=${id}`, NETCDF, [sampleFile(name)]);
    expect({ name, status: res.status }).toEqual({ name, status: 200 });
  }
  return id;
}

/**
 * Posts a file as the truth of an evaluation: a 422 GRID_FORMAT problem, and the upload is gone once
 * the answer has ended.
 */
async function expectTruthRefused(server: HostileServer, file: Buffer): Promise<void> {
  const forecast = await forecastOn(server);
  const res = await server.leavesNoUpload(() =>
    server.post(`/weather/v1/evaluations?forecast=${forecast}`, NETCDF, [file]),
  );
  expectProblem(server, res, 422, 'GRID_FORMAT');
}

/** Lies in one header field each: [sample, field, value, what it claims]. */
const LIES: readonly [Sample, string, number, string][] = [
  ['CDF-2 records', 'numrecs', 3, 'a record more than the file holds'],
  ['CDF-2 records', 'numrecs', 0x7fffffff, '2^31 - 1 records'],
  ['CDF-2 records', 'dimensions', 0x7fffffff, '2^31 - 1 dimensions'],
  ['CDF-2 records', 'dimensions', 4, 'one dimension more than it declares'],
  ['CDF-2 records', 'dimension:latitude:length', 0x7fffffff, 'a latitude axis of 2^31 - 1'],
  ['CDF-2 records', 'dimension:latitude:length', 34, 'a latitude longer than its data'],
  ['CDF-2 records', 'dimension:longitude:length', 0, 'a second record dimension'],
  ['CDF-2 records', 'dimension:latitude:name', 0x7fffffff, 'a name of 2^31 - 1 bytes'],
  ['CDF-2 records', 'dimension:latitude:name', 300, 'a name longer than NC_MAX_NAME'],
  ['CDF-2 records', 'dimension:time:name', 0, 'an empty name'],
  ['CDF-2 records', 'attributes', 0x7fffffff, '2^31 - 1 global attributes'],
  ['CDF-2 records', 'attributes', 3, 'one global attribute more than it declares'],
  ['CDF-2 records', 'attribute:history:count', 0x7fffffff, 'an attribute of 2^31 - 1 chars'],
  ['CDF-2 records', 'attribute:history:count', 100_000, 'an attribute longer than the file'],
  ['CDF-2 records', 'attribute:Conventions:type', 0, 'attribute type code 0'],
  ['CDF-2 records', 'attribute:Conventions:type', 11, 'a CDF-5 type code in a CDF-2 file'],
  ['CDF-2 records', 'variables', 0x7fffffff, '2^31 - 1 variables'],
  ['CDF-2 records', 'variables', 5, 'one variable more than it declares'],
  ['CDF-2 records', 'variable:t2m:rank', 0x7fffffff, 'a variable of 2^31 - 1 dimensions'],
  ['CDF-2 records', 'variable:t2m:dim1', 7, 'a dimension id that does not exist'],
  ['CDF-2 records', 'variable:t2m:dim2', -1, 'dimension id -1'],
  ['CDF-2 records', 'variable:t2m:dim1', 2, 'the record dimension second'],
  [
    'CDF-2 records',
    'variable:t2m:attribute:units:count',
    0x7fffffff,
    'a variable attribute of 2^31 - 1 values',
  ],
  ['CDF-2 records', 'variable:t2m:attribute:scale_factor:type', 99, 'variable attribute type code 99'],
  ['CDF-2 records', 'variable:t2m:type', 0, 'variable type code 0'],
  ['CDF-2 records', 'variable:t2m:type', 6, 'shorts declared doubles'],
  ['CDF-2 records', 'variable:t2m:vsize', 0, 'vsize 0'],
  ['CDF-2 records', 'variable:t2m:vsize', 0x7fffffff, 'vsize 2^31 - 1'],
  ['CDF-2 records', 'variable:t2m:vsize', 3240, 'a vsize 4 bytes off'],
  ['CDF-2 records', 'variable:t2m:begin', 2 ** 40, 'a 64-bit begin offset of 2^40'],
  ['CDF-2 records', 'variable:t2m:begin', -8, 'a negative begin offset'],
  ['CDF-2 records', 'variable:t2m:begin', 0, 'data beginning inside the header'],
  ['CDF-2 records', 'variable:t2m:begin', 7_000, 'data running past the end of the file'],
  ['CDF-2 fixed', 'dimension:time:length', 0x7fffffff, 'a fixed time axis of 2^31 - 1'],
  ['CDF-2 fixed', 'dimension:time:length', 3, 'a fixed time axis one step longer than its data'],
  ['CDF-2 fixed', 'variable:latitude:begin', 0, 'latitudes beginning at byte 0'],
  ['CDF-1 records', 'numrecs', 5, 'more records than the file holds'],
  ['CDF-1 records', 'variable:t2m:begin', -4, 'a negative 32-bit begin offset'],
  ['CDF-1 records', 'variable:t2m:begin', 0x7ffffff0, 'a begin offset near 2^31'],
  ['CDF-1 records', 'dimension:latitude:length', 2 ** 20, 'a latitude axis of 2^20'],
  ['CDF-1 records', 'variable:t2m:vsize', 1, 'vsize 1'],
];

/** Coordinates that are no places on the Earth, in an honest header: [what, variable, values]. */
const PLACES: readonly [string, string, number[]][] = [
  ['NaN latitudes', 'latitude', Array<number>(33).fill(NaN)],
  ['one latitude 33 times', 'latitude', Array<number>(33).fill(55)],
  ['latitudes past the poles', 'latitude', [1e30, -1e30]],
  ['an infinite longitude', 'longitude', [350, Infinity]],
];

/** Other files that are not what they claim: [what, the bytes]. */
const OTHERS: readonly [string, () => Buffer][] = [
  ...PLACES.map(([what, variable, values]): [string, () => Buffer] => [
    `CDF-2 records sample with ${what}`,
    () => withFloats(sampleFile('CDF-2 records'), variable, values),
  ]),
  ...(Object.keys(SAMPLES) as Sample[]).flatMap((name): [string, () => Buffer][] => [
    [`${name} cut inside the magic number`, () => sampleFile(name).subarray(0, 3)],
    [`${name} cut inside its dimensions`, () => sampleFile(name).subarray(0, 40)],
    [`${name} cut inside its last begin offset`, () => sampleFile(name).subarray(0, headerEnd(name) - 2)],
    [
      `${name} cut inside its first variable's data`,
      () => sampleFile(name).subarray(0, headerEnd(name) + 10),
    ],
    [`${name} cut inside its last data`, () => sampleFile(name).subarray(0, sampleFile(name).length - 100)],
  ]),
  ['an empty file', () => Buffer.alloc(0)],
  ['4 KB of random bytes', () => randomBytes(4096, 1)],
  [
    '"CDF\\x02" and random bytes',
    () => Buffer.concat([Buffer.from('CDF\x02', 'latin1'), randomBytes(4096, 2)]),
  ],
  [
    '"CDF\\x05" and random bytes',
    () => Buffer.concat([Buffer.from('CDF\x05', 'latin1'), randomBytes(4096, 3)]),
  ],
  [
    '"CDF" with format version 9',
    () => Buffer.concat([Buffer.from('CDF\x09', 'latin1'), sampleFile('CDF-2 records').subarray(4)]),
  ],
  [
    'an HDF5 signature and garbage',
    () => Buffer.concat([weatherFile('era5-t2m-uk-2019-03.nc4').subarray(0, 8), randomBytes(8192, 4)]),
  ],
  ['a NetCDF-4 file cut inside its superblock', () => weatherFile('era5-t2m-uk-2019-03.nc4').subarray(0, 40)],
  ['a NetCDF-4 file cut inside its metadata', () => weatherFile('era5-t2m-uk-2019-03.nc4').subarray(0, 6000)],
  [
    'a NetCDF-4 file cut inside its data',
    () => weatherFile('era5-t2m-uk-2019-03.nc4').subarray(0, 1_000_000),
  ],
  [
    'a deflated NetCDF-4 file cut inside its chunks',
    () => weatherFile('era5-t2m-uk-2019-03-newcds.nc').subarray(0, 600_000),
  ],
];

/** Deterministic noise: the same bytes on every run. */
function randomBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

/** Each input twice: as a forecast's initial state, and as an evaluation's truth. */
const bothWays = (what: string, file: () => Buffer): HostileCase[] => [
  {
    kind: 'grid-file',
    name: `${what}, as a forecast's initial state`,
    run: (s) => expectGridRefused(s, file()),
  },
  { kind: 'grid-file', name: `${what}, as an evaluation's truth`, run: (s) => expectTruthRefused(s, file()) },
];

export const gridFileCases: HostileCase[] = [
  ...[0x7fffffff, -5].map((numrecs): HostileCase => ({
    kind: 'grid-file',
    name: `a NetCDF classic header claiming ${numrecs} records`,
    run: (server) => expectGridRefused(server, withInt32(4, numrecs)),
  })),
  ...LIES.flatMap(([name, field, value, what]) =>
    bothWays(`${name} header with ${what} (${field} = ${value})`, lie(name, field, value)),
  ),
  ...OTHERS.flatMap(([what, file]) => bothWays(what, file)),
];
