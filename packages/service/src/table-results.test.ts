import express from 'express';
import { parquetReadObjects } from 'hyparquet';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { arrowBytesToTable, typedColumnsToTable } from '@strata/core';
import { resultsQuery } from './jobs-routes.js';
import { sendTable } from './table-results.js';

const table = typedColumnsToTable({
  id: { type: 'string', values: ['a', 'b', 'c', 'd'] },
  score: { type: 'float', values: [0.5, null, 2.5, 1] },
  n: { type: 'int', values: [1, 2, 3, 4] },
  ok: { type: 'bool', values: [true, false, null, true] },
});
const app = express().get('/t', (req, res) => {
  sendTable(res, table, resultsQuery.parse(req.query), {
    accept: req.get('accept'),
    filename: 'results',
    defaultSort: { column: 'score', order: 'desc' },
  });
});
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('sendTable', () => {
  it('pages JSON sorted by the default column, missing values last, or by the one asked for', async () => {
    const page = await request(app).get('/t?limit=2');
    expect(page.body).toMatchObject({
      total: 4,
      sort: 'score',
      order: 'desc',
      columns: ['id', 'score', 'n', 'ok'],
    });
    expect(page.body.rows.map((r: { id: string }) => r.id)).toEqual(['c', 'd']);
    const last = await request(app).get('/t?offset=3');
    expect(last.body.rows.map((r: { id: string }) => r.id)).toEqual(['b']);
    const byN = await request(app).get('/t?sort=n&order=asc&limit=1');
    expect(byN.body.rows[0].id).toBe('a');
    const bad = await request(app).get('/t?sort=nope');
    expect(bad.status).toBe(500); // no error handler in this bare app: the service kit answers it 400
  });

  it('answers CSV, Arrow and Parquet by format= or Accept', async () => {
    const csv = await request(app).get('/t?format=csv');
    expect(csv.text).toBe('id,score,n,ok\nc,2.5,3,\nd,1,4,true\na,0.5,1,true\nb,,2,false\n');
    const arrow = await request(app)
      .get('/t')
      .set('accept', 'application/vnd.apache.arrow.file')
      .buffer(true)
      .parse(binary);
    expect(arrow.headers['content-type']).toBe('application/vnd.apache.arrow.file');
    expect(arrowBytesToTable(arrow.body as Buffer).numRows).toBe(4);
    const parquet = await request(app).get('/t?format=parquet').buffer(true).parse(binary);
    expect(parquet.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(parquet.headers['content-disposition']).toBe('attachment; filename=results.parquet');
    const rows = await parquetReadObjects({
      file: new Uint8Array(parquet.body as Buffer).buffer as ArrayBuffer,
    });
    expect(rows).toEqual([
      { id: 'a', score: 0.5, n: 1, ok: true },
      { id: 'b', score: null, n: 2, ok: false },
      { id: 'c', score: 2.5, n: 3, ok: null },
      { id: 'd', score: 1, n: 4, ok: true },
    ]);
  });
});
