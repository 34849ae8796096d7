// The drug page of the web console and the page layout on a phone, in a real browser (Debian's Chromium
// driven by playwright-core) against the built gateway, as a newcomer would use them after `npm start`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, screenshot } from './console-browser.js';
import { root, type GatewayProcess } from './gateway-process.js';

const PHONE = 390;
let gateway: GatewayProcess;
let stop: () => Promise<void>;
let browser: Browser;
let page: Page;
/** The screen the results test ran, for the phone-width test to show. */
let screenJob: string | null = null;

beforeAll(async () => {
  ({ gateway, browser, stop } = await startConsole());
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
}, 120_000);

afterAll(() => stop?.());

const open = (p: Page, hash: string) => p.goto(`${gateway.base}/#/${hash}`);
const similarTo = (p: Page) => p.locator('.field', { hasText: 'Similar to' });

describe('the drug page', () => {
  it('names an invalid similarity query beside its field as it is typed, before any screen starts', async () => {
    await open(page, 'drug');
    await similarTo(page).locator('input').fill('C1CC(');
    const error = similarTo(page).getByRole('alert');
    // Checked by the API (the screen's own check) after a pause in typing: no submit needed.
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toContain('C1CC(');
    expect(await similarTo(page).getAttribute('class')).toContain('has-error');
    // Submitting anyway starts nothing, and the error stays where it belongs.
    await page.getByRole('button', { name: 'Start the screen' }).click();
    await page.getByRole('button', { name: 'Start the screen' }).waitFor();
    await expect
      .poll(() => error.textContent(), { timeout: 30_000 })
      .toMatch(/cannot parse the query molecule/);
    expect(page.url()).not.toContain('job=');
    expect(await page.locator('.actions .error-note').count()).toBe(0);
    // Fixed, the error goes.
    await similarTo(page).locator('input').fill('CC(=O)Oc1ccccc1C(=O)O');
    await expect.poll(() => error.count(), { timeout: 30_000 }).toBe(0);
  });

  it('lists the bundled library with as many molecules as a screen of it runs', async () => {
    await open(page, 'drug');
    await page.getByLabel('a bundled library').check();
    const option = page.locator('select option[value="nci-5k"]');
    await option.waitFor({ state: 'attached' });
    // Every record of datasets/nci-first-5k.smi, as the screen writes them; those RDKit cannot read are said.
    const records = readFileSync(join(root, 'datasets/nci-first-5k.smi'), 'utf8').trim().split('\n').length;
    expect(await option.textContent()).toMatch(
      new RegExp(`^nci-5k \\(${records.toLocaleString('en-US')} molecules, \\d+ RDKit cannot read\\)$`),
    );
  });

  it('shows aspirin’s H-bond acceptors and its N + O count under their own labels', async () => {
    await open(page, 'drug');
    await page.getByTestId('score-input').fill('CC(=O)Oc1ccccc1C(=O)O');
    const card = page.getByTestId('score-card');
    await card.locator('dd[data-column="NumHBA"]').waitFor({ timeout: 30_000 });
    expect(await card.locator('dt[data-column="NumHBA"]').textContent()).toBe('H-bond acceptors');
    expect(await card.locator('dd[data-column="NumHBA"]').textContent()).toBe('3');
    expect(await card.locator('dt[data-column="lipinskiHBA"]').textContent()).toBe('N + O count');
    expect(await card.locator('dd[data-column="lipinskiHBA"]').textContent()).toBe('4');
    expect(await card.locator('dt[data-column="tpsa"]').textContent()).toBe('TPSA (Å²)');
    // No bare "HBA": one label, one definition.
    expect(await card.locator('dt').allTextContents()).not.toContain('HBA');
  });

  it('labels result columns with units, keeping raw names on hover and in the downloaded CSV', async () => {
    await open(page, 'drug');
    await page.getByLabel('paste SMILES').check();
    await page
      .getByTestId('smiles-input')
      .fill('CC(=O)Oc1ccccc1C(=O)O aspirin\nc1ccccc1O phenol\nCCO ethanol');
    await page.getByLabel('esol-solubility').check();
    await page.getByRole('button', { name: 'Start the screen' }).click();
    await page.waitForURL(/job=/);
    screenJob = new URL(page.url().replace('#/', '')).searchParams.get('job');
    const table = page.getByTestId('results-table');
    await table.locator('tbody tr').first().waitFor({ timeout: 90_000 });
    const head = (name: string) => table.locator(`th [data-column="${name}"]`);
    expect(await head('amw').textContent()).toBe('Molecular weight (g/mol)');
    expect(await head('amw').getAttribute('title')).toMatch(/^amw: /);
    expect(await head('NumHBA').textContent()).toBe('H-bond acceptors');
    expect(await head('esol-solubility_log_solubility').textContent()).toBe(
      'Aqueous solubility (ESOL model) (log10(mol/L))',
    );
    expect(await head('esol-solubility_log_solubility').getAttribute('title')).toContain(
      'esol-solubility_log_solubility',
    );
    expect(await table.locator('thead').textContent()).not.toContain('esol-solubility_log_solubility');
    // Sorting goes by the column, shown by its label.
    await head('amw').click();
    await expect
      .poll(() => table.locator('th.sorted').textContent(), { timeout: 30_000 })
      .toContain('Molecular weight');
    expect(await page.getByTestId('results-pager').textContent()).toContain('sorted by Molecular weight');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('results-pager').getByRole('button', { name: 'CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const header = csv.split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['amw', 'NumHBA', 'esol-solubility_log_solubility']));
    await screenshot(page, 'drug-labels');
  });
});

describe('the console on a phone (390 px wide)', () => {
  let phone: Page;

  beforeAll(async () => {
    phone = await browser.newPage({ viewport: { width: PHONE, height: 844 } });
  });

  /**
   * The page's width, and what sticks out past the right edge of the screen (for a message that says
   * where), but inside a box that scrolls on its own, as a wide table does.
   */
  const overflow = () =>
    phone.evaluate(() => {
      const scrolled = (el: Element) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
        return false;
      };
      return {
        width: document.documentElement.scrollWidth,
        past: Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !scrolled(el))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
      };
    });

  it('fits every page to the screen: the header wraps, nothing is wider than 390 px', async () => {
    const seen: Record<string, { width: number; past: string[] }> = {};
    await open(phone, 'timeseries');
    await phone.getByRole('button', { name: 'Forecast' }).click();
    await phone.getByTestId('forecast-chart').locator('canvas').first().waitFor({ timeout: 60_000 });
    seen.timeseries = await overflow();
    await screenshot(phone, 'phone-timeseries');
    await open(phone, 'weather');
    await phone.getByTestId('weather-dataset').locator('option').first().waitFor({ state: 'attached' });
    seen.weather = await overflow();
    await screenshot(phone, 'phone-weather');
    await open(phone, 'drug');
    await phone.getByTestId('score-card').waitFor({ timeout: 30_000 });
    seen.drug = await overflow();
    expect(seen).toEqual({
      timeseries: { width: PHONE, past: [] },
      weather: { width: PHONE, past: [] },
      drug: { width: PHONE, past: [] },
    });
    for (const link of await phone.locator('header nav a, header .docs a').all()) {
      const box = (await link.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE);
    }
  }, 120_000);

  it('shows a screen’s results on a phone: the table scrolls on its own, the pager fits uncramped', async () => {
    expect(screenJob).not.toBeNull();
    await open(phone, `drug?job=${screenJob}`);
    const pager = phone.getByTestId('results-pager');
    await phone.getByTestId('results-table').locator('tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await overflow()).toEqual({ width: PHONE, past: [] });
    // Every part of the pager on the screen, its page buttons side by side with their text whole.
    for (const part of await pager.locator('strong, button, .range, .note').all()) {
      const box = (await part.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE);
    }
    const previous = (await pager.getByRole('button', { name: 'previous page' }).boundingBox())!;
    const next = (await pager.getByRole('button', { name: 'next page' }).boundingBox())!;
    expect(Math.abs(previous.y - next.y)).toBeLessThan(2);
    expect(next.x).toBeGreaterThan(previous.x + previous.width);
    const clipped = await pager
      .locator('button')
      .evaluateAll((buttons) => buttons.filter((b) => b.scrollWidth > b.clientWidth + 1).length);
    expect(clipped).toBe(0);
    await screenshot(phone, 'phone-drug-results');
  }, 90_000);
});
