import { describe, expect, it } from 'vitest';
import {
  CHAR_PX,
  timeLabelRoom,
  timeLabels,
  timeTickSpace,
  valueAxisSize,
  valueLabels,
  valueText,
} from './chart-axes';

const DAY = 86_400_000;
/** uPlot's time increments (uPlot.esm.js genTimeStuffs), from a second up, as it picks among them. */
const UPLOT_INCRS = [
  1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10_800, 14_400, 21_600, 28_800, 43_200,
].map((s) => s * 1000);
const uplotIncrs = [
  ...UPLOT_INCRS,
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15].map((d) => d * DAY),
  ...[1, 2, 3, 4, 6].map((m) => m * 30 * DAY),
  ...[1, 2, 5, 10, 25, 50, 100].map((y) => y * 365 * DAY),
];

describe('time axis labels', () => {
  it('never overlap: at any span and width, the ticks uPlot picks leave room for their labels', () => {
    const spans = [
      2 * 3_600_000,
      3 * DAY,
      40 * DAY,
      400 * DAY,
      6 * 365 * DAY,
      20 * 365 * DAY,
      40 * 365 * DAY,
    ];
    for (const span of spans)
      for (let width = 150; width <= 1400; width += 25) {
        const space = timeTickSpace(span, width);
        // uPlot's findIncr: the finest increment at least `space` px apart.
        const incr = uplotIncrs.find((i) => (i * width) / span >= space);
        if (incr === undefined) continue;
        const apart = (incr * width) / span;
        expect(apart, `span ${span}, width ${width}`).toBeGreaterThanOrEqual(timeLabelRoom(incr));
        const [label] = timeLabels([Date.UTC(1960, 0, 1)], incr);
        expect(label!.length * CHAR_PX).toBeLessThan(apart);
      }
  });

  it('say as much as their spacing needs, in UTC', () => {
    const t = Date.UTC(1960, 2, 1, 6, 30);
    expect(timeLabels([t], 365 * DAY)).toEqual(['1960']);
    expect(timeLabels([t], 60 * DAY)).toEqual(['1960-03']);
    expect(timeLabels([t], 2 * DAY)).toEqual(['1960-03-01']);
    expect(timeLabels([t], 3_600_000)).toEqual(['03-01 06:30']);
  });

  it('space the ticks of a monthly series over decades on a phone a year or more apart', () => {
    // nottem: 20 years on the about 290 px a 390 px wide screen leaves the plot.
    const span = 20 * 365 * DAY;
    const incr = uplotIncrs.find((i) => (i * 290) / span >= timeTickSpace(span, 290))!;
    expect(incr).toBeGreaterThanOrEqual(365 * DAY);
  });
});

describe('value axis labels', () => {
  it('are short, one format on one axis, and the axis as wide as its widest', () => {
    expect(valueLabels([1000, 1500, 2000])).toEqual(['1000', '1500', '2000']);
    expect(valueLabels([9000, 10_000, 12_500])).toEqual(['9K', '10K', '12.5K']);
    expect(valueLabels([2_345_678])).toEqual(['2.346M']);
    expect(valueLabels([0.1 + 0.2, -0.5])).toEqual(['0.3', '-0.5']);
    expect(valueAxisSize(['0', '125K', '250K'], false)).toBe(Math.ceil(4 * CHAR_PX + 14));
    expect(valueAxisSize(['0', '125K'], true)).toBeGreaterThan(valueAxisSize(['0', '125K'], false));
  });

  it('are written in full in the legend', () => {
    expect(valueText(10_330.123)).toBe('10,330.1');
  });
});
