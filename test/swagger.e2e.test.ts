// Swagger UI at /<domain>/docs in a real browser (Debian's Chromium through playwright-core) against the
// built gateway: "Try it out" then "Execute", as a newcomer does, succeeds with the document's example
// as it stands, and an answer of an error is one the document lists (Swagger UI marks others
// "Undocumented").
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayProcess } from './gateway-process.js';

const CHROMIUM = process.env.STRATA_CHROMIUM ?? '/usr/bin/chromium';
let gateway: GatewayProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set STRATA_CHROMIUM`,
    );
  gateway = await startGateway();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(30_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  gateway?.stop();
});

/** One operation of a domain's reference page, opened, with "Try it out" pressed. */
async function tryItOut(api: string, method: string, path: string): Promise<Locator> {
  await page.goto(`${gateway.base}${api}/docs`);
  const op = page.locator(`.opblock-${method}`, {
    has: page.locator(`.opblock-summary-path[data-path="${path}"]`),
  });
  await op.locator('.opblock-summary').first().click();
  await op.getByRole('button', { name: 'Try it out' }).click();
  return op;
}

/** Presses "Execute" and reads the answer's status, and whether Swagger UI calls it undocumented. */
async function execute(op: Locator): Promise<{ status: string; undocumented: boolean }> {
  // The answer before, if any, goes first, so that the one read is this one's.
  const clear = op.getByRole('button', { name: 'Clear' });
  if (await clear.count()) await clear.click();
  await op.getByRole('button', { name: 'Execute' }).click();
  const cell = op.locator('.live-responses-table tbody .response-col_status').first();
  await cell.waitFor({ timeout: 60_000 });
  const text = (await cell.textContent()) ?? '';
  return { status: text.replace(/\D+/g, ''), undocumented: /undocumented/i.test(text) };
}

describe('Swagger UI’s "Try it out"', () => {
  it('forecasts with the time-series example as it stands, and a bad body is a documented 400', async () => {
    await page.goto(`${gateway.base}/timeseries/docs`);
    const servers = page.locator('.servers select option').first();
    await servers.waitFor({ state: 'attached', timeout: 30_000 });
    expect(await servers.getAttribute('value')).toBe('/timeseries');
    const op = await tryItOut('/timeseries', 'post', '/v1/forecast');
    expect(await execute(op)).toEqual({ status: '200', undocumented: false });
    await op.locator('textarea.body-param__text').fill('{"h": 3}');
    expect(await execute(op)).toEqual({ status: '400', undocumented: false });
  });

  it('runs each domain’s and the gateway’s example requests as they stand', async () => {
    const cases: [string, string, string, string][] = [
      ['/drug', 'post', '/v1/molecules/score', '200'],
      ['/drug', 'post', '/v1/screens', '202'],
      ['/drug', 'get', '/v1/molecules/depict', '200'],
      ['/timeseries', 'post', '/v1/backtest', '200'],
      ['/weather', 'post', '/v1/forecasts', '202'],
      ['', 'post', '/v2/models/{name}/infer', '200'],
    ];
    const answers: string[] = [];
    for (const [api, method, path, status] of cases) {
      const answer = await execute(await tryItOut(api, method, path));
      answers.push(`${method} ${api}${path}: ${answer.status}${answer.undocumented ? ' undocumented' : ''}`);
      expect(answers.at(-1)).toBe(`${method} ${api}${path}: ${status}`);
    }
  }, 180_000);
});
