import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { ReadinessCheck } from './health.js';

let windowMs = 5000;
let histogram: IntervalHistogram | undefined;
let last = { p99Ms: 0, maxMs: 0 };

/**
 * The event loop's delay over the last complete window (5 s unless the first check asked otherwise): one monitor per process,
 * started by the first caller, so every app of a process reads the same measurements.
 */
export function eventLoopDelay(): { readonly p99Ms: number; readonly maxMs: number } {
  if (!histogram) {
    // Once per process: the window of the first caller (a test's short one) is everyone's.
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    histogram = h;
    setInterval(() => {
      last = { p99Ms: h.percentile(99) / 1e6, maxMs: h.max / 1e6 };
      h.reset();
    }, windowMs).unref();
  }
  return last;
}

/**
 * Ready while the event loop keeps up: a p99 delay over `maxDelayMs` in the last window means the
 * process cannot answer promptly (saturated, or blocked by some work), and a load balancer should send
 * requests elsewhere until it recovers. `window` (ms) is how long each measurement lasts, set by the
 * process's first check.
 */
export function eventLoopCheck(maxDelayMs = 1000, window = 5000): ReadinessCheck {
  if (!histogram) windowMs = window;
  eventLoopDelay();
  return {
    name: 'event loop',
    check: () => {
      const { p99Ms, maxMs } = eventLoopDelay();
      return p99Ms <= maxDelayMs
        ? true
        : {
            ok: false,
            detail: `the event loop is saturated: p99 delay ${Math.round(p99Ms)} ms (max ${Math.round(maxMs)} ms) over the last ${windowMs / 1000} s, more than ${maxDelayMs} ms`,
          };
    },
  };
}
