// One full-size rollout with the 24 h Pangu-contract model, outputs every 24 h to a NetCDF file; prints its peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrtBackend } from '@strata/core/node';
import { makeState, panguSpec, rollout } from '@strata/weather';
import { ForecastFile } from '@strata/weather/node';
import { panguContractModel } from '@strata/weather/testing';

const hours = Number(process.argv[2]);
const started = performance.now();
const spec = panguSpec(24);
const dir = mkdtempSync(join(tmpdir(), 'strata-bench-rss-'));
const session = await createOrtBackend().createSession(
  { bytes: panguContractModel(24) },
  { intraOpThreads: 2 },
);
const initial = makeState(spec, () => 1);
const out = await ForecastFile.create(join(dir, 'forecast.nc'), {
  spec,
  initTime: Date.UTC(2019, 2, 1),
  deflate: 0,
});
await rollout({
  models: [{ spec, session }],
  initial,
  leads: Array.from({ length: hours / 24 }, (_, i) => 24 * (i + 1)),
  emit: async (lead, state) => out.write(lead, state),
});
out.close();
await session.dispose();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    peakMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  }),
);
