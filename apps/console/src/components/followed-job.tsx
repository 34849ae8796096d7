import type { ComponentChildren } from 'preact';
import { request, type Job } from '../api';
import { useJob } from '../job';
import { ErrorNote, JobProgress } from './ui';

/**
 * A job of one API followed live: its progress with a cancel button, what `live` shows of it in every
 * state (a chart of its progress so far), then what `done` shows of it once it has succeeded.
 */
export function FollowedJob(props: {
  api: string;
  id: string;
  unit: string;
  testId: string;
  done: (job: Job) => ComponentChildren;
  live?: (job: Job) => ComponentChildren;
}) {
  const { api, id } = props;
  const { job, error } = useJob(api, id);
  const cancel = () =>
    // Cancel only: a DELETE that arrives after the job finished would remove its results.
    void request(`${api}/v1/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }).catch(
      () => undefined,
    );
  return (
    <div data-testid={props.testId}>
      <ErrorNote error={error} />
      {job && <JobProgress job={job} unit={props.unit} onCancel={cancel} />}
      {job && props.live?.(job)}
      {job?.state === 'succeeded' && props.done(job)}
    </div>
  );
}
