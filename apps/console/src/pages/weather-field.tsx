import type { ForecastSummary, MapFrame, MapLegend, PointResponse } from '@strata/weather-api';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { download, getJson, request, type Job } from '../api';
import { Chart } from '../components/chart';
import { ErrorNote } from '../components/ui';
import './weather.css';

const API = 'weather';

interface Map {
  readonly src: string;
  readonly frame: MapFrame;
  /** The title and colour bar, drawn here in the page's type (the image holds the map alone). */
  readonly legend: MapLegend;
  readonly width: number;
  readonly height: number;
}

/** The grid point under a pixel of the map, or null outside the grid. */
function pointAt(frame: MapFrame, px: number, py: number): { lat: number; lon: number } | null {
  const col = Math.floor((px - frame.x) / frame.scale);
  const row = Math.floor((py - frame.y) / frame.scale);
  if (col < 0 || col >= frame.columns || row < 0 || row >= frame.rows) return null;
  const lon = (((frame.lonStart + col * frame.lonStep) % 360) + 360) % 360;
  const lat =
    frame.rows > 1
      ? frame.latFirst + ((frame.latLast - frame.latFirst) * row) / (frame.rows - 1)
      : frame.latFirst;
  return { lat, lon: lon > 180 ? lon - 360 : lon };
}

/** A latitude and longitude as people write them: 54.25°N 5.25°W. */
const place = (lat: number, lon: number) => {
  const east = lon > 180 ? lon - 360 : lon;
  return `${Math.abs(lat).toFixed(2)}°${lat < 0 ? 'S' : 'N'} ${Math.abs(east).toFixed(2)}°${east < 0 ? 'W' : 'E'}`;
};

