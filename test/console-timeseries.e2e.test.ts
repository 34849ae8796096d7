// The web console's time-series page in a real browser (Debian's Chromium driven by playwright-core)
// against the built gateway, at a laptop's width (1280 px) and a phone's (390 px): defaults that fit
// every bundled series, big backtests as jobs, charts of many models, and a layout that fits a phone.
// Screenshots go to test/screenshots/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, screenshot } from './console-browser.js';
import type { GatewayProcess } from './gateway-process.js';

const WIDE = { width: 1280, height: 1000 };
const PHONE = { width: 390, height: 844 };
let gateway: GatewayProcess;
let stop: () => Promise<void>;
let browser: Browser;

beforeAll(async () => {
  ({ gateway, browser, stop } = await startConsole());
}, 120_000);

afterAll(() => stop?.());

/** The time-series page at a viewport, with the bundled series listed. */
async function openPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${gateway.base}/#/timeseries`);
  await page
    .getByTestId('example-series')
    .locator('option[value="AirPassengers"]')
    .waitFor({ state: 'attached' });
  return page;
}

/** Chooses a bundled series and waits for its history (and the horizon it offers). */
async function choose(page: Page, id: string): Promise<void> {
  await page.getByTestId('example-series').selectOption(id);
  await expect.poll(() => page.getByTestId('forecast-chart').locator('.legend').textContent()).toContain(id);
}

/** Forecasts and waits for the backtest table, from the request or from its job. */
async function forecastAndBacktest(page: Page, timeout = 240_000) {
  await page.getByRole('button', { name: 'Forecast' }).click();
  const table = page.getByTestId('backtest-table');
  await table.locator('tbody tr').first().waitFor({ timeout });
  return table;
}

const shoot = screenshot;

/** Page and chart geometry: nothing wider than the screen, the plot within its figure. */
async function expectFits(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  const figure = (await page.getByTestId('forecast-chart').boundingBox())!;
  const canvas = (await page.getByTestId('forecast-chart').locator('canvas').first().boundingBox())!;
  expect(canvas.width).toBeGreaterThan(figure.width * 0.9);
  expect(canvas.x + canvas.width).toBeLessThanOrEqual(figure.x + figure.width + 0.5);
  expect(figure.x + figure.width).toBeLessThanOrEqual(width);
}

