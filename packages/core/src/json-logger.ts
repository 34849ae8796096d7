import { pino } from 'pino';
import type { Logger } from './log.js';

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Appears as `name` on every line. */
  readonly name?: string;
  /** @defaultValue `'info'` */
  readonly level?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** File descriptor to write to. @defaultValue `1` (stdout) */
  readonly fd?: number;
}

let warnings: Logger | undefined;

/**
 * Where components that were given no logger report what must not pass silently (an execution
 * provider falling back to CPU): warnings and errors as JSON lines on stderr.
 */
export function defaultWarningLogger(): Logger {
  return (warnings ??= createJsonLogger({ name: 'strata', level: 'warn', fd: 2 }));
}

/** A structured JSON-lines logger (pino) to pass to Strata's components. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  return pino(
    { level: options.level ?? 'info', ...(options.name ? { name: options.name } : {}) },
    pino.destination({ fd: options.fd ?? 1, sync: true }),
  );
}
