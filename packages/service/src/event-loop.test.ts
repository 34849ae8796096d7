import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { eventLoopCheck } from './event-loop.js';

/** Keeps the event loop busy for `ms`, as a synchronous parse or a tight loop would. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('event loop readiness', () => {
  it('says not ready, with the delay, while the loop is blocked, and ready again once it keeps up', async () => {
    const check = eventLoopCheck(100, 400);
    // A loop that mostly runs blocked, in 250 ms pieces.
    const until = performance.now() + 1200;
    while (performance.now() < until) {
      block(250);
      await sleep(1);
    }
    await vi.waitFor(() => expect(check.check()).toMatchObject({ ok: false }), {
      timeout: 2000,
      interval: 50,
    });
    expect((check.check() as { detail: string }).detail).toMatch(
      /^the event loop is saturated: p99 delay \d+ ms \(max \d+ ms\) over the last 0\.4 s, more than 100 ms$/,
    );
    await vi.waitFor(() => expect(check.check()).toBe(true), { timeout: 3000, interval: 50 });
  });
});
