// The console's weather page in a real browser (Debian's Chromium driven by playwright-core) against
// the built gateway, as a newcomer uses it after `npm start`: datasets and initial times offered from
// what each model can start from, uploads named by their file, errors beside their fields, and maps
// whose title and colour bar are page text, at a desktop's width and a phone's (390 px).
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, screenshot } from './console-browser.js';
import { root, type GatewayProcess } from './gateway-process.js';

const weatherFile = (name: string) => join(root, '../shared/datasets/weather', name);
let gateway: GatewayProcess;
let stop: () => Promise<void>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ gateway, browser, stop } = await startConsole());
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
}, 120_000);

afterAll(() => stop?.());

const open = async (hash: string) => {
  // A fresh page each time: a change of hash alone would keep the last test's form as it was.
  await page.goto('about:blank');
  await page.goto(`${gateway.base}/#/${hash}`);
  // The form is ready once the server has said which datasets the model can start from.
  await page.getByTestId('weather-dataset').locator('option').first().waitFor({ state: 'attached' });
};
const shoot = (name: string) => screenshot(page, name);
const fieldError = (label: string) => page.locator('.field.has-error', { hasText: label }).getByRole('alert');

/** Chooses the user's own file as the initial state. */
async function chooseFile(name: string): Promise<void> {
  await page.getByLabel('initial state source').selectOption('file');
  await page.locator('input[type="file"]').setInputFiles(weatherFile(name));
}

/** Starts the forecast and waits for its map; answers the job's progress panel. */
async function startAndWaitForMap() {
  await page.getByRole('button', { name: 'Start the forecast' }).click();
  await page.waitForURL(/job=/);
  await page.getByTestId('weather-map').waitFor({ timeout: 90_000 });
  return page.getByTestId('weather-job');
}

