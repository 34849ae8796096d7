import type { DesignJobResult, GenerationStats } from '@strata/drug-api';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { download, getJson, type Job } from '../api';
import { Chart } from '../components/chart';
import { FollowedJob } from '../components/followed-job';
import { Depiction } from '../components/molecule';
import { ErrorNote } from '../components/ui';
import type { DesignChoices } from './design-terms';
import { generationChart, termColumns, termLabel } from './design-view';

const API = 'drug';
/** Molecules drawn at first, and more at each ask. */
const SHOWN = 12;

/** What a finished design's view says of it (its job's result less the file's path). */
type DesignSummary = Pick<
  DesignJobResult,
  'generations' | 'scored' | 'seedsScored' | 'proposed' | 'invalid' | 'best' | 'stopped' | 'rdkit'
>;
type Cell = number | string | null;
interface ResultsPage {
  columns: string[];
  total: number;
  rows: Record<string, Cell>[];
}

const jobPath = (id: string) => encodeURIComponent(id);
const score = (v: Cell | undefined) => (typeof v === 'number' ? v.toFixed(3) : '–');

/**
 * A design job followed live: progress over its budget with a cancel button, the best and mean score
 * by generation as it runs, then its best molecules drawn with their scores and the downloads.
 */
export function DesignRun({ jobId, choices }: { jobId: string; choices: DesignChoices | null }) {
  return (
    <FollowedJob
      api={API}
      id={jobId}
      unit="molecules scored"
      testId="design-job"
      live={(job) => <Generations job={job} />}
      done={(job) => <DesignResults job={job} choices={choices} />}
    />
  );
}

/**
 * A run's generations so far, read again at each progress event while it runs (a generation is
 * written before its molecules count as scored), as a chart and a line on the latest.
 */
function Generations({ job }: { job: Job }) {
  const [generations, setGenerations] = useState<readonly GenerationStats[]>([]);
  const [error, setError] = useState<string | null>(null);
  const tick = `${job.state}:${job.progress.done}`;
  useEffect(() => {
    // A newer event asks again: the answer to an older question no longer counts.
    const abort = new AbortController();
    getJson<{ generations: GenerationStats[] }>(
      `${API}/v1/designs/${jobPath(job.id)}/generations`,
      abort.signal,
    )
      .then((r) => abort.signal.aborted || (setGenerations(r.generations), setError(null)))
      .catch(
        (err: unknown) => abort.signal.aborted || setError(err instanceof Error ? err.message : String(err)),
      );
    return () => abort.abort();
  }, [job.id, tick]);
  const chart = useMemo(() => generationChart(generations), [generations]);
  const last = generations.at(-1);
  return (
    <div class="generations" data-testid="design-generations" data-generations={generations.length}>
      <ErrorNote error={error} />
      {last ? (
        <>
          <Chart {...chart} time={false} height={240} xName="generation" testId="design-chart" />
          <p class="note" data-testid="generation-latest">
            Generation {last.generation}: best score <strong>{score(last.best)}</strong>, mean{' '}
            {score(last.mean)}; {last.scored.toLocaleString()} molecules scored, {last.novel.toLocaleString()}{' '}
            new in this generation.
          </p>
        </>
      ) : (
        job.state === 'running' && <p class="note">Scoring the seeds; the first generation follows.</p>
      )}
    </div>
  );
}

/** A finished design: what it did, its best molecules drawn (more on asking), and the downloads. */
function DesignResults({ job, choices }: { job: Job; choices: DesignChoices | null }) {
  const summary = job.summary as DesignSummary | null;
  const [limit, setLimit] = useState(SHOWN);
  const [page, setPage] = useState<ResultsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `${API}/v1/jobs/${jobPath(job.id)}/results`;
  useEffect(() => {
    getJson<ResultsPage>(`${base}?limit=${limit}`)
      .then((p) => (setPage(p), setError(null)))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [base, limit]);
  const save = (format: string) =>
    void download(`${base}?format=${format}`).catch((e: Error) => setError(e.message));
  const terms = termColumns(page?.columns ?? []);
  return (
    <div class="design-results">
      {summary && (
        <p class="note" data-testid="design-summary">
          {summary.generations} generations; {summary.scored.toLocaleString()} molecules scored after{' '}
          {summary.seedsScored.toLocaleString()} seeds; RDKit refused {summary.invalid.toLocaleString()} of{' '}
          {summary.proposed.toLocaleString()} proposals; stopped by {summary.stopped} (RDKit {summary.rdkit}).
        </p>
      )}
      <div class="pager">
        <strong>
          {page
            ? `The best ${Math.min(limit, page.total)} of ${page.total.toLocaleString()} kept`
            : 'Best molecules'}
        </strong>
        <span class="downloads">
          Download{' '}
          {(['csv', 'arrow', 'parquet'] as const).map((f) => (
            <button key={f} type="button" class="link" onClick={() => save(f)}>
              {f === 'csv' ? 'CSV' : f === 'arrow' ? 'Arrow' : 'Parquet'}
            </button>
          ))}
        </span>
      </div>
      <ErrorNote error={error} />
      <ol class="molecule-grid" data-testid="design-molecules">
        {(page?.rows ?? []).map((r) => (
          <li key={String(r.smiles)} class="molecule-card" data-testid="design-molecule">
            <Depiction smiles={String(r.smiles)} width={180} height={130} />
            <div class="card-head">
              <span class="rank">#{r.rank}</span>
              <span>
                score <strong data-testid="molecule-score">{score(r.score)}</strong>
              </span>
            </div>
            <dl>
              {terms.map((c) => (
                <div key={c} data-column={c}>
                  <dt>{termLabel(c, choices)}</dt>
                  <dd>{score(r[c])}</dd>
                </div>
              ))}
            </dl>
            <code class="smiles" title={r.parents ? `parents: ${String(r.parents)}` : 'a seed'}>
              {String(r.smiles)}
            </code>
            <span class="note">{r.generation ? `generation ${r.generation}` : 'seed'}</span>
          </li>
        ))}
      </ol>
      {page && limit < page.total && (
        <button type="button" class="secondary" onClick={() => setLimit(limit + SHOWN)}>
          Show {Math.min(SHOWN, page.total - limit)} more
        </button>
      )}
    </div>
  );
}
