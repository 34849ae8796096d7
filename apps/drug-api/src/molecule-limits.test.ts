// Giant molecules over HTTP: a request body with one is a 400 naming the limit, a screened file with
// one is one error row, and an RDKit instance a molecule broke is renewed before the next request.
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RDKit } from '@strata/drug';
import type { Express } from 'express';
import { openAppUnderTest, repo, type AppUnderTest } from './app-under-test.js';

let app: Express;
let resources: AppUnderTest['resources'];
let queue: AppUnderTest['queue'];
let opened: AppUnderTest;

beforeAll(async () => {
  opened = await openAppUnderTest('drug-limits');
  ({ app, resources, queue } = opened);
}, 120_000);
afterAll(() => opened.close());

const chain = (n: number) => 'C'.repeat(n);
const OVER = /201 heavy atoms; at most 200 are accepted \(maxHeavyAtoms\)/;

describe('molecules past the limits in a request', () => {
  it('score: a 400 naming the molecule’s field and the limit; a molecule at the limit is scored', async () => {
    const bad = await request(app)
      .post('/v1/molecules/score')
      .send({ molecules: ['CCO', chain(201)] });
    expect(bad.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'body.molecules.1' });
    expect(bad.body.detail).toMatch(OVER);
    const named = await request(app)
      .post('/v1/molecules/score')
      .send({ molecules: [{ id: 'g', smiles: 'C1CC1'.repeat(51) }] });
    expect(named.body).toMatchObject({ status: 400, field: 'body.molecules.0.smiles' });
    expect(named.body.detail).toMatch(/51 rings; at most 50 are accepted \(maxRings\)/);
    const atLimit = await request(app)
      .post('/v1/molecules/score')
      .send({ molecules: [chain(200), 'CCO'] });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.rows.map((r: { NumHeavyAtoms: number }) => r.NumHeavyAtoms)).toEqual([200, 3]);
  });

  it('depict and similarity: a 400 naming the limit, then both answer as before', async () => {
    const depict = await request(app)
      .get('/v1/molecules/depict')
      .query({ smiles: chain(1000) });
    expect(depict.body).toMatchObject({ status: 400, field: 'query.smiles' });
    expect(depict.body.detail).toMatch(/1000 heavy atoms/);
    const similar = await request(app)
      .post('/v1/similarity')
      .send({ query: chain(201) });
    expect(similar.body).toMatchObject({ status: 400, field: 'body.query' });
    expect(similar.body.detail).toMatch(OVER);
    expect((await request(app).get('/v1/molecules/depict').query({ smiles: 'CCO' })).status).toBe(200);
    expect((await request(app).post('/v1/similarity').send({ query: 'CCO' })).status).toBe(200);
  });

  it('a JSON screen: a 400 naming the entry and the limit', async () => {
    const res = await request(app)
      .post('/v1/screens')
      .send({ molecules: ['CCO', `${chain(201)} giant`] });
    expect(res.body).toMatchObject({ status: 400, field: 'body.molecules.1' });
    expect(res.body.detail).toMatch(OVER);
    const query = await request(app)
      .post('/v1/screens')
      .send({ molecules: ['CCO'], options: { queries: [{ id: 'q', smiles: chain(300) }] } });
    expect(query.body).toMatchObject({ status: 400, field: 'body.options.queries.0.smiles' });
  });
});

describe('a giant molecule in a screened file', () => {
  it('is one error row naming the limit; the job succeeds with every other row', async () => {
    const nci = readFileSync(repo('datasets/nci-first-5k.smi'), 'utf8').trim().split('\n').slice(0, 300);
    const lines = [...nci.slice(0, 150), `${chain(900)}\tgiant`, ...nci.slice(150)];
    const submitted = await request(app)
      .post(`/v1/screens?options=${encodeURIComponent(JSON.stringify({ sa: false }))}`)
      .set('content-type', 'text/plain')
      .send(`${lines.join('\n')}\n`);
    expect(submitted.status).toBe(202);
    const done = await queue.wait(submitted.body.id);
    expect(done.state).toBe('succeeded');
    const rows = (await request(app).get(`/v1/jobs/${done.id}/results?limit=1000&sort=position`)).body
      .rows as { id: string; error: string | null }[];
    expect(rows).toHaveLength(301);
    const failed = rows.filter((r) => r.error !== null);
    expect(failed.find((r) => r.id === 'giant')?.error).toMatch(/900 heavy atoms; at most 200/);
    // The NCI molecules RDKit cannot parse fail as before; none fails because of the giant.
    expect(failed.filter((r) => !/RDKit cannot parse/.test(r.error!)).map((r) => r.id)).toEqual(['giant']);
  });
});

describe('the main thread’s RDKit', () => {
  it('is renewed before the next request after a trap broke it', async () => {
    // A trap on the app's own instance: a 1,000-carbon chain reaches RDKit only with limits lifted.
    const unlimited = await RDKit.load({ limits: { maxHeavyAtoms: Infinity } });
    expect(() => unlimited.withMol(chain(1000), (m) => m.get_num_atoms())).toThrow(
      expect.objectContaining({ code: 'MOLECULE_UNSUPPORTED' }) as Error,
    );
    expect(resources.rdkit.broken).toBe(true);
    const depict = await request(app).get('/v1/molecules/depict').query({ smiles: 'c1ccccc1O' });
    expect(depict.status).toBe(200);
    expect(String(depict.body)).toContain('<svg');
    const similar = await request(app).post('/v1/similarity').send({ query: 'CC1=CC(=O)C=CC1=O' });
    expect(similar.body.hits[0]).toMatchObject({ id: '1', similarity: 1 });
    expect(resources.rdkit.broken).toBe(false);
  });
});
