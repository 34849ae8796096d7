import {
  AbortedError,
  DeadlineError,
  FeedError,
  InferenceError,
  InvalidArgumentError,
  JobError,
  ModelError,
  QueueFullError,
  StrataError,
  ThreadError,
} from '../errors.js';
import type { SerializedError } from './serialize-error.js';

export type { SerializedError } from './serialize-error.js';

/**
 * A {@link StrataError} class a pool can revive: any subclass, whatever its constructor's parameters
 * (revival builds the instance through `StrataError`'s constructor with the subclass as its prototype).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StrataErrorClass = abstract new (...args: any[]) => StrataError<string, object>;

/** The core's own classes: every pool revives these without being told. */
const CORE_CLASSES: readonly StrataErrorClass[] = [
  StrataError,
  InvalidArgumentError,
  ModelError,
  FeedError,
  InferenceError,
  AbortedError,
  QueueFullError,
  JobError,
  ThreadError,
  DeadlineError,
];

/**
 * The classes errors are revived as, by class name: the core's and those a pool was given. Names, not
 * codes, because codes are shared between classes (an `INVALID_ARGUMENT` may come from anywhere).
 */
export class ErrorClasses {
  private readonly byName = new Map<string, StrataErrorClass>();

  constructor(extra: readonly StrataErrorClass[] = []) {
    for (const c of [...CORE_CLASSES, ...extra]) this.byName.set(c.name, c);
  }

  /**
   * The error a thread threw, as it was thrown: a registered {@link StrataError} subclass with its code
   * and context; an unregistered one as a `StrataError` with its code (and its name kept); anything
   * else as a plain `Error` with its message (and its `code`, if it had one). Causes are revived too;
   * the stack is the thread's, where the error was thrown.
   */
  revive(s: SerializedError): Error {
    const cause = s.cause ? this.revive(s.cause) : undefined;
    let err: Error;
    if (s.code !== undefined && (s.strata || this.byName.has(s.name))) {
      const target = this.byName.get(s.name) ?? StrataError;
      err = Reflect.construct(
        StrataError,
        [s.code, s.message, { context: s.context ?? {}, cause }],
        target,
      ) as Error;
      err.name = s.name;
    } else {
      err = new Error(s.message, cause === undefined ? undefined : { cause });
      if (s.name !== 'Error') err.name = s.name;
      if (s.code !== undefined) Object.assign(err, { code: s.code });
    }
    if (s.stack) err.stack = s.stack;
    return err;
  }
}
