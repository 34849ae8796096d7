// The web console's backtest job in a real browser (Debian's Chromium driven by playwright-core) against
// the built gateway: a job the server queued while the view was moving on is cancelled, never orphaned.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole } from './console-browser.js';
import type { GatewayProcess } from './gateway-process.js';

let gateway: GatewayProcess;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ gateway, browser, stop } = await startConsole());
}, 120_000);

afterAll(() => stop?.());

/** The time-series page with a bundled series chosen and its history drawn. */
async function pageWith(id: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${gateway.base}/#/timeseries`);
  await choose(page, id);
  return page;
}

async function choose(page: Page, id: string): Promise<void> {
  const select = page.getByTestId('example-series');
  await select.locator(`option[value="${id}"]`).waitFor({ state: 'attached' });
  await select.selectOption(id);
  await expect.poll(() => page.getByTestId('forecast-chart').locator('.legend').textContent()).toContain(id);
}

/** The state of the server's job of that name. */
async function stateOf(name: string): Promise<string | undefined> {
  const res = await fetch(`${gateway.base}/timeseries/v1/jobs`);
  const { jobs } = (await res.json()) as { jobs: { name: string; state: string }[] };
  return jobs.find((j) => j.name === name)?.state;
}

describe('a backtest job of the time-series page', () => {
  it('shows its table from the job’s rows when it finishes', async () => {
    const page = await pageWith('co2');
    // ARIMA's search on co2's 468 values is more than a request should hold: a job.
    for (const model of ['ets', 'theta']) await page.getByRole('checkbox', { name: model }).uncheck();
    await page.getByRole('button', { name: 'Forecast' }).click();
    await page.getByTestId('backtest-job').waitFor();
    const table = page.getByTestId('backtest-table');
    await table.locator('tbody tr').first().waitFor({ timeout: 240_000 });
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows.join('\n')).toMatch(/arima/);
    expect(rows.join('\n')).toMatch(/snaive/);
    // Metrics for both, the best starred.
    for (const row of rows) expect(row).toMatch(/\d\.\d{3}/);
    expect(rows.filter((r) => r.includes('★'))).toHaveLength(1);
    expect(await page.getByTestId('backtest').locator('h2').textContent()).toBe(
      'Backtest: 3 windows of 24 steps',
    );
    await page.close();
  }, 300_000);

  it('is cancelled when the view moves on while the server is queueing it', async () => {
    const page = await pageWith('co2');
    // The job's POST reaches the server, which queues it; its answer is held until the view has moved
    // on, as on a slow network: only the answer tells the page which job to cancel.
    let queued!: () => void;
    const isQueued = new Promise<void>((resolve) => (queued = resolve));
    let movedOn!: () => void;
    const hasMovedOn = new Promise<void>((resolve) => (movedOn = resolve));
    await page.route('**/timeseries/v1/backtest-jobs', async (route) => {
      const response = await route.fetch();
      queued();
      await hasMovedOn;
      // A page that gave up on its request (aborted it) takes no answer.
      await route.fulfill({ response }).catch(() => undefined);
    });
    await page.getByRole('button', { name: 'Forecast' }).click();
    await isQueued;
    expect(await stateOf('backtest of co2')).toMatch(/^(queued|running)$/);
    await choose(page, 'Nile');
    movedOn();
    await expect.poll(() => stateOf('backtest of co2'), { timeout: 30_000 }).toBe('cancelled');
    await page.close();
  }, 180_000);
});
