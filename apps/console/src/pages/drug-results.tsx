import type { ResultColumn } from '@strata/drug-api';
import { useEffect, useState } from 'preact/hooks';
import { download, getJson } from '../api';
import { Depiction } from '../components/molecule';
import { ErrorNote } from '../components/ui';

type Cell = number | string | boolean | null;
interface Page {
  columns: string[];
  total: number;
  offset: number;
  limit: number;
  sort?: string;
  order?: 'asc' | 'desc';
  rows: Record<string, Cell>[];
}

const PAGE = 20;
// Bookkeeping columns the table leaves to the downloads.
const HIDDEN = new Set(['input', 'inchikey', 'standardisation', 'position']);
// What a chemist looks at first; descriptors follow in the server's order.
const FIRST = ['id', 'error', 'similarity', 'nearest_query', 'qed', 'sa_score', 'pains', 'pains_count'];
const rank = (c: string) => {
  const i = FIRST.indexOf(c);
  if (i >= 0) return i;
  if (/_pass$|_failed$/.test(c)) return FIRST.length;
  return c === 'smiles' ? 1000 : FIRST.length + 1;
};

const show = (v: Cell) =>
  v === null
    ? ''
    : typeof v === 'number'
      ? Number.isInteger(v)
        ? `${v}`
        : v.toFixed(3)
      : typeof v === 'boolean'
        ? v
          ? '✓'
          : '✗'
        : v;

/** A column's header: its label and units, its name (as files have it) and what it is on hover. */
function ColumnHead({ name, column }: { name: string; column: ResultColumn | undefined }) {
  const label = column?.label ?? name;
  const title = [name, column?.description].filter(Boolean).join(': ');
  return (
    <span title={title} data-column={name}>
      {label}
      {column?.units && <span class="units"> ({column.units})</span>}
    </span>
  );
}

/**
 * A finished screen's rows, a page at a time, sorted by any column, with drawings and PAINS alerts;
 * columns under their labels (`columns`, from the job's summary), raw names on hover and in the files.
 */
export function ScreenResults({
  jobId,
  columns: described = [],
}: {
  jobId: string;
  columns?: readonly ResultColumn[];
}) {
  const byName = new Map(described.map((c) => [c.name, c]));
  const labelOf = (name: string) => byName.get(name)?.label ?? name;
  const [page, setPage] = useState<Page | null>(null);
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<{ column: string; order: 'asc' | 'desc' } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `drug/v1/jobs/${encodeURIComponent(jobId)}/results`;
  useEffect(() => {
    const q = new URLSearchParams({ offset: `${offset}`, limit: `${PAGE}` });
    if (sort) {
      q.set('sort', sort.column);
      q.set('order', sort.order);
    }
    getJson<Page>(`${base}?${q}`)
      .then((p) => (setPage(p), setError(null)))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [base, offset, sort]);
  if (!page) return <ErrorNote error={error} />;
  const columns = page.columns
    .filter((c) => !HIDDEN.has(c))
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c);
  const sortBy = (column: string) => {
    const current = sort?.column ?? page.sort;
    const order = current === column && (sort?.order ?? page.order) === 'desc' ? 'asc' : 'desc';
    setSort({ column, order });
    setOffset(0);
  };
  const save = (format: string) =>
    void download(`${base}?format=${format}`).catch((e: Error) => setError(e.message));
  return (
    <div class="results">
      <div class="pager" data-testid="results-pager">
        <strong data-testid="results-total">{page.total.toLocaleString()} molecules</strong>
        <span class="pages">
          <button
            type="button"
            class="secondary"
            aria-label="previous page"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            ‹ previous
          </button>
          <span class="range">
            {page.total ? offset + 1 : 0}–{Math.min(page.total, offset + PAGE)}
          </span>
          <button
            type="button"
            class="secondary"
            aria-label="next page"
            disabled={offset + PAGE >= page.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            next ›
          </button>
        </span>
        <span class="downloads">
          Download{' '}
          <button type="button" class="link" onClick={() => save('csv')}>
            CSV
          </button>
          <button type="button" class="link" onClick={() => save('parquet')}>
            Parquet
          </button>
        </span>
        <span class="note">
          sorted by {page.sort ? labelOf(page.sort) : 'input order'} {page.sort ? `(${page.order})` : ''};
          click a header to sort
        </span>
      </div>
      <ErrorNote error={error} />
      <div class="table-scroll">
        <table data-testid="results-table">
          <thead>
            <tr>
              <th>molecule</th>
              {columns.map((c) => (
                <th key={c} class={`sortable${page.sort === c ? ' sorted' : ''}`} onClick={() => sortBy(c)}>
                  <ColumnHead name={c} column={byName.get(c)} />
                  {page.sort === c ? (page.order === 'desc' ? ' ▼' : ' ▲') : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={String(r.position)} class={r.error ? 'failed' : ''}>
                <td>
                  {typeof r.smiles === 'string' && r.smiles ? (
                    <Depiction smiles={r.smiles} />
                  ) : (
                    <code>{String(r.input ?? '')}</code>
                  )}
                </td>
                {columns.map((c) => (
                  <td
                    key={c}
                    class={`${typeof r[c] === 'number' ? 'num' : ''}${c === 'pains' || c === 'error' ? ' alerts' : ''}`}
                  >
                    {show(r[c] ?? null)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
