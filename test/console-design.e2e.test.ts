// The design page of the web console in a real browser (Debian's Chromium driven by playwright-core)
// against the built gateway: a bad target named beside its input, a small design from the bundled NCI
// library followed to its best molecules, a cancelled one, and the results on a phone.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, screenshot } from './console-browser.js';
import type { GatewayProcess } from './gateway-process.js';

const PHONE = 390;
let gateway: GatewayProcess;
let stop: () => Promise<void>;
let browser: Browser;
let page: Page;
/** The design the run test finished, for the phone test to show. */
let designJob: string | null = null;

beforeAll(async () => {
  ({ gateway, browser, stop } = await startConsole());
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
}, 120_000);

afterAll(() => stop?.());

/** Opens a page of the console afresh (a new hash alone would keep the form as the last test left it). */
async function open(p: Page, hash: string): Promise<void> {
  await p.goto('about:blank');
  await p.goto(`${gateway.base}/#/${hash}`);
}
const similarity = (p: Page) => p.locator('[data-testid="term"][data-kind="similarity"]').first();
const jobOf = (p: Page) => new URL(p.url().replace('#/', '')).searchParams.get('job');

/** Sets a design's budget and offspring (small, so that it runs several generations in seconds). */
async function small(p: Page, budget: string, offspring: string): Promise<void> {
  await p.getByTestId('budget').fill(budget);
  await p.getByText('population, offspring, random seed').click();
  await p.getByRole('spinbutton', { name: /^Offspring/ }).fill(offspring);
}

describe('the design page', () => {
  it('names a target SMILES RDKit cannot read beside its term’s targets, and starts nothing', async () => {
    await open(page, 'design');
    const targets = similarity(page).locator('.field', { hasText: 'Target SMILES' });
    await targets.locator('textarea').fill('C1CC( broken');
    await page.getByRole('button', { name: 'Start the design' }).click();
    const error = targets.getByRole('alert');
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toBe('RDKit cannot read "C1CC("');
    expect(await targets.getAttribute('class')).toContain('has-error');
    expect(page.url()).not.toContain('job=');
    // Only that input is blamed: the form's own note and the other inputs say nothing.
    expect(await page.getByRole('alert').count()).toBe(1);
    // Edited, the refusal of what it was goes.
    await targets.locator('textarea').fill('CC(=O)Oc1ccccc1C(=O)O aspirin');
    await expect.poll(() => error.count()).toBe(0);
  });

  it('names each bad number a validation refuses beside its own input', async () => {
    await open(page, 'design');
    await page.getByRole('button', { name: '+ descriptor' }).click();
    const descriptor = page.locator('[data-testid="term"][data-kind="descriptor"]');
    await descriptor.getByLabel('From', { exact: true }).fill('5');
    await descriptor.getByLabel('To', { exact: true }).fill('3');
    await page.getByTestId('budget').fill('0');
    await page.getByRole('button', { name: 'Start the design' }).click();
    const budget = page.locator('.field', { has: page.getByTestId('budget') });
    await expect.poll(() => budget.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(/>=\s?1/);
    const from = descriptor.locator('.field', { hasText: 'From' });
    expect(await from.getByRole('alert').textContent()).toBe('min must not exceed max');
    expect(page.url()).not.toContain('job=');
  });

  it('runs a small design from the NCI library: best and mean by generation, best molecules drawn with their scores', async () => {
    await open(page, 'design');
    await small(page, '300', '50');
    await page.getByRole('button', { name: 'Start the design' }).click();
    await page.waitForURL(/job=/);
    designJob = jobOf(page);
    const run = page.getByTestId('design-job');
    await run.locator('.job[data-state="succeeded"]').waitFor({ timeout: 180_000 });
    expect(await run.locator('.job-stats').textContent()).toContain('300 / 300 molecules scored');

    // A point a generation: 300 molecules at most 50 a generation (a child made before is not scored
    // again, so a generation may score fewer), six generations or more.
    const generations = run.getByTestId('design-generations');
    await expect
      .poll(async () => Number(await generations.getAttribute('data-generations')), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(6);
    const chart = run.getByTestId('design-chart');
    // Below the form: brought on screen for the pointer to reach it.
    await chart.scrollIntoViewIfNeeded();
    const plot = (await chart.locator('canvas').first().boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.6, plot.y + plot.height / 2);
    await expect.poll(() => chart.getByTestId('legend-at').textContent()).toMatch(/^generation \d+$/);
    const values = await chart.locator('.legend-value').allTextContents();
    expect(values).toHaveLength(2);
    for (const v of values) expect(Number(v)).toBeGreaterThan(0);

    // The best molecules drawn, best first, each with its score and its terms' values.
    const cards = run.getByTestId('design-molecule');
    await cards.first().locator('img.depiction').waitFor({ timeout: 60_000 });
    expect(await cards.count()).toBe(12);
    const drawn = await cards
      .first()
      .locator('img.depiction')
      .evaluate((img: HTMLImageElement) => img.naturalWidth);
    expect(drawn).toBeGreaterThan(0);
    const scores = (await run.getByTestId('molecule-score').allTextContents()).map(Number);
    expect(scores.every((s) => s > 0 && s <= 1)).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await cards.first().locator('dt').allTextContents()).toEqual(['Similarity', 'QED']);
    const best = Number(await run.getByTestId('generation-latest').locator('strong').textContent());
    expect(scores[0]).toBeCloseTo(best, 3);
    expect(await run.getByTestId('design-summary').textContent()).toMatch(/stopped by budget/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      run.getByRole('button', { name: 'CSV' }).click(),
    ]);
    const header = readFileSync((await download.path())!, 'utf8')
      .split('\n')[0]!
      .split(',');
    expect(header).toEqual(['rank', 'smiles', 'score', 'similarity', 'qed', 'parents', 'generation']);
    await screenshot(page, 'design');
  }, 300_000);

  it('cancels a design that is running', async () => {
    await open(page, 'design');
    await small(page, '100000', '50');
    await page.getByRole('button', { name: 'Start the design' }).click();
    await page.waitForURL(/job=/);
    const run = page.getByTestId('design-job');
    await run.locator('.job[data-state="running"]').waitFor({ timeout: 60_000 });
    await run.getByRole('button', { name: 'cancel' }).click();
    await run.locator('.job[data-state="cancelled"]').waitFor({ timeout: 60_000 });
    expect(await run.getByTestId('design-molecule').count()).toBe(0);
  }, 150_000);
});

describe('the design page on a phone (390 px wide)', () => {
  it('fits a finished design to the screen: form, chart and molecules', async () => {
    expect(designJob).not.toBeNull();
    const phone = await browser.newPage({ viewport: { width: PHONE, height: 844 } });
    await open(phone, `design?job=${designJob}`);
    await phone.getByTestId('design-molecule').first().locator('img.depiction').waitFor({ timeout: 60_000 });
    await phone.getByTestId('design-chart').locator('canvas').first().waitFor();
    const past = await phone.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      past: Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    }));
    expect(past).toEqual({ width: PHONE, past: [] });
    // Two molecules a row: side by side, each whole on the screen.
    const [a, b] = await Promise.all(
      [0, 1].map(async (i) => (await phone.getByTestId('design-molecule').nth(i).boundingBox())!),
    );
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
    expect(b!.x + b!.width).toBeLessThanOrEqual(PHONE);
    await screenshot(phone, 'phone-design');
    await phone.close();
  }, 90_000);
});
