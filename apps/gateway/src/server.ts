import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { drugDomain } from '@strata/drug-api';
import { openDomains, startServer } from '@strata/service';
import { timeseriesDomain } from '@strata/timeseries-api';
import { weatherDomain } from '@strata/weather-api';
import { createGatewayApp } from './app.js';
import { loadConfig } from './config.js';

// What `npm start` runs: every domain API on one port, with the bundled models and datasets, one job
// queue whose threads run whichever domain's job comes next, and one set of metrics.
const config = loadConfig();
const strata = await openDomains([drugDomain, timeseriesDomain, weatherDomain], config, {
  name: 'strata-gateway',
});
const domains = strata.domains.map((d) => ({
  name: d.domain.name,
  title: d.domain.title,
  service: d.service,
}));
const app = createGatewayApp({
  ...strata.service,
  registry: await strata.registry(),
  domains,
  consoleDir: config.consoleDir,
});
if (!existsSync(join(config.consoleDir, 'index.html')))
  strata.logger.warn(
    { dir: config.consoleDir },
    'the web console is not built (npm start builds it): / answers JSON',
  );
const serving = await startServer(app, {
  config,
  logger: strata.logger,
  name: 'strata gateway',
  onShutdown: () => strata.close(),
});
process.stdout.write(
  `\nStrata is serving on ${serving.url}\n` +
    `  console      ${serving.url}/\n` +
    domains.map((d) => `  ${d.name.padEnd(11)}  ${serving.url}/${d.name}/docs\n`).join('') +
    `  models       ${serving.url}/v1/models\n` +
    `  health       ${serving.url}/healthz  ${serving.url}/readyz  ${serving.url}/metrics\n\n`,
);
