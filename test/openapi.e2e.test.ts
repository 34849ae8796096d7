// The OpenAPI documents of the built gateway (`npm start`) and its three domains, used as Swagger UI's
// "Try it out" uses them: every documented example request is sent as it stands and must succeed, and
// every operation documents the 4xx answers it gives, so none is "Undocumented".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayProcess } from './gateway-process.js';

type Media = { example?: unknown; schema?: { format?: string } };
type Parameter = { name: string; in: 'path' | 'query'; required: boolean; example?: unknown };
type Operation = {
  parameters: Parameter[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
};
type Document = { servers: { url: string }[]; paths: Record<string, Record<string, Operation>> };
type Documented = { api: string; server: string; path: string; method: string; op: Operation };

const APIS = ['', '/drug', '/timeseries', '/weather'];
// Bodies that are only a binary file (no JSON, no text), which no document can hold as an example: the
// verifying analyses of a forecast, a NetCDF file.
const FILE_ONLY = new Set(['POST /weather/v1/evaluations']);
// Operations on a job (a forecast and a design are jobs) name it by an id that only a submit gives: no document can
// hold one.
const ON_A_JOB = /\/(jobs|forecasts|designs)\/\{id\}/;

let gateway: GatewayProcess;
const operations: Documented[] = [];

beforeAll(async () => {
  gateway = await startGateway();
  for (const api of APIS) {
    const doc = (await (await fetch(`${gateway.base}${api}/openapi.json`)).json()) as Document;
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        operations.push({ api, server: doc.servers[0]!.url, path, method, op });
  }
}, 120_000);
afterAll(() => gateway?.stop());

const name = (o: Documented) => `${o.method.toUpperCase()} ${o.api}${o.path}`;

/** The operation's URL with its path parameters filled (`fill` for those without an example). */
function urlOf(o: Documented, fill?: string): string | null {
  let missing = false;
  const path = o.path.replace(/\{(\w+)\}/g, (_, p: string) => {
    const example = o.op.parameters.find((x) => x.in === 'path' && x.name === p)?.example;
    if (example === undefined && fill === undefined) missing = true;
    return encodeURIComponent(String(fill ?? example));
  });
  if (missing) return null;
  const query = new URLSearchParams(
    o.op.parameters
      .filter((p) => p.in === 'query' && p.example !== undefined)
      .map((p) => [p.name, String(p.example)]),
  );
  // The server as the document names it, as Swagger UI resolves it against the document's address.
  const base = new URL(o.server, `${gateway.base}${o.api}/openapi.json`).href.replace(/\/$/, '');
  return `${base}${path}${query.size ? `?${query}` : ''}`;
}

/** Sends one media type's example of the operation, as "Try it out" does. */
async function send(o: Documented, url: string, type: string | null, media?: Media): Promise<Response> {
  if (!type) return fetch(url, { method: o.method.toUpperCase() });
  const body = type === 'application/json' ? JSON.stringify(media!.example) : String(media!.example);
  return fetch(url, { method: o.method.toUpperCase(), headers: { 'content-type': type }, body });
}

describe('the OpenAPI documents of the gateway and its domains', () => {
  it('name their server as the gateway serves them, not "."', async () => {
    const servers = await Promise.all(
      APIS.map(
        async (api) =>
          ((await (await fetch(`${gateway.base}${api}/openapi.json`)).json()) as Document).servers,
      ),
    );
    expect(servers.map((s) => s[0]!.url)).toEqual(['/', '/drug', '/timeseries', '/weather']);
  });

  it('give every operation that takes inputs an example of each: none was left out as failing its schemas', () => {
    // A server leaves out an example its own schemas refuse (examples are made from data, which must
    // not stop it starting), so a drifted example shows here as one missing.
    const missing: string[] = [];
    for (const o of operations) {
      if (ON_A_JOB.test(o.path) || FILE_ONLY.has(name(o))) continue;
      for (const p of o.op.parameters)
        if ((p.in === 'path' || (p.in === 'query' && p.required)) && p.example === undefined)
          missing.push(`${name(o)}: ${p.in} ${p.name}`);
      const content = Object.values(o.op.requestBody?.content ?? {});
      if (content.length && !content.some((m) => m.example !== undefined)) missing.push(`${name(o)}: body`);
    }
    expect(missing).toEqual([]);
    expect(operations.filter((o) => !ON_A_JOB.test(o.path)).length).toBeGreaterThanOrEqual(20);
  });

  it('give every request body an example that succeeds as it stands, each media type that has one', async () => {
    const withBody = operations.filter((o) => o.op.requestBody);
    expect(withBody.length).toBeGreaterThanOrEqual(9);
    const answers: string[] = [];
    for (const o of withBody) {
      const examples = Object.entries(o.op.requestBody!.content).filter(([, m]) => m.example !== undefined);
      if (FILE_ONLY.has(name(o))) {
        expect(Object.values(o.op.requestBody!.content).every((m) => m.schema?.format === 'binary')).toBe(
          true,
        );
        continue;
      }
      const url = urlOf(o);
      if (!examples.length || url === null) answers.push(`${name(o)}: no example`);
      for (const [type, media] of examples) {
        const res = await send(o, url!, type, media);
        const text = await res.text();
        answers.push(`${name(o)} ${type}: ${res.status}${res.ok ? '' : ` ${text.slice(0, 300)}`}`);
      }
    }
    // Each answer with its status, so a failure says which example and why.
    expect(answers.filter((a) => !/: 20[0-2]$/.test(a))).toEqual([]);
    expect(answers.length).toBeGreaterThan(withBody.length);
  }, 180_000);

  it('give every required query parameter an example, with which the operation succeeds', async () => {
    const answers: string[] = [];
    for (const o of operations) {
      const required = o.op.parameters.filter((p) => p.in === 'query' && p.required);
      if (!required.length || o.op.requestBody) continue;
      const url = urlOf(o);
      // Operations on a job name it by an id that only a submit gives: no document can hold one.
      if (url === null) continue;
      expect([name(o), required.every((p) => p.example !== undefined)]).toEqual([name(o), true]);
      const res = await send(o, url, null);
      answers.push(`${name(o)}: ${res.status}`);
    }
    expect(answers).toContain('GET /drug/v1/molecules/depict: 200');
    expect(answers.filter((a) => !/: 200$/.test(a))).toEqual([]);
  });

  it('document the 4xx answers of every operation, as problem+json, with no status ranges', () => {
    for (const o of operations) {
      const statuses = Object.keys(o.op.responses);
      expect([name(o), statuses.filter((s) => /X/i.test(s))]).toEqual([name(o), []]);
      const takes = o.op.parameters.length > 0 || o.op.requestBody !== undefined;
      if (takes) expect([name(o), statuses]).toEqual([name(o), expect.arrayContaining(['400'])]);
      if (o.op.parameters.some((p) => p.in === 'path'))
        expect([name(o), statuses]).toEqual([name(o), expect.arrayContaining(['404'])]);
      if (o.op.requestBody) expect([name(o), statuses]).toEqual([name(o), expect.arrayContaining(['413'])]);
      for (const s of statuses.filter((x) => x.startsWith('4') || x.startsWith('5')))
        expect(Object.keys(o.op.responses[s]!.content ?? {})).toEqual(['application/problem+json']);
    }
  });

  it('answer a bad request with a status the operation documents, naming its code', async () => {
    const undocumented: string[] = [];
    const check = async (o: Documented, res: Response) => {
      const problem = (await res.json()) as { code: string };
      const documented = o.op.responses[String(res.status)]?.description ?? '';
      if (!documented.includes(`\`${problem.code}\``))
        undocumented.push(`${name(o)}: ${res.status} ${problem.code}`);
    };
    for (const o of operations) {
      // An id nothing has: 404 for a job, a model, a series.
      if (o.op.parameters.some((p) => p.in === 'path')) {
        const url = urlOf(o, 'no-such-thing')!;
        await check(o, await send(o, url.split('?')[0]!, null));
      }
      // A body of the wrong shape: 400.
      if (o.op.requestBody?.content['application/json']) {
        const url = urlOf(o, 'no-such-thing')!;
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '[1]',
        });
        await check(o, res);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
