// Malformed and oversized requests: broken JSON, deep nesting, odd bytes, traversal in ids, absurd
// query values. Each is a 4xx problem that names what is wrong, never a 500 or a hang.
import { expect } from 'vitest';
import { expectProblem, type Answer, type HostileCase, type HostileServer } from '../case.js';

/** A request answered with a 4xx problem (any of `statuses`), leaking nothing. */
function refused(
  name: string,
  send: (server: HostileServer) => Promise<Answer>,
  statuses: readonly number[] = [400],
): HostileCase {
  return {
    kind: 'request',
    name,
    async run(server) {
      const res = await send(server);
      expect(statuses).toContain(res.status);
      // Node's HTTP parser answers a header block over its limit itself, with an empty 431.
      if (res.status === 431) return;
      expectProblem(server, res, res.status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    },
  };
}

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const score = '/drug/v1/molecules/score';
const forecast = '/timeseries/v1/forecast';

export const requestCases: HostileCase[] = [
  refused('JSON cut off mid-body', (s) => s.json(score, '{"molecules":["CCO"')),
  refused('a JSON body that is one bare string', (s) => s.json(score, '"CCO"')),
  refused('JSON nested 100,000 arrays deep', (s) => s.json(score, `{"molecules":${deepArray(100_000)}}`)),
  refused('JSON with __proto__ and constructor keys', (s) =>
    s.json(score, '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"molecules":[]}'),
  ),
  refused(
    'a JSON body just over the limit (16 MiB default)',
    (s) => s.json(score, { molecules: ['C'.repeat(17 * 2 ** 20)] }),
    [413],
  ),
  {
    kind: 'request',
    name: 'JSON with invalid UTF-8 bytes in a SMILES: a failed row, or a 400',
    async run(server) {
      const res = await fetch(`${server.base}${score}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat([
          Buffer.from('{"molecules":["'),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('"]}'),
        ]),
      });
      const body = (await res.json()) as { rows?: { error: unknown }[] };
      if (res.status === 200) expect(body.rows?.[0]?.error).toBeTruthy();
      else expect(res.status).toBe(400);
    },
  },
  refused(
    'a JSON body sent as text/plain to a JSON route',
    async (s) => {
      const res = await fetch(`${s.base}${forecast}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '{"series":[{"id":"s","values":[1,2,3]}],"h":2}',
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: JSON.parse(text) as never, text };
    },
    [400, 415],
  ),
  refused('numbers as strings, arrays as objects', (s) =>
    s.json(forecast, { series: { id: 's', values: '1,2,3' }, h: '2' }),
  ),
  refused('h of 1e300', (s) => s.json(forecast, { series: [{ id: 's', values: [1, 2, 3] }], h: 1e300 })),
  refused('a million levels', (s) =>
    s.json(forecast, { series: [{ id: 's', values: [1, 2, 3] }], h: 2, levels: Array(1e6).fill(80) }),
  ),
  refused('a path-traversal job id', (s) => s.get('/drug/v1/jobs/..%2F..%2F..%2Fetc%2Fpasswd'), [400, 404]),
  refused(
    'a job id of 10,000 characters',
    (s) => s.get(`/drug/v1/jobs/${'a'.repeat(10_000)}`),
    [400, 404, 414],
  ),
  refused(
    'a results page of 1e12 rows at offset -5',
    (s) => s.get('/drug/v1/jobs/00000000-0000-0000-0000-000000000000/results?limit=1000000000000&offset=-5'),
    [400, 404],
  ),
  refused('a depiction 1e9 pixels wide', (s) =>
    s.get('/drug/v1/molecules/depict?smiles=CCO&width=1000000000'),
  ),
  refused('a query parameter given 1,000 times', (s) =>
    s.get(`/drug/v1/molecules/depict?${Array.from({ length: 1000 }, () => 'smiles=CCO').join('&')}`),
  ),
  refused(
    'an unknown route with a 64 KiB path',
    (s) => s.get(`/drug/v1/${'x'.repeat(64 * 1024)}`),
    [404, 414, 431],
  ),
  refused(
    'a header block of 64 KiB',
    (s) => s.get('/drug/v1/libraries', { 'x-junk': 'x'.repeat(64 * 1024) }),
    [400, 431],
  ),
  refused('a forecast job of an unknown model', async (s) => {
    const res = await s.post(
      '/timeseries/v1/forecast-jobs?h=3&model=..%2F..%2Fetc',
      { 'content-type': 'text/csv' },
      [Buffer.from('id,timestamp,value\ns,2020-01-01,1\n')],
    );
    return {
      ...res,
      headers: new Headers(res.headers as Record<string, string>),
      text: JSON.stringify(res.body),
    };
  }),
  refused(
    'a forecast of a weather model that does not exist',
    (s) => s.json('/weather/v1/forecasts?model=nope&init=2019-03-10T00:00:00Z&leads=1', {}),
    [400, 404, 415],
  ),
  ...kserveCases(),
  ...crossSiteCases(),
];

/**
 * Requests a page of another site can make a browser send without a CORS preflight (a form post, a
 * body without a Content-Type), which the default server (no API keys) would otherwise take as
 * uploads that start jobs: each a 403 `CROSS_SITE_REQUEST` that starts no job and keeps no file.
 */
function crossSiteCases(): HostileCase[] {
  const evil = 'https://evil.example';
  const csv = Buffer.from('id,timestamp,value\ns,2020-01-01,1\ns,2020-01-02,2\ns,2020-01-03,3\n');
  const jobCount = async (s: HostileServer) =>
    ((await s.get('/timeseries/v1/jobs?limit=1000')).body.jobs as unknown[]).length;
  const refusedCrossSite = (name: string, headers: Record<string, string>): HostileCase => ({
    kind: 'request',
    name,
    async run(server) {
      const before = await jobCount(server);
      const res = await server.leavesNoUpload(() =>
        server.post('/timeseries/v1/forecast-jobs?h=2&model=naive', headers, [csv]),
      );
      expectProblem(server, res, 403, 'CROSS_SITE_REQUEST');
      expect(await jobCount(server)).toBe(before);
    },
  });
  return [
    refusedCrossSite('a form post from another site’s page that would start a job', {
      'content-type': 'application/x-www-form-urlencoded',
      origin: evil,
    }),
    refusedCrossSite('a body without a Content-Type that the browser marks as cross-site', {
      'sec-fetch-site': 'cross-site',
    }),
    refusedCrossSite('a form post from another port of the same host', {
      'content-type': 'text/plain',
      origin: 'http://127.0.0.1:1',
    }),
    {
      kind: 'request',
      name: 'a DELETE of a job from another site’s page, beside the same request from the server’s own',
      async run(server) {
        const submit = await server.post(
          '/timeseries/v1/forecast-jobs?h=2&model=naive',
          { 'content-type': 'text/csv', origin: server.base },
          [csv],
        );
        expect(submit.status).toBe(202);
        const { id } = submit.body as { id: string };
        const remove = (origin: string) =>
          fetch(`${server.base}/timeseries/v1/jobs/${id}`, { method: 'DELETE', headers: { origin } });
        const refused = await remove(evil);
        expectProblem(server, { status: refused.status, body: (await refused.json()) as never }, 403);
        expect((await server.get(`/timeseries/v1/jobs/${id}`)).status).toBe(200);
        expect([200, 202]).toContain((await remove(server.base)).status);
      },
    },
  ];
}

/** KServe v2 inference requests whose tensors lie about themselves: each a 400 naming the input. */
function kserveCases(): HostileCase[] {
  const infer = '/v2/models/timeseries-mlp/infer';
  const input = (shape: number[], data: unknown[], extra: object = {}) => ({
    inputs: [
      { name: 'context', datatype: 'FP32', shape, data, ...extra },
      { name: 'observed', datatype: 'FP32', shape: [1, 64], data: Array(64).fill(1) },
    ],
  });
  const ones = Array(64).fill(1);
  return [
    refused('KServe: a shape of 2^31 × 2^31 with four values', (s) =>
      s.json(infer, input([2 ** 31, 2 ** 31], [1, 2, 3, 4])),
    ),
    refused('KServe: a shape of 1e300', (s) => s.json(infer, input([1e300], ones))),
    refused('KServe: a negative or fractional dimension', (s) => s.json(infer, input([1, -64], ones))),
    refused('KServe: a shape that does not match the model', (s) => s.json(infer, input([64, 1], ones))),
    refused('KServe: more values than the shape holds', (s) => s.json(infer, input([1, 64], [...ones, 1]))),
    refused('KServe: an input the model does not have', (s) =>
      s.json(infer, { inputs: [{ name: '__proto__', datatype: 'FP32', shape: [1, 64], data: ones }] }),
    ),
    refused('KServe: FP32 data given as strings', (s) => s.json(infer, input([1, 64], Array(64).fill('1')))),
    refused('KServe: a BYTES input to a float model', (s) =>
      s.json(infer, input([1, 64], Array(64).fill('x'), { datatype: 'BYTES' })),
    ),
    refused('KServe: no inputs', (s) => s.json(infer, { inputs: [] })),
    refused(
      'KServe: a model name with path traversal',
      (s) => s.json('/v2/models/..%2F..%2Fetc/infer', input([1, 64], ones)),
      [400, 404],
    ),
  ];
}