describe('the time-series page', () => {
  it('offers each bundled series a horizon whose backtest fits: every model of every series has metrics', async () => {
    const page = await openPage(WIDE);
    const ids = await page
      .getByTestId('example-series')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(ids).toHaveLength(8);
    for (const id of ids) {
      await choose(page, id);
      const table = await forecastAndBacktest(page);
      await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
      expect(await table.locator('td.error').allTextContents(), id).toEqual([]);
      expect(await page.getByTestId('backtest').locator('h2').textContent(), id).toMatch(/3 windows of/);
    }
    await page.close();
  }, 600_000);

  it('backtests a horizon too long for 3 windows with as many as fit, and says so', async () => {
    const page = await openPage(WIDE);
    await choose(page, 'USAccDeaths');
    expect(await page.locator('input[name="h"]').inputValue()).toBe('12');
    // The horizon that gave "too few for 3 windows of 24 steps" on every row.
    await page.locator('input[name="h"]').fill('24');
    const table = await forecastAndBacktest(page);
    expect(await table.locator('td.error').count()).toBe(0);
    expect(await page.getByTestId('backtest').locator('h2').textContent()).toContain('2 windows of 24 steps');
    expect(await page.getByTestId('backtest-note').textContent()).toMatch(
      /2 windows of 24 steps fit in its 72 values/,
    );
    await page.close();
  }, 180_000);

  it('runs nine models’ backtest as a job beside their forecasts: distinct colours, one model’s bands, values on hover', async () => {
    const page = await openPage(WIDE);
    await choose(page, 'nottem');
    for (const box of await page.locator('.checks input[type="checkbox"]').all()) await box.check();
    const table = await forecastAndBacktest(page, 400_000);
    // The backtest was a job, followed below the chart; nothing failed beside the Forecast button.
    expect(await page.getByTestId('backtest-job').locator('[data-state="succeeded"]').count()).toBe(1);
    expect(await table.locator('tbody tr').count()).toBe(9);
    expect(await table.locator('td.error').count()).toBe(0);
    expect(await page.locator('.actions [role="alert"]').count()).toBe(0);

    const chart = page.getByTestId('forecast-chart');
    const entries = chart.locator('.legend-item:not(.legend-band)');
    expect(await entries.count()).toBe(10); // the history and nine forecasts
    const labels = await entries.allTextContents();
    expect(new Set(labels).size).toBe(10);
    // Two models that fit the same method say which model each is.
    expect(labels.some((l) => /^auto: ETS\(/.test(l))).toBe(true);
    expect(labels.some((l) => /^ets: ETS\(/.test(l))).toBe(true);
    const colours = await entries
      .locator('i')
      .evaluateAll((is) => is.map((i) => getComputedStyle(i).backgroundColor));
    expect(new Set(colours).size).toBe(10);

    // Intervals of one model at a time: the first, then the one picked in the legend.
    const bands = chart.locator('.legend-band');
    expect(await bands.allTextContents()).toEqual([
      expect.stringMatching(/^ets 95%/),
      expect.stringMatching(/^ets 80%/),
    ]);
    await chart.getByRole('button', { name: /^theta/ }).click();
    await expect
      .poll(() => bands.allTextContents())
      .toEqual([expect.stringMatching(/^theta 95%/), expect.stringMatching(/^theta 80%/)]);
    expect(await chart.getByRole('button', { name: /^theta/ }).getAttribute('aria-pressed')).toBe('true');

    // Values where the pointer is: the time, each forecast's value, the interval of the picked model.
    const plot = (await chart.locator('canvas').first().boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.97, plot.y + plot.height / 2);
    await expect.poll(() => chart.getByTestId('legend-at').textContent()).toMatch(/^19[34]\d-\d\d-01$/);
    expect(await chart.getByRole('button', { name: /^theta/ }).textContent()).toMatch(/theta\s*\d+(\.\d+)?$/);
    expect(await bands.first().textContent()).toMatch(/\d to \d/);
    await shoot(page, 'timeseries-nine-models');

    // The same page on a phone: the chart follows its container's width.
    await page.setViewportSize(PHONE);
    await expect
      .poll(async () => (await chart.locator('canvas').first().boundingBox())!.width)
      .toBeLessThan(PHONE.width);
    await expectFits(page, PHONE.width);
    await shoot(page, 'timeseries-nine-models-390');
    await page.close();
  }, 600_000);

  it('cancels a backtest job whose forecasts are no longer shown', async () => {
    const page = await openPage(WIDE);
    await choose(page, 'co2');
    await page.getByRole('button', { name: 'Forecast' }).click();
    await page.getByTestId('backtest-job').locator('[data-state="running"]').waitFor({ timeout: 120_000 });
    await choose(page, 'Nile');
    const jobs = async () =>
      (
        (await (await fetch(`${gateway.base}/timeseries/v1/jobs`)).json()) as {
          jobs: { name: string; state: string }[];
        }
      ).jobs;
    await expect
      .poll(async () => (await jobs()).find((j) => j.name === 'backtest of co2')?.state, { timeout: 30_000 })
      .toBe('cancelled');
    await page.close();
  }, 180_000);

  it('shows a backtest that fails under its own table, not beside the Forecast button', async () => {
    const page = await openPage(WIDE);
    await choose(page, 'Nile');
    await page.getByRole('checkbox', { name: 'arima' }).uncheck();
    await page.getByRole('checkbox', { name: 'ets' }).uncheck();
    // Forecasts go to 10,000 steps; a backtest to 1,000.
    await page.locator('input[name="h"]').fill('1500');
    await page.getByRole('button', { name: 'Forecast' }).click();
    const error = page.getByTestId('backtest').getByRole('alert');
    await expect.poll(() => error.textContent(), { timeout: 60_000 }).toMatch(/^The backtest failed: .*h/);
    expect(await page.locator('.actions [role="alert"]').count()).toBe(0);
    expect(await page.getByTestId('forecast-chart').locator('.legend').textContent()).toContain('theta');
    await page.close();
  }, 120_000);

  for (const viewport of [WIDE, PHONE])
    it(`fits a ${viewport.width} px wide screen: no sideways scroll, the chart within its container`, async () => {
      const page = await openPage(viewport);
      await choose(page, 'AirPassengers');
      await forecastAndBacktest(page);
      await expectFits(page, viewport.width);
      // The table scrolls on its own, inside the page's width.
      const scroller = (await page.locator('.table-scroll').boundingBox())!;
      expect(scroller.x + scroller.width).toBeLessThanOrEqual(viewport.width);
      await shoot(page, `timeseries-${viewport.width}`);
      await page.close();
    }, 180_000);
});
