// `pnpm bench [suite...]`: runs the benchmark suites (all by default).
import { benchApi } from './api/index.js';
import { benchGatewayThreads } from './api/gateway-threads.js';
import { benchCore } from './core/index.js';
import { benchDrug } from './drug/index.js';
import { benchDesign } from './drug/design.js';
import { benchRediscovery } from './drug/rediscovery.js';
import { benchScreenBaseline } from './drug/screen-baseline.js';
import { benchShardReads } from './drug/shard-reads.js';
import { benchScale } from './scale/index.js';
import { benchTimeseries } from './timeseries/index.js';
import { benchWeather } from './weather/index.js';

const suites: Record<string, () => Promise<void>> = {
  core: benchCore,
  weather: benchWeather,
  drug: benchDrug,
  design: benchDesign,
  rediscovery: benchRediscovery,
  'shard-reads': benchShardReads,
  'screen-baseline': benchScreenBaseline,
  timeseries: benchTimeseries,
  api: benchApi,
  'gateway-threads': benchGatewayThreads,
  scale: benchScale,
};
const wanted = process.argv.slice(2).filter((a) => a !== '--');
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const suite = suites[name];
  if (!suite) throw new Error(`unknown benchmark suite "${name}"; suites: ${Object.keys(suites).join(', ')}`);
  await suite();
}
