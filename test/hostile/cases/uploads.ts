// Uploads that are too large, bombs in their Content-Encoding, or cut off mid-body: each must cost
// neither memory nor disk, and leave nothing in the uploads directory.
import { request as httpRequest } from 'node:http';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, vi } from 'vitest';
import { repeat } from '@strata/service/testing';
import { expectProblem, type HostileCase } from '../case.js';

/** The upload limit the suite's gateway runs with (STRATA_UPLOAD_LIMIT_MB=1). */
export const UPLOAD_LIMIT = 2 ** 20;

export const uploadCases: HostileCase[] = [
  {
    kind: 'upload',
    name: '256 MiB offered in chunks, no declared length, against a 1 MiB limit: 413 before the body ends',
    async run(server) {
      const row = Buffer.from('id,timestamp,value\n'.padEnd(64 * 1024, 'x'));
      const res = await server.leavesNoUpload(() =>
        server.post('/timeseries/v1/forecast-jobs?h=3', { 'content-type': 'text/csv' }, repeat(row, 4096)),
      );
      expectProblem(server, res, 413, 'PAYLOAD_TOO_LARGE');
      expect(res.body.detail).toMatch(/larger than this route accepts \(at most 1048576 bytes\)/);
      expect(res.sentAll).toBe(false);
    },
  },
  {
    kind: 'upload',
    name: 'a declared Content-Length over the limit: 413 from the headers alone',
    async run(server) {
      const res = await server.leavesNoUpload(() =>
        server.post(
          '/drug/v1/screens',
          { 'content-type': 'text/plain', 'content-length': String(64 * UPLOAD_LIMIT) },
          // One chunk: the answer comes from the headers alone, and the client reads it.
          [Buffer.alloc(1024, 'C')],
        ),
      );
      expectProblem(server, res, 413, 'PAYLOAD_TOO_LARGE');
    },
  },
  ...(['gzip', 'deflate', 'br'] as const).map((encoding): HostileCase => ({
    kind: 'upload',
    name: `a ${encoding} Content-Encoding that inflates past the limit: 413`,
    async run(server) {
      const zeros = Buffer.alloc(4 * UPLOAD_LIMIT, 'C');
      const { brotliCompressSync, deflateSync } = await import('node:zlib');
      const body =
        encoding === 'gzip'
          ? gzipSync(zeros)
          : encoding === 'deflate'
            ? deflateSync(zeros)
            : brotliCompressSync(zeros);
      const res = await server.leavesNoUpload(() =>
        server.post('/drug/v1/screens', { 'content-type': 'text/plain', 'content-encoding': encoding }, [
          body,
        ]),
      );
      expectProblem(server, res, 413, 'PAYLOAD_TOO_LARGE');
    },
  })),
  {
    kind: 'upload',
    name: 'a gzip Content-Encoding whose bytes are not gzip: 400',
    async run(server) {
      const res = await server.leavesNoUpload(() =>
        server.post('/drug/v1/screens', { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, [
          Buffer.from('CCO ethanol\n'),
        ]),
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    },
  },
  {
    kind: 'upload',
    name: 'a killed upload (the client destroys the socket mid-body) leaves no partial file',
    async run(server) {
      const before = await server.uploads();
      const req = httpRequest(`${server.base}/drug/v1/screens`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'content-length': String(UPLOAD_LIMIT) },
      });
      req.on('error', () => undefined);
      req.write(Buffer.from('CCO ethanol\n'.repeat(20_000)));
      // The partial file is there, with the first bytes in it...
      await vi.waitFor(
        async () => {
          const name = (await server.uploads()).find((n) => !before.includes(n));
          expect((await stat(join(server.stateDir, 'uploads', name!))).size).toBeGreaterThan(0);
        },
        { timeout: 10_000 },
      );
      // ...and goes once the server has noticed the client is gone.
      req.destroy();
      await vi.waitFor(
        async () => expect((await server.uploads()).filter((n) => !before.includes(n))).toEqual([]),
        { timeout: 10_000 },
      );
    },
  },
];
