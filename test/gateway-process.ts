// `npm start`'s server as the end-to-end tests start it: the built gateway on a free port, with a
// fresh state directory and the reference ERA5 files as its weather datasets.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** A running gateway: its base URL and process. */
export interface GatewayProcess {
  readonly base: string;
  readonly process: ChildProcess;
  /** SIGKILLs it if it still runs. */
  stop(): void;
}

/** Starts the built gateway and resolves with its URL once it prints it. */
export async function startGateway(env: NodeJS.ProcessEnv = {}): Promise<GatewayProcess> {
  const server = spawn(process.execPath, [join(root, 'apps/gateway/dist/server.js')], {
    cwd: mkdtempSync(join(tmpdir(), 'strata-gateway-')),
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      STRATA_THREADS: '2',
      STRATA_WEATHER_DATA_DIR: join(root, '../shared/datasets/weather'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`the gateway exited with ${code}:\n${out}`)));
  });
  return {
    base,
    process: server,
    stop: () => {
      if (server.exitCode === null) server.kill('SIGKILL');
    },
  };
}