describe('the weather page', () => {
  it('offers only the datasets the model can start from, the others shown with why, and their first usable time', async () => {
    await open('weather');
    const eraint = page.getByTestId('weather-dataset').locator('option[value="eraint_uvz"]');
    expect(await eraint.isDisabled()).toBe(true);
    expect(await eraint.getAttribute('title')).toMatch(/eraint_uvz has no variable "t2m"/);
    expect(await page.getByTestId('unusable-datasets').textContent()).toMatch(
      /Not offered for era5-uk-t2m-1h: .*eraint_uvz has no variable "t2m"/,
    );
    const usable = page.getByTestId('weather-dataset').locator('option[value="era5-t2m-uk-2019-03.nc"]');
    expect(await usable.isDisabled()).toBe(false);
    await page.getByTestId('weather-dataset').selectOption('era5-t2m-uk-2019-03.nc');
    expect(await page.getByTestId('weather-init').inputValue()).toBe('2019-03-01T00:00:00.000Z');
  });

  it('starts from an uploaded file at its first usable time when the initial time is left empty', async () => {
    await open('weather');
    await chooseFile('era5-t2m-uk-2019-03.nc');
    const init = page.getByTestId('weather-init-text');
    // A hint, not a value: the field is empty, and the server takes the file's first usable time.
    expect(await init.inputValue()).toBe('');
    expect(await init.getAttribute('placeholder')).toBe('first usable time in the file');
    await page.locator('input[type="number"]').fill('2');
    const job = await startAndWaitForMap();
    expect(await job.textContent()).toContain('era5-uk-t2m-1h from era5-t2m-uk-2019-03.nc');
    expect(await page.locator('.slider').textContent()).toContain('2019-03-01 01:00 UTC');
  });

  it('shows each error beside the field it concerns, naming the uploaded file by its own name', async () => {
    await open('weather');
    await chooseFile('eraint_uvz.nc');
    await page.getByRole('button', { name: 'Start the forecast' }).click();
    const fileError = fieldError('Initial state');
    await expect
      .poll(() => fileError.textContent(), { timeout: 30_000 })
      .toMatch(/eraint_uvz\.nc has no variable "t2m"/);
    expect(await fileError.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    // Not under the Model field, as it was: the model is fine, the file is not.
    const modelField = page.locator('.field', { has: page.getByTestId('weather-model') });
    expect(await modelField.getAttribute('class')).not.toContain('has-error');

    await chooseFile('era5-t2m-uk-2019-03.nc');
    await page.getByTestId('weather-init-text').fill('2019-04-01T00:00');
    await page.getByRole('button', { name: 'Start the forecast' }).click();
    const initError = fieldError('Initial time');
    await expect
      .poll(() => initError.textContent(), { timeout: 30_000 })
      .toMatch(/era5-t2m-uk-2019-03\.nc cannot start era5-uk-t2m-1h at 2019-04-01T00:00:00\.000Z/);
    await page.getByTestId('weather-init-text').fill('next tuesday');
    await page.getByRole('button', { name: 'Start the forecast' }).click();
    await expect.poll(() => initError.textContent(), { timeout: 30_000 }).toContain('next tuesday');
  });

  it('rolls out a weather forecast and shows its map, lead by lead, and a clicked point’s series', async () => {
    await open('weather');
    const dataset = page.getByTestId('weather-dataset');
    await dataset.locator('option[value="era5-t2m-uk-2019-03.nc4"]').waitFor({ state: 'attached' });
    await dataset.selectOption('era5-t2m-uk-2019-03.nc4');
    await page.getByTestId('weather-init').locator('option').first().waitFor({ state: 'attached' });
    await page.locator('input[type="number"]').fill('6');
    await page.getByRole('button', { name: 'Start the forecast' }).click();
    await page.waitForURL(/job=/);
    const map = page.getByTestId('weather-map');
    await map.waitFor({ timeout: 90_000 });
    const first = await map.getAttribute('src');
    await page.getByTestId('lead-slider').fill('5');
    await expect.poll(() => map.getAttribute('src'), { timeout: 30_000 }).not.toBe(first);
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width * 0.4, y: box.height * 0.45 } });
    await page.getByTestId('point-chart').locator('canvas').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('point-chart').textContent()).toMatch(/t2m at 5\d\.\d\d°N \d+\.\d\d°[EW]/);
    await shoot('weather');
  });

  it('draws the map’s title and colour bar as page text, and fits the map to a 390 px screen', async () => {
    await open('weather');
    await page.getByTestId('weather-dataset').selectOption('era5-t2m-uk-2019-03.nc4');
    await page.getByTestId('weather-init').selectOption('2019-03-10T00:00:00.000Z');
    await page.locator('input[type="number"]').fill('3');
    await startAndWaitForMap();
    const title = page.getByTestId('map-title');
    await expect.poll(() => title.textContent(), { timeout: 30_000 }).toBe('t2m 2019-03-10 01:00 UTC');
    // Text, in the page's font: not pixels of the image.
    const font = await title.evaluate((e) => getComputedStyle(e).fontFamily);
    expect(font).toBe(await page.evaluate(() => getComputedStyle(document.body).fontFamily));
    const legend = page.getByTestId('map-legend');
    expect(await legend.locator('.tick').count()).toBeGreaterThan(2);
    expect(await legend.textContent()).toContain('K');
    // The image is the map alone: its 33 x 49 grid and a 1-pixel border, no room for a title or a bar.
    const map = page.getByTestId('weather-map');
    const size = await map.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    expect((size[0]! - 2) / 49).toBeCloseTo((size[1]! - 2) / 33, 5);
    await shoot('weather-map');

    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(async () => (await map.boundingBox())!.width, { timeout: 10_000 }).toBeLessThan(390);
    const box = (await map.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // The colour bar is as wide as the map, its labels within the screen.
    const bar = (await legend.boundingBox())!;
    expect(Math.abs(bar.width - box.width)).toBeLessThan(2);
    for (const label of await legend.locator('.tick span').all()) {
      const b = (await label.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(390);
    }
    // A tap still picks the grid point under it.
    await map.click({ position: { x: box.width * 0.4, y: box.height * 0.45 } });
    await page.getByTestId('point-chart').locator('canvas').first().waitFor({ timeout: 30_000 });
    await shoot('weather-390');
    await page.setViewportSize({ width: 1280, height: 1000 });
  });
});
