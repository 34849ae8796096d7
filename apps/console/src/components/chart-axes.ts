// How a chart's axes label themselves so that their labels never overlap, at any width: each time
// label is as long as its tick spacing needs, the ticks are spaced so that their labels fit between
// them, and the value axis is as wide as its widest label.

const DAY = 86_400_000;

/** The width of one character of the axis font (uPlot's 12px system-ui), generously: digits and dashes. */
export const CHAR_PX = 7.5;
/** The clear space kept between neighbouring tick labels. */
const GAP_PX = 16;

/** Which part of an ISO 8601 time (`2019-03-10T06:00:00.000Z`) labels ticks `incr` ms apart. */
export function timeLabelSlice(incr: number): readonly [number, number] {
  if (incr >= 365 * DAY) return [0, 4]; // 2019
  if (incr >= 28 * DAY) return [0, 7]; // 2019-03
  if (incr >= DAY) return [0, 10]; // 2019-03-10
  if (incr >= 60_000) return [5, 16]; // 03-10 06:00
  return [11, 19]; // 06:00:30
}

/** Time tick labels in UTC (uPlot's own are local and 12-hour), cut to what their spacing needs. */
export function timeLabels(splits: readonly number[], incr: number): string[] {
  const [from, to] = timeLabelSlice(incr);
  return splits.map((t) => new Date(t).toISOString().slice(from, to).replace('T', ' '));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Tick increments as uPlot's time axis has them (a month is 30 days to it, a year 365). */
const TIME_INCRS = [
  ...[1, 5, 10, 15, 30].map((n) => n * SECOND),
  ...[1, 5, 10, 15, 30].map((n) => n * MINUTE),
  ...[1, 2, 3, 4, 6, 8, 12].map((n) => n * HOUR),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15].map((n) => n * DAY),
  ...[1, 2, 3, 4, 6].map((n) => n * 30 * DAY),
  ...[1, 2, 5, 10, 25, 50, 100, 1000].map((n) => n * 365 * DAY),
];

/** The width, in px, that the labels of ticks `incr` ms apart need, with the gap after them. */
export function timeLabelRoom(incr: number): number {
  const [from, to] = timeLabelSlice(incr);
  return (to - from) * CHAR_PX + GAP_PX;
}

/**
 * The least space, in px, between time ticks over `span` ms on `plotDim` px: the spacing of the
 * closest ticks whose labels fit between them. uPlot then takes ticks at least that far apart, whose
 * labels are no longer (a coarser tick says less) and have at least that room.
 */
export function timeTickSpace(span: number, plotDim: number): number {
  if (!(span > 0) || !(plotDim > 0)) return 50;
  const px = (incr: number) => (incr * plotDim) / span;
  const incr = TIME_INCRS.find((i) => px(i) >= timeLabelRoom(i)) ?? TIME_INCRS.at(-1)!;
  return Math.max(px(incr), timeLabelRoom(incr));
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 4 });
const plain = new Intl.NumberFormat('en', { maximumSignificantDigits: 6, useGrouping: false });

/**
 * A value axis' labels, short so that the axis stays narrow on a phone: all compact (12.5K, 1.2M)
 * where any passes 10,000, so that one axis never mixes 9000 and 10K.
 */
export function valueLabels(splits: readonly number[]): string[] {
  const format = splits.some((v) => Math.abs(v) >= 10_000) ? compact : plain;
  return splits.map((v) => format.format(v));
}

const full = new Intl.NumberFormat('en', { maximumSignificantDigits: 6 });

/** A value as a legend reads it at the pointer: in full, to six significant digits. */
export function valueText(v: number): string {
  return full.format(v);
}

/** The width of a value axis that holds its widest label, the tick marks, and its title when it has one. */
export function valueAxisSize(labels: readonly (string | null)[] | null, titled: boolean): number {
  const widest = Math.max(3, ...(labels ?? []).map((l) => (l ?? '').length));
  return Math.ceil(widest * CHAR_PX + 14 + (titled ? 20 : 0));
}
