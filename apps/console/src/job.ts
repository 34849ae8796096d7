import { useEffect, useState } from 'preact/hooks';
import { ApiError, followJob, getJson, type Job } from './api';

const TERMINAL = ['succeeded', 'failed', 'cancelled'];

/** Whether a job has ended. */
export const ended = (job: Job | null): boolean => job !== null && TERMINAL.includes(job.state);

/**
 * A job of one API (`drug`, `weather`, ...) kept up to date from its event stream; after a dropped
 * stream it reads the job again and follows on. `error` says why it cannot be shown (e.g. unknown id).
 */
export function useJob(api: string, id: string | null): { job: Job | null; error: string | null } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setJob(null);
    setError(null);
    if (!id) return;
    const abort = new AbortController();
    void (async () => {
      while (!abort.signal.aborted) {
        try {
          const now = await getJson<Job>(`${api}/v1/jobs/${encodeURIComponent(id)}`, abort.signal);
          setJob(now);
          if (ended(now)) return;
          const last = await followJob(api, id, setJob, abort.signal);
          if (ended(last)) return;
        } catch (err) {
          if (abort.signal.aborted) return;
          setError(err instanceof Error ? err.message : String(err));
          // The server answered (an unknown job, a refused key): asking again will not help.
          if (err instanceof ApiError && err.status !== 0) return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    return () => abort.abort();
  }, [api, id]);
  return { job, error };
}
