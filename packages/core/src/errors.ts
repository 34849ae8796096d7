/**
 * Strata's error model: one {@link StrataError} base with a literal `code`, typed `context` and the
 * original `cause`, subclasses per failure family, and the {@link isStrataError} guard. Third-party
 * throws are wrapped at the boundary so callers (and the service kit's code-to-status table) only ever
 * switch on `code`.
 *
 * @packageDocumentation
 */

/** Every error code Strata's core raises. Domain packages extend the set with their own literals. */
export type CoreErrorCode =
  | 'INVALID_ARGUMENT'
  | 'MANIFEST_INVALID'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_FILE_MISSING'
  | 'MODEL_HASH_MISMATCH'
  | 'MODEL_SIGNATURE_MISMATCH'
  | 'MODEL_LOAD_FAILED'
  | 'FEED_MISSING'
  | 'FEED_UNKNOWN'
  | 'FEED_DTYPE'
  | 'FEED_SHAPE'
  | 'INFERENCE_FAILED'
  | 'SESSION_DISPOSED'
  | 'ABORTED'
  | 'QUEUE_FULL'
  | 'JOB_NOT_FOUND'
  | 'JOB_HANDLER_UNKNOWN'
  | 'JOB_FAILED'
  | 'JOB_NOT_FINISHED'
  | 'JOB_STATE_LOCKED'
  | 'THREAD_EXITED'
  | 'THREAD_OUT_OF_MEMORY'
  | 'DEADLINE_EXCEEDED';

/** Options every Strata error accepts. */
export interface StrataErrorOptions<C extends object = Record<string, unknown>> {
  /** Structured facts about the failure (the model id, the input name, the expected value, ...). */
  readonly context?: C;
  /** The error this one wraps, if any. */
  readonly cause?: unknown;
}

/**
 * Base class of every error Strata throws on purpose.
 *
 * @example
 * ```ts
 * try { await registry.session('esol'); }
 * catch (err) { if (isStrataError(err, 'MODEL_NOT_FOUND')) console.error(err.context.modelId); }
 * ```
 */
export class StrataError<
  Code extends string = string,
  C extends object = Record<string, unknown>,
> extends Error {
  /** Machine-readable failure code: stable across releases, the thing to switch on. */
  readonly code: Code;
  /** Structured facts about the failure. */
  readonly context: C;

  constructor(code: Code, message: string, options: StrataErrorOptions<C> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = options.context ?? ({} as C);
  }

  /** A plain JSON form for logs, job records and problem+json bodies (no stack). */
  toJSON(): { name: string; code: Code; message: string; context: C } {
    return { name: this.name, code: this.code, message: this.message, context: this.context };
  }
}

/** An argument outside what a function allows. */
export class InvalidArgumentError extends StrataError<
  'INVALID_ARGUMENT',
  { argument: string; value?: unknown }
> {
  constructor(argument: string, message: string, options: { value?: unknown; cause?: unknown } = {}) {
    super('INVALID_ARGUMENT', message, { context: { argument, value: options.value }, cause: options.cause });
  }
}

/** Facts attached to model errors: which model, which field of its manifest. */
export interface ModelErrorContext {
  readonly modelId: string;
  readonly field?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
  readonly path?: string;
}

/** A model's manifest, file or graph is not what it should be, or the model could not be loaded. */
export class ModelError extends StrataError<
  | 'MANIFEST_INVALID'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_FILE_MISSING'
  | 'MODEL_HASH_MISMATCH'
  | 'MODEL_SIGNATURE_MISMATCH'
  | 'MODEL_LOAD_FAILED',
  ModelErrorContext
> {}

/** Facts attached to feed errors. */
export interface FeedErrorContext {
  readonly input: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly modelId?: string;
}

/** A feed does not match the model's declared inputs. */
export class FeedError extends StrataError<
  'FEED_MISSING' | 'FEED_UNKNOWN' | 'FEED_DTYPE' | 'FEED_SHAPE',
  FeedErrorContext
> {}

/** The backend failed while running a model, or the session was already disposed. */
export class InferenceError extends StrataError<
  'INFERENCE_FAILED' | 'SESSION_DISPOSED',
  { modelId?: string }
> {}

/** Work was cancelled through an `AbortSignal` (or a job's cancel) before it finished. */
export class AbortedError extends StrataError<'ABORTED', { reason?: unknown }> {
  constructor(message = 'the operation was aborted', reason?: unknown) {
    super('ABORTED', message, { context: { reason }, cause: reason });
  }
}

/** A bounded queue refused more work. */
export class QueueFullError extends StrataError<'QUEUE_FULL', { limit: number }> {}

/** A job does not exist, has no handler, failed, or its state directory is held by another process. */
export class JobError extends StrataError<
  'JOB_NOT_FOUND' | 'JOB_HANDLER_UNKNOWN' | 'JOB_FAILED' | 'JOB_NOT_FINISHED' | 'JOB_STATE_LOCKED',
  { jobId?: string; kind?: string; path?: string }
> {}

/** Facts attached to thread errors: which pool, which thread. */
export interface ThreadErrorContext {
  readonly pool?: string;
  readonly threadId?: number;
  readonly exitCode?: number;
}

/**
 * A worker thread ended under a task: it exited or crashed (`THREAD_EXITED`), or its allocations passed
 * its memory cap (`THREAD_OUT_OF_MEMORY`). The pool replaces the thread; the task is not retried.
 */
export class ThreadError extends StrataError<'THREAD_EXITED' | 'THREAD_OUT_OF_MEMORY', ThreadErrorContext> {}

/** Work passed the deadline it was given (its signal fired at the deadline). */
export class DeadlineError extends StrataError<'DEADLINE_EXCEEDED', { deadline: number }> {
  constructor(deadline: number, options: { message?: string; cause?: unknown } = {}) {
    super(
      'DEADLINE_EXCEEDED',
      options.message ?? `the work passed its deadline (${new Date(deadline).toISOString()})`,
      {
        context: { deadline },
        cause: options.cause,
      },
    );
  }
}

/**
 * True when `err` is a {@link StrataError}, optionally with one of the given codes. Narrows the type so
 * `err.code` and `err.context` can be used directly.
 *
 * @example
 * ```ts
 * if (isStrataError(err, 'FEED_DTYPE', 'FEED_SHAPE')) reply(400, err.message);
 * ```
 */
export function isStrataError<Code extends string>(
  err: unknown,
  ...codes: Code[]
): err is StrataError<Code, Record<string, unknown>> {
  if (!(err instanceof StrataError)) return false;
  return codes.length === 0 || (codes as string[]).includes((err as StrataError).code);
}

/** Throws {@link AbortedError} when `signal` has fired. Call between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError('the operation was aborted', signal.reason);
}

/** The message of any thrown value, for wrapping third-party errors. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