/** A finished forecast: any variable and level as a map, leads on a slider, a clicked point's series. */
export function FieldViewer({ job }: { job: Job }) {
  const summary = job.summary as ForecastSummary;
  const [variable, setVariable] = useState(summary.variables[0]?.name ?? '');
  const levels = summary.variables.find((v) => v.name === variable)?.levels ?? null;
  const [level, setLevel] = useState<number | null>(levels?.[0] ?? null);
  const [leadIndex, setLeadIndex] = useState(0);
  const [colormap, setColormap] = useState('viridis');
  const [map, setMap] = useState<Map | null>(null);
  const [point, setPoint] = useState<{ lat: number; lon: number; x: number; y: number } | null>(null);
  const [series, setSeries] = useState<PointResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lead = summary.leads[leadIndex] ?? summary.leads[0]!;
  const base = `${API}/v1/forecasts/${encodeURIComponent(job.id)}`;
  const levelQuery = level !== null && levels ? { level: `${level}` } : {};

  useEffect(() => setLevel(levels?.[0] ?? null), [variable]);
  useEffect(() => {
    const abort = new AbortController();
    let url: string | null = null;
    const q = new URLSearchParams({
      lead: `${lead}`,
      format: 'png',
      colormap,
      decorations: 'none',
      ...levelQuery,
    });
    request(`${base}/fields/${encodeURIComponent(variable)}?${q}`, { signal: abort.signal })
      .then(async (res) => {
        const frame = JSON.parse(res.headers.get('X-Map-Frame') ?? 'null') as MapFrame;
        const legend = JSON.parse(res.headers.get('X-Map-Legend') ?? 'null') as MapLegend;
        const blob = await res.blob();
        const bitmap = await createImageBitmap(blob);
        url = URL.createObjectURL(blob);
        setMap({ src: url, frame, legend, width: bitmap.width, height: bitmap.height });
        setError(null);
      })
      .catch(
        (err: unknown) => abort.signal.aborted || setError(err instanceof Error ? err.message : String(err)),
      );
    return () => {
      abort.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [base, variable, level, lead, colormap]);

  useEffect(() => {
    if (!point) return setSeries(null);
    const q = new URLSearchParams({ lat: `${point.lat}`, lon: `${point.lon}`, variable, ...levelQuery });
    getJson<PointResponse>(`${base}/point?${q}`)
      .then(setSeries)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [point, variable, level]);

  const click = (e: MouseEvent) => {
    if (!map) return;
    const img = e.currentTarget as HTMLImageElement;
    const px = (e.offsetX * map.width) / img.clientWidth;
    const py = (e.offsetY * map.height) / img.clientHeight;
    const at = pointAt(map.frame, px, py);
    if (at) setPoint({ ...at, x: (100 * px) / map.width, y: (100 * py) / map.height });
  };

  const chart = useMemo(
    () =>
      series && {
        x: series.times.map((t) => Date.parse(t)),
        lines: [
          {
            label: `${series.variable} at ${place(series.latitude, series.longitude)}`,
            values: series.values,
            colour: '#0072B2',
          },
        ],
      },
    [series],
  );

  return (
    <div class="viewer">
      <div class="controls">
        <label class="field">
          <span class="label">Variable</span>
          <select
            value={variable}
            onChange={(e) => setVariable(e.currentTarget.value)}
            data-testid="field-variable"
          >
            {summary.variables.map((v) => (
              <option key={v.name}>{v.name}</option>
            ))}
          </select>
        </label>
        {levels && (
          <label class="field">
            <span class="label">Level (hPa)</span>
            <select value={level ?? ''} onChange={(e) => setLevel(Number(e.currentTarget.value))}>
              {levels.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
        )}
        <label class="field">
          <span class="label">Colours</span>
          <select value={colormap} onChange={(e) => setColormap(e.currentTarget.value)}>
            <option value="viridis">viridis</option>
            <option value="rdbu">red-blue (anomalies)</option>
          </select>
        </label>
        <div class="field">
          <span class="label">Download</span>
          <span>
            <button
              type="button"
              class="link"
              onClick={() => void download(`${base}/netcdf`).catch((e: Error) => setError(e.message))}
            >
              forecast (NetCDF)
            </button>
            <button
              type="button"
              class="link"
              onClick={() =>
                void download(
                  `${base}/fields/${encodeURIComponent(variable)}?lead=${lead}&format=netcdf`,
                ).catch((e: Error) => setError(e.message))
              }
            >
              this lead (NetCDF)
            </button>
          </span>
        </div>
      </div>
      <div class="slider">
        <span>
          +{lead} h
          <span class="note">
            {' '}
            (
            {new Date(Date.parse(summary.init) + lead * 3_600_000)
              .toISOString()
              .slice(0, 16)
              .replace('T', ' ')}{' '}
            UTC)
          </span>
        </span>
        <input
          type="range"
          min={0}
          max={summary.leads.length - 1}
          value={leadIndex}
          onInput={(e) => setLeadIndex(Number(e.currentTarget.value))}
          aria-label="lead time"
          data-testid="lead-slider"
        />
      </div>
      <ErrorNote error={error} />
      {map && (
        <figure class="weather-figure">
          <figcaption class="map-title" data-testid="map-title">
            {map.legend.title}
          </figcaption>
          <div class="map">
            <img src={map.src} alt={`${variable} at +${lead} h`} onClick={click} data-testid="weather-map" />
            {point && <span class="marker" style={{ left: `${point.x}%`, top: `${point.y}%` }} />}
          </div>
          <ColourBar legend={map.legend} />
        </figure>
      )}
      <p class="note">Click the map for the forecast at that point.</p>
      {chart && (
        <Chart
          x={chart.x}
          time
          lines={chart.lines}
          units={series?.units ?? null}
          height={260}
          testId="point-chart"
        />
      )}
    </div>
  );
}

/** A map's colour bar in the page's type: the colour map as a gradient, its ticks, its units. */
function ColourBar({ legend }: { legend: MapLegend }) {
  return (
    <div class="colour-bar" data-testid="map-legend">
      <div class="bar" style={{ background: `linear-gradient(to right, ${legend.colours.join(', ')})` }} />
      <div class="ticks">
        {legend.ticks.map((t) => (
          <span
            key={t.value}
            // A label near an end of the bar stays within it.
            class={`tick${t.at < 0.05 ? ' start' : t.at > 0.95 ? ' end' : ''}`}
            style={{ left: `${100 * t.at}%` }}
          >
            <span>{t.label}</span>
          </span>
        ))}
      </div>
      {legend.units && <div class="units">{legend.units}</div>}
    </div>
  );
}
