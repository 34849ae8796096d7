import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { openAppUnderTest, type AppUnderTest } from './app-under-test.js';

let app: Express;
let queue: AppUnderTest['queue'];
let opened: AppUnderTest;

beforeAll(async () => {
  opened = await openAppUnderTest('drug-api');
  ({ app, queue } = opened);
}, 120_000);
afterAll(() => opened.close());

describe('POST /v1/molecules/score', () => {
  it('scores molecules in order, an invalid one as its row with a reason', async () => {
    const res = await request(app)
      .post('/v1/molecules/score')
      .send({
        molecules: ['CC(=O)Oc1ccccc1C(=O)O', { id: 'bad', smiles: 'C1CC' }, 'c1ccccc1O'],
        options: { descriptors: ['tpsa'] },
      });
    expect(res.status).toBe(200);
    const [aspirin, bad, phenol] = res.body.rows;
    expect(aspirin.tpsa).toBeCloseTo(63.6, 1);
    expect(aspirin.lipinski_pass).toBe(true);
    expect(bad).toMatchObject({ id: 'bad', error: expect.stringMatching(/parse/) });
    expect(phenol.position).toBe(3);
    const columns = res.body.columns.map((c: { name: string }) => c.name);
    expect(res.body.columns.find((c: { name: string }) => c.name === 'tpsa').type).toBe('float');
    expect(res.body.columns.find((c: { name: string }) => c.name === 'error').type).toBe('string');
    expect(columns).toContain('qed');
    expect(columns).not.toContain('sa_score');
    const withSa = await request(app)
      .post('/v1/molecules/score')
      .send({ molecules: ['CCO'], options: { sa: true } });
    expect(withSa.body.rows[0].sa_score).toBeGreaterThan(1);
  });

  it('runs a bundled property model when asked, and refuses unknown options with their field', async () => {
    const res = await request(app)
      .post('/v1/molecules/score')
      .send({ molecules: ['CCO'], options: { models: ['esol-solubility'] } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.rows[0]).some((k) => k.startsWith('esol-solubility'))).toBe(true);
    const bad = await request(app)
      .post('/v1/molecules/score')
      .send({ molecules: ['CCO'], options: { pains: 'yes' } });
    expect(bad.body).toMatchObject({ status: 400, field: 'body.options.pains' });
    const many = await request(app)
      .post('/v1/molecules/score')
      .send({ molecules: Array(1001).fill('C') });
    expect(many.body.field).toBe('body.molecules');
    const model = await request(app)
      .post('/v1/molecules/score')
      .send({ molecules: ['CCO'], options: { models: ['nope'] } });
    expect(model.body).toMatchObject({ status: 400, field: 'body.options.models.0' });
  });

  it('labels its columns for people, keeping RDKit’s two acceptor counts apart', async () => {
    const res = await request(app)
      .post('/v1/molecules/score')
      .send({
        molecules: ['CC(=O)Oc1ccccc1C(=O)O'],
        options: { descriptors: ['NumHBA', 'lipinskiHBA', 'tpsa'] },
      });
    const [aspirin] = res.body.rows;
    expect([aspirin.NumHBA, aspirin.lipinskiHBA]).toEqual([3, 4]);
    const columns = res.body.columns as { name: string; label: string }[];
    const label = (name: string) => columns.find((c) => c.name === name)!;
    expect(label('NumHBA')).toMatchObject({ label: 'H-bond acceptors', type: 'float' });
    expect(label('lipinskiHBA').label).toBe('N + O count');
    expect(label('tpsa')).toMatchObject({ label: 'TPSA', units: 'Å²' });
    const choices = (await request(app).get('/v1/screen-options')).body;
    expect(choices.descriptors.find((d: { name: string }) => d.name === 'NumHBA').label).toBe(
      'H-bond acceptors',
    );
    expect(choices.rules.find((r: { name: string }) => r.name === 'lipinski').rules).toContain(
      'N + O count (lipinskiHBA) ≤ 10',
    );
    const tox = choices.models.find((m: { id: string }) => m.id === 'tox21-toxicity');
    expect(tox.columns[0]).toMatchObject({
      name: 'tox21-toxicity_NR-AR',
      label: 'Tox21 NR-AR: androgen receptor',
      units: 'probability',
    });
  });
});

