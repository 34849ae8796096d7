// How an error crosses from a pool thread to its pool: name, code, message, context, stack and cause as
// plain data, which the pool revives as the class it was thrown as (see error-revival.ts). Plain
// JavaScript, because the thread runtime imports it before any TypeScript loader is registered.

/**
 * `strata` marks a StrataError: told apart by its shape, since the thread's copy of the core may be
 * another module instance than the one the class was imported from (sources and build in tests).
 * @typedef {{ name: string, message: string, code?: string, strata?: boolean, context?: object,
 *   stack?: string, cause?: SerializedError }} SerializedError
 */

/** Causes deeper than this are dropped: a chain that long says nothing a reader can use. */
const MAX_DEPTH = 4;

/**
 * A copy of `context` that survives `postMessage`: as it is when it clones, else its JSON form, else
 * nothing (a context holding a function or a native handle must not turn a task's error into a crash).
 * @param {unknown} context
 * @returns {object | undefined}
 */
function cloneable(context) {
  if (typeof context !== 'object' || context === null) return undefined;
  try {
    return structuredClone(context);
  } catch {
    try {
      return JSON.parse(JSON.stringify(context));
    } catch {
      return undefined;
    }
  }
}

/**
 * The plain-data form of any thrown value.
 * @param {unknown} err
 * @param {number} [depth]
 * @returns {SerializedError}
 */
export function serializeError(err, depth = 0) {
  if (typeof err !== 'object' || err === null || !('message' in err)) {
    return { name: 'Error', message: String(err) };
  }
  const e = /** @type {{ name?: unknown, message: unknown, code?: unknown, context?: unknown,
    stack?: unknown, cause?: unknown, toJSON?: unknown }} */ (err);
  /** @type {SerializedError} */
  const out = {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(e.message),
  };
  if (typeof e.code === 'string') out.code = e.code;
  if (out.code && typeof e.toJSON === 'function' && typeof e.context === 'object') out.strata = true;
  const context = cloneable(e.context);
  if (context) out.context = context;
  if (typeof e.stack === 'string') out.stack = e.stack;
  if (e.cause !== undefined && depth < MAX_DEPTH) out.cause = serializeError(e.cause, depth + 1);
  return out;
}
