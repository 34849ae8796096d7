// What every browser test of the web console starts with: the built gateway, as `npm start` serves it,
// and Debian's Chromium driven by playwright-core. Screenshots go to test/screenshots/ (not committed).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root, startGateway, type GatewayProcess } from './gateway-process.js';

const CHROMIUM = process.env.STRATA_CHROMIUM ?? '/usr/bin/chromium';
const shots = join(root, 'test/screenshots');

/** A gateway and a browser for one test file. */
export interface ConsoleSession {
  readonly gateway: GatewayProcess;
  readonly browser: Browser;
  /** Closes the browser and stops the gateway. */
  readonly stop: () => Promise<void>;
}

/** Starts the gateway and Chromium; says how to get Chromium when it is missing. */
export async function startConsole(): Promise<ConsoleSession> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set STRATA_CHROMIUM`,
    );
  mkdirSync(shots, { recursive: true });
  const gateway = await startGateway();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-background-networking'],
  });
  return {
    gateway,
    browser,
    stop: async () => {
      await browser.close();
      gateway.stop();
    },
  };
}

/** A full-page screenshot, test/screenshots/<name>.png. */
export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
