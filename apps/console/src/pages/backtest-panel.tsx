import type { BacktestJobRequestBody, BacktestJobSummary, BacktestResponse } from '@strata/timeseries-api';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, post, request, type Job } from '../api';
import { FollowedJob } from '../components/followed-job';
import { ErrorNote } from '../components/ui';
import { resultOfRows, type SeriesResult } from './backtest-result';
import { backtestRunsAsJob } from './backtest-size';
import { BacktestTable } from './backtest-table';

const API = 'timeseries';

/** A backtest to run: the series as the API takes it with the horizon and models, and its length. */
export interface BacktestAsk {
  readonly body: BacktestJobRequestBody;
  readonly length: number;
}

type State =
  | { readonly kind: 'running' }
  | { readonly kind: 'done'; readonly backtest: SeriesResult | null; readonly notes: readonly string[] }
  | { readonly kind: 'job'; readonly id: string; readonly why: string }
  | { readonly kind: 'failed'; readonly error: string };

const models = (ask: BacktestAsk) => ask.body.models ?? [];

/** Asks a backtest job to stop; one that has finished is left as it is (cancel, never delete). */
const cancelJob = (id: string) =>
  request(`${API}/v1/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }).catch(() => undefined);

/**
 * Runs a backtest as a job; resolves with the state that follows it. The POST is never aborted: once
 * sent, the server may have queued the job, and only its answer gives the id to cancel it by when the
 * view has moved on (see {@link BacktestPanel}). A view gone before it is sent submits nothing.
 */
async function submitJob(ask: BacktestAsk, why: string, signal: AbortSignal): Promise<State> {
  if (signal.aborted) throw signal.reason;
  const job = await post<Job>(`${API}/v1/backtest-jobs`, ask.body);
  return { kind: 'job', id: job.id, why };
}

/** Runs it where it fits: a small one within the request, a big one, or one past the limit, as a job. */
async function runBacktest(ask: BacktestAsk, signal: AbortSignal): Promise<State> {
  const n = models(ask).length;
  if (backtestRunsAsJob(models(ask), ask.length))
    return submitJob(
      ask,
      `A backtest of ${n} model${n === 1 ? '' : 's'} on ${ask.length} values can take longer than a request may, so it runs as a job.`,
      signal,
    );
  try {
    const { name: _, ...body } = ask.body; // a job's label
    const r = await post<BacktestResponse>(`${API}/v1/backtest`, body, signal);
    return { kind: 'done', backtest: r.results[0] ?? null, notes: r.warnings };
  } catch (err) {
    // Past the server's limit for a request (or refused while it is busy): the job has no limit.
    if (!(err instanceof ApiError) || err.status !== 503) throw err;
    return submitJob(
      ask,
      `The backtest did not finish within the server’s limit for a request (${err.message}), so it runs as a job.`,
      signal,
    );
  }
}

/**
 * The backtest of the forecast models: run within the request when it is small, else as a job
 * followed live (progress, cancel); its table, or what failed and what to do, under the chart.
 */
export function BacktestPanel({ ask }: { ask: BacktestAsk | null }) {
  const [state, setState] = useState<State | null>(null);
  useEffect(() => {
    setState(null);
    if (!ask) return;
    const abort = new AbortController();
    let job: string | null = null;
    setState({ kind: 'running' });
    runBacktest(ask, abort.signal).then(
      (s) => {
        if (s.kind === 'job') {
          job = s.id;
          // Queued as the view moved on (its POST is let finish for this): no one will follow it.
          if (abort.signal.aborted) void cancelJob(s.id);
        }
        if (!abort.signal.aborted) setState(s);
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        const message = (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
        setState({
          kind: 'failed',
          error: `The backtest failed: ${message}. The forecasts above stand; try fewer models or a shorter horizon.`,
        });
      },
    );
    return () => {
      abort.abort();
      // A backtest job of forecasts no longer shown (forecast again, another page) would run for no one.
      if (job) void cancelJob(job);
    };
  }, [ask]);
  if (!state || !ask) return null;
  return (
    <section class="backtest-panel" data-testid="backtest">
      {state.kind === 'running' && (
        <p class="hint">Backtesting {models(ask).join(', ')} over rolling origins…</p>
      )}
      {state.kind === 'failed' && <ErrorNote error={state.error} />}
      {state.kind === 'done' && state.backtest && (
        <BacktestTable backtest={state.backtest} notes={state.notes} />
      )}
      {state.kind === 'job' && (
        <>
          <p class="hint">{state.why}</p>
          <FollowedJob
            api={API}
            id={state.id}
            unit="forecasts"
            testId="backtest-job"
            done={(job) => <BacktestOfJob job={job} />}
          />
        </>
      )}
    </section>
  );
}

/** A finished backtest job's table, from its result rows and the notes of its summary. */
function BacktestOfJob({ job }: { job: Job }) {
  const summary = job.summary as BacktestJobSummary;
  const [backtest, setBacktest] = useState<SeriesResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const rows = `${API}/v1/jobs/${encodeURIComponent(job.id)}/results?limit=${summary.models.length}`;
    getJson<{ rows: Record<string, unknown>[] }>(rows)
      .then((page) => setBacktest(resultOfRows(page.rows)))
      .catch((err: unknown) =>
        setError(
          `The backtest’s results cannot be read: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
  }, [job.id]);
  return (
    <>
      <ErrorNote error={error} />
      {backtest && <BacktestTable backtest={backtest} notes={summary.warnings} />}
    </>
  );
}
