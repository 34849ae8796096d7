// The web console in a real browser (Debian's Chromium driven by playwright-core) against the built
// gateway, as a user would use it after `npm start`. Screenshots of each page go to test/screenshots/.
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, screenshot } from './console-browser.js';
import type { GatewayProcess } from './gateway-process.js';

let gateway: GatewayProcess;
let stop: () => Promise<void>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ gateway, browser, stop } = await startConsole());
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
}, 120_000);

afterAll(() => stop?.());

const open = (hash: string) => page.goto(`${gateway.base}/#/${hash}`);
const shoot = (name: string) => screenshot(page, name);

describe('the web console', () => {
  it('is the page a browser gets at /, while API clients still get the JSON index', async () => {
    const html = await fetch(`${gateway.base}/`, { headers: { Accept: 'text/html' } });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('<div id="app">');
    const json = await fetch(`${gateway.base}/`);
    expect(((await json.json()) as { name: string }).name).toBe('strata');
  });

  it('forecasts a bundled series with several models: chart with intervals, backtest table', async () => {
    await open('timeseries');
    await page
      .getByTestId('example-series')
      .locator('option[value="AirPassengers"]')
      .waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Forecast' }).click();
    const legend = page.getByTestId('forecast-chart').locator('.legend');
    await expect.poll(() => legend.textContent(), { timeout: 60_000 }).toMatch(/ETS\(.*ARIMA\(/s);
    expect(await legend.textContent()).toContain('ets 95%');
    expect(await page.getByTestId('forecast-chart').locator('canvas').count()).toBeGreaterThan(0);
    const rows = page.getByTestId('backtest-table').locator('tbody tr');
    await rows.first().waitFor({ timeout: 60_000 });
    expect(await rows.count()).toBe(4);
    expect(await page.locator('tr.best').count()).toBe(1);
    await shoot('timeseries');
  });

  it('shows an API error next to the control that caused it', async () => {
    await open('timeseries');
    await page.locator('input[name="h"]').fill('20000');
    await page.getByRole('button', { name: 'Forecast' }).click();
    const error = page.locator('.field.has-error', { hasText: 'Horizon' }).getByRole('alert');
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toMatch(/h/);
  });

  it('screens pasted SMILES: live progress, results with drawings and PAINS alerts, kept across a reload', async () => {
    await open('drug');
    await page.getByTestId('score-input').fill('c1ccccc1O');
    await page.getByTestId('score-card').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Start the screen' }).click();
    await page.waitForURL(/job=/);
    const job = page.getByTestId('screen-job');
    await job.locator('[data-state="succeeded"]').waitFor({ timeout: 90_000 });
    const table = page.getByTestId('results-table');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe(6);
    // Drawings arrive after their rows: each is fetched on its own.
    await table.locator('tbody tr').first().locator('img.depiction').waitFor({ timeout: 30_000 });
    expect(await table.textContent()).toContain('azo');
    expect(await table.textContent()).toMatch(/not-a-smiles|cannot|invalid/i);
    await table.locator('th [data-column="amw"]').click();
    await expect
      .poll(() => table.locator('th.sorted [data-column]').getAttribute('data-column'), { timeout: 30_000 })
      .toBe('amw');
    await shoot('drug');
    await page.reload();
    await page.getByTestId('results-table').locator('tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('results-total').textContent()).toContain('6');
  });

  it('uploads a gzipped CSV and follows a library screen’s live progress until it is cancelled', async () => {
    await open('drug');
    await page.getByLabel('upload a file').check();
    const csv = 'name,smiles\nphenol,c1ccccc1O\nbenzoic,OC(=O)c1ccccc1\nbad,C1CC\n';
    await page.locator('input[type="file"]').setInputFiles({
      name: 'three.csv.gz',
      mimeType: 'application/gzip',
      buffer: gzipSync(csv),
    });
    await page.getByRole('button', { name: 'Start the screen' }).click();
    await page.waitForURL(/job=/);
    const table = page.getByTestId('results-table');
    await table.locator('tbody tr').nth(2).waitFor({ timeout: 90_000 });
    expect(await table.textContent()).toContain('benzoic');

    await page.getByLabel('a bundled library').check();
    await page.getByRole('button', { name: 'Start the screen' }).click();
    const job = page.getByTestId('screen-job');
    // Rate and time left come from the job's event stream while it runs.
    await job
      .locator('[data-state="running"]', { hasText: /molecules\/s.*left/s })
      .waitFor({ timeout: 90_000 });
    await shoot('drug-running');
    await job.getByRole('button', { name: 'cancel' }).click();
    await job.locator('[data-state="cancelled"]').waitFor({ timeout: 60_000 });
  });
});
