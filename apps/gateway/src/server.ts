import { createJsonLogger, createOrtBackend, ModelRegistry } from '@strata/core/node';
import { createGatewayApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const logger = createJsonLogger({ name: 'strata-gateway', level: config.logLevel });
const registry = await ModelRegistry.open(config.modelsDir, {
  backend: createOrtBackend({ logger }),
  logger,
});
const server = createGatewayApp({ registry, logger }).listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { url: `http://${config.host}:${port}`, models: registry.list().length },
    'strata gateway listening',
  );
});

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  server.close();
  await registry.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
