import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeLabels, timeTickSpace, valueAxisSize, valueLabels, valueText } from './chart-axes';
import './chart.css';

export { PALETTE, withAlpha } from './chart-colours';

/** A line of a {@link Chart}. */
export interface ChartLine {
  /** What names it among the lines (a model id): bands name their line by it. @defaultValue its label */
  readonly key?: string;
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly colour: string;
  readonly dash?: readonly number[];
}

/** A shaded interval of a {@link Chart}, drawn between `lower` and `upper` while its line is chosen. */
export interface ChartBand {
  readonly label: string;
  /** The key of the line it belongs to; a band of no line is always drawn. */
  readonly line?: string;
  readonly lower: readonly (number | null)[];
  readonly upper: readonly (number | null)[];
  readonly fill: string;
}

const keyOf = (l: ChartLine) => l.key ?? l.label;
// One empty list for a chart without bands: a new one each render would redraw the plot each render,
// losing the pointer's place (a redraw follows each move of it).
const NO_BANDS: readonly ChartBand[] = [];

/**
 * A line chart with shaded bands (uPlot), sized to its container: forecasts with their intervals over
 * their history. `x` is ms since 1970 when `time`, else a step number (`xName` says of what: `step 3`).
 * Its legend lists the lines, with their values where the pointer is. Bands are drawn for one line at a
 * time: the first that has any, or the one picked in the legend (so that nine models' intervals do not
 * cover each other).
 */
export function Chart(props: {
  x: readonly number[];
  time: boolean;
  lines: readonly ChartLine[];
  bands?: readonly ChartBand[];
  height?: number;
  units?: string | null;
  /**
   * What a non-time x counts (`generation`): the legend and the axis name it, and its ticks fall on
   * whole numbers. @defaultValue 'step', unnamed on the axis
   */
  xName?: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { x, time, lines, bands = NO_BANDS, height = 320, units } = props;
  const [picked, setPicked] = useState<string | null>(null);
  const [at, setAt] = useState<number | null>(null);
  const banded = lines.filter((l) => bands.some((b) => b.line === keyOf(l)));
  const chosen = banded.find((l) => keyOf(l) === picked) ?? banded[0] ?? null;
  const shown = useMemo(
    () => bands.filter((b) => b.line === undefined || (chosen && b.line === keyOf(chosen))),
    [bands, chosen],
  );
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot(
      chartOptions({ ...props, bands: shown, width: el.clientWidth, setAt }),
      dataOf(x, lines, shown),
      el,
    );
    // The chart follows its container's width: a phone's, or a window made narrower.
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // The other props (a test id) do not change the plot.
  }, [x, time, lines, shown, height, units, props.xName]);
  const number = (v: number | null | undefined) => (v === null || v === undefined ? '–' : valueText(v));
  return (
    <figure class="chart" data-testid={props.testId}>
      <div ref={box} class="chart-plot" onMouseLeave={() => setAt(null)} />
      <figcaption class="legend">
        <span class="legend-at" data-testid="legend-at">
          {at === null ? 'point at the chart for values' : xLabel(x[at], time, props.xName)}
        </span>
        {lines.map((l) => {
          const selectable = banded.includes(l);
          const value = at === null ? null : <b class="legend-value">{number(l.values[at])}</b>;
          const body = (
            <>
              <i style={{ background: l.colour }} />
              {l.label}
              {value}
            </>
          );
          return selectable ? (
            <button
              type="button"
              key={keyOf(l)}
              class="legend-item"
              aria-pressed={l === chosen}
              title="show its intervals"
              onClick={() => setPicked(keyOf(l))}
            >
              {body}
            </button>
          ) : (
            <span key={keyOf(l)} class="legend-item">
              {body}
            </span>
          );
        })}
        {shown.map((b) => (
          <span key={b.label} class="legend-item legend-band">
            <i class="band" style={{ background: b.fill }} />
            {b.label}
            {at !== null && b.lower[at] != null && (
              <b class="legend-value">
                {number(b.lower[at])} to {number(b.upper[at])}
              </b>
            )}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** The x value at the pointer, as its axis writes it. */
function xLabel(v: number | undefined, time: boolean, name = 'step'): string {
  if (v === undefined) return '';
  return time
    ? new Date(v)
        .toISOString()
        .slice(0, 16)
        .replace('T', ' ')
        .replace(/ 00:00$/, '')
    : `${name} ${v}`;
}

/** Tick steps of an x that counts (generations): whole numbers only. */
const COUNTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000];

function dataOf(x: readonly number[], lines: readonly ChartLine[], bands: readonly ChartBand[]) {
  return [
    [...x],
    ...lines.map((l) => [...l.values]),
    ...bands.flatMap((b) => [[...b.upper], [...b.lower]]),
  ] as uPlot.AlignedData;
}

function chartOptions(o: {
  time: boolean;
  lines: readonly ChartLine[];
  bands: readonly ChartBand[];
  width: number;
  height?: number;
  units?: string | null;
  xName?: string;
  setAt: (i: number | null) => void;
}): uPlot.Options {
  const hidden = { stroke: 'transparent', points: { show: false } };
  const titled = Boolean(o.units);
  return {
    width: o.width || 800,
    height: o.height ?? 320,
    ms: 1,
    // Time ticks on UTC days, months and years, as their labels say.
    tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC'),
    series: [
      {},
      ...o.lines.map((l) => ({
        label: l.label,
        stroke: l.colour,
        width: 1.75,
        points: { show: false },
        ...(l.dash ? { dash: [...l.dash] } : {}),
      })),
      ...o.bands.flatMap((b) => [
        { label: `${b.label} upper`, ...hidden },
        { label: `${b.label} lower`, ...hidden },
      ]),
    ],
    bands: o.bands.map((b, i) => {
      const upper = 1 + o.lines.length + 2 * i;
      return { series: [upper, upper + 1] as [number, number], fill: b.fill };
    }),
    scales: { x: { time: o.time } },
    axes: [
      o.time
        ? {
            space: (_u, _axis, min, max, dim) => timeTickSpace(max - min, dim),
            values: (_u, splits, _axis, _space, incr) => timeLabels(splits, incr),
          }
        : o.xName
          ? { label: o.xName, incrs: COUNTS }
          : {},
      {
        label: o.units ?? '',
        values: (_u, splits) => valueLabels(splits),
        size: (_u, values) => valueAxisSize(values, titled),
      },
    ],
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    hooks: { setCursor: [(u) => o.setAt(u.cursor.idx ?? null)] },
  };
}