describe('depictions and similarity', () => {
  it('draws a molecule as SVG, and answers 422 for one RDKit cannot parse', async () => {
    const svg = await request(app).get('/v1/molecules/depict').query({ smiles: 'c1ccccc1O', width: 200 });
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(String(svg.body)).toContain('<svg');
    const bad = await request(app).get('/v1/molecules/depict').query({ smiles: 'C1CC' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('INVALID_MOLECULE');
  });

  it('finds a library molecule itself first, with similarity 1', async () => {
    const res = await request(app)
      .post('/v1/similarity')
      .send({ query: 'CC1=CC(=O)C=CC1=O', library: 'nci-5k', k: 3 });
    expect(res.status).toBe(200);
    expect(res.body.hits[0]).toMatchObject({ rank: 1, id: '1', similarity: 1 });
    expect(res.body.hits).toHaveLength(3);
    const none = await request(app).post('/v1/similarity').send({ query: 'CCO', library: 'zinc' });
    expect(none.body).toMatchObject({ status: 400, field: 'body.library' });
  });
});

describe('screens', () => {
  it('screens an uploaded gzipped SMILES file and pages the rows by the ranking column', async () => {
    const smi = 'CC(=O)Oc1ccccc1C(=O)O aspirin\nnot-a-molecule broken\nc1ccccc1O phenol\nCCN(CC)CC amine\n';
    const options = JSON.stringify({ descriptors: ['tpsa'], sa: false, rank: { by: 'tpsa' } });
    const submitted = await request(app)
      .post(`/v1/screens?options=${encodeURIComponent(options)}`)
      .set('content-type', 'application/gzip')
      .send(gzipSync(smi));
    expect(submitted.status).toBe(202);
    const done = await queue.wait(submitted.body.id);
    expect(done.error).toBeNull();
    const view = await request(app).get(`/v1/jobs/${done.id}`);
    expect(view.body.summary).toMatchObject({ rows: 4, failed: 1 });
    // Its columns as the rows name them, each with a label and units for people.
    expect(view.body.summary.columns.find((c: { name: string }) => c.name === 'tpsa')).toMatchObject({
      type: 'float',
      label: 'TPSA',
      units: 'Å²',
    });
    const page = await request(app).get(`/v1/jobs/${done.id}/results?limit=2`);
    expect(page.body).toMatchObject({ sort: 'tpsa', order: 'desc', total: 4 });
    expect(page.body.rows.map((r: { id: string }) => r.id)).toEqual(['aspirin', 'phenol']);
    const csv = await request(app).get(`/v1/jobs/${done.id}/results?format=csv`);
    expect(csv.text.split('\n')).toHaveLength(6);
  });

  it('screens SMILES sent as JSON, and refuses a body with neither library nor molecules', async () => {
    const submitted = await request(app)
      .post('/v1/screens')
      .send({ molecules: ['CCO', 'CCN'], options: { sa: false } });
    expect(submitted.status).toBe(202);
    expect((await queue.wait(submitted.body.id)).state).toBe('succeeded');
    const neither = await request(app).post('/v1/screens').send({ options: {} });
    expect(neither.body).toMatchObject({ status: 400, field: 'body.library' });
    // One entry, one molecule: an entry with a line break would have become several rows.
    const split = await request(app)
      .post('/v1/screens')
      .send({ molecules: ['CCO', 'CCN\nCCC\nCCCC'] });
    expect(split.body).toMatchObject({ status: 400 });
    expect(split.body.detail).toContain('no line breaks');
  });

  it('refuses a query molecule or an alert RDKit cannot read before any job is queued, naming its field', async () => {
    const before = (await queue.list()).length;
    const query = await request(app)
      .post('/v1/screens')
      .send({ molecules: ['CCO'], options: { queries: [{ id: 'q', smiles: 'C1CC(' }] } });
    expect(query.body).toMatchObject({ status: 400, field: 'body.options.queries.0.smiles' });
    expect(query.body.detail).toMatch(/RDKit cannot parse the query molecule "C1CC\(" \(q\)/);
    const alert = await request(app)
      .post(
        `/v1/screens?options=${encodeURIComponent(JSON.stringify({ alerts: [{ name: 'a', smarts: '[C' }] }))}`,
      )
      .set('content-type', 'text/plain')
      .send('CCO ethanol\n');
    expect(alert.body).toMatchObject({ status: 400, field: 'query.options.alerts.0.smarts' });
    // A model this server does not have, a ranking column the screen does not write: refused as well.
    const model = await request(app)
      .post('/v1/screens')
      .send({ molecules: ['CCO'], options: { models: ['no-such-model'] } });
    expect(model.body).toMatchObject({ status: 400, field: 'body.options.models.0' });
    expect(model.body.detail).toContain('esol-solubility');
    const rank = await request(app)
      .post(`/v1/screens?options=${encodeURIComponent(JSON.stringify({ rank: { by: 'smiles' } }))}`)
      .set('content-type', 'text/plain')
      .send('CCO ethanol\n');
    expect(rank.body).toMatchObject({ status: 400, field: 'query.options.rank.by' });
    // An option the schema refuses names its field under the options as the request sent them.
    const unknown = await request(app)
      .post(`/v1/screens?options=${encodeURIComponent(JSON.stringify({ descriptors: ['HBA'] }))}`)
      .set('content-type', 'text/plain')
      .send('CCO ethanol\n');
    expect(unknown.body).toMatchObject({ status: 400, field: 'query.options.descriptors' });
    const notAnObject = await request(app)
      .post(`/v1/screens?options=${encodeURIComponent('[1]')}`)
      .set('content-type', 'text/plain')
      .send('CCO ethanol\n');
    expect(notAnObject.body).toMatchObject({ status: 400, field: 'query.options' });
    expect((await queue.list()).length).toBe(before);
  });

  it('checks options as a screen would, before any molecule is sent: the columns, or the field to fix', async () => {
    const ok = await request(app)
      .post('/v1/screen-options/check')
      .send({ options: { descriptors: ['NumHBA', 'lipinskiHBA'], models: ['esol-solubility'] } });
    expect(ok.status).toBe(200);
    const byName = Object.fromEntries(ok.body.columns.map((c: { name: string }) => [c.name, c]));
    expect(byName.NumHBA.label).toBe('H-bond acceptors');
    expect(byName.lipinskiHBA.label).toBe('N + O count');
    expect(byName['esol-solubility_log_solubility']).toMatchObject({
      label: 'Aqueous solubility (ESOL model)',
      units: 'log10(mol/L)',
    });
    const bad = await request(app)
      .post('/v1/screen-options/check')
      .send({ options: { queries: [{ id: 'q', smiles: 'C1CC(' }] } });
    expect(bad.body).toMatchObject({ status: 400, field: 'body.options.queries.0.smiles' });
    const smarts = await request(app)
      .post('/v1/screen-options/check')
      .send({ options: { alerts: [{ name: 'a', smarts: '[C' }] } });
    expect(smarts.body).toMatchObject({ status: 400, field: 'body.options.alerts.0.smarts' });
  });
});
