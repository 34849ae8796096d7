import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A line of a {@link Chart}. */
export interface ChartLine {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly colour: string;
  readonly dash?: readonly number[];
}

/** A shaded interval of a {@link Chart}, drawn between `lower` and `upper`. */
export interface ChartBand {
  readonly label: string;
  readonly lower: readonly (number | null)[];
  readonly upper: readonly (number | null)[];
  readonly fill: string;
}

/**
 * A line chart with shaded bands (uPlot): forecasts with their intervals over their history. `x` is
 * ms since 1970 when `time`, else a step number. Its own legend lists the lines and bands.
 */
export function Chart(props: {
  x: readonly number[];
  time: boolean;
  lines: readonly ChartLine[];
  bands?: readonly ChartBand[];
  height?: number;
  units?: string | null;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { x, time, lines, bands = [], height = 320, units } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const hidden = { stroke: 'transparent', points: { show: false } };
    const series: uPlot.Series[] = [
      {},
      ...lines.map((l) => ({
        label: l.label,
        stroke: l.colour,
        width: 1.75,
        points: { show: false },
        ...(l.dash ? { dash: [...l.dash] } : {}),
      })),
      ...bands.flatMap((b) => [
        { label: `${b.label} upper`, ...hidden },
        { label: `${b.label} lower`, ...hidden },
      ]),
    ];
    const data = [
      [...x],
      ...lines.map((l) => [...l.values]),
      ...bands.flatMap((b) => [[...b.upper], [...b.lower]]),
    ] as uPlot.AlignedData;
    const plot = new uPlot(
      {
        width: el.clientWidth || 800,
        height,
        ms: 1,
        series,
        bands: bands.map((b, i) => {
          const upper = 1 + lines.length + 2 * i;
          return { series: [upper, upper + 1] as [number, number], fill: b.fill };
        }),
        scales: { x: { time } },
        axes: [time ? { values: timeLabels } : {}, { label: units ?? '', size: 60 }],
        legend: { show: false },
        cursor: { drag: { x: true, y: false } },
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, time, lines, bands, height, units]);
  return (
    <figure class="chart" data-testid={props.testId}>
      <div ref={box} />
      <figcaption class="legend">
        {lines.map((l) => (
          <span key={l.label}>
            <i style={{ background: l.colour }} />
            {l.label}
          </span>
        ))}
        {bands.map((b) => (
          <span key={b.label}>
            <i class="band" style={{ background: b.fill }} />
            {b.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Time ticks in UTC, as ISO dates cut to what the span needs (uPlot's own are local, 12-hour). */
function timeLabels(u: uPlot, splits: number[]): string[] {
  const span = (u.scales.x!.max ?? 0) - (u.scales.x!.min ?? 0);
  const day = 86_400_000;
  const [from, to] = span < 3 * day ? [5, 16] : span < 400 * day ? [0, 10] : [0, 7];
  return splits.map((t) => new Date(t).toISOString().slice(from, to).replace('T', ' '));
}

/** Distinct line colours (Okabe-Ito, readable for colour-blind readers). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'];

/** A colour with an alpha, from `#rrggbb`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
