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

/** A finished screen's rows, a page at a time, sorted by any column, with drawings and PAINS alerts. */
export function ScreenResults({ jobId }: { jobId: string }) {
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
      <div class="pager">
        <strong data-testid="results-total">{page.total.toLocaleString()} molecules</strong>
        <button
          type="button"
          class="secondary"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          ‹ previous
        </button>
        <span>
          {page.total ? offset + 1 : 0}–{Math.min(page.total, offset + PAGE)}
        </span>
        <button
          type="button"
          class="secondary"
          disabled={offset + PAGE >= page.total}
          onClick={() => setOffset(offset + PAGE)}
        >
          next ›
        </button>
        <span class="note">
          sorted by {page.sort ?? 'input order'} {page.sort ? `(${page.order})` : ''}; click a header to sort
        </span>
        <span style={{ marginLeft: 'auto' }}>
          Download{' '}
          <button type="button" class="link" onClick={() => save('csv')}>
            CSV
          </button>
          <button type="button" class="link" onClick={() => save('parquet')}>
            Parquet
          </button>
        </span>
      </div>
      <ErrorNote error={error} />
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="results-table">
          <thead>
            <tr>
              <th>molecule</th>
              {columns.map((c) => (
                <th key={c} class={`sortable${page.sort === c ? ' sorted' : ''}`} onClick={() => sortBy(c)}>
                  {c}
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
