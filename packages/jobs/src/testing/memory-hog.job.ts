import { defineJob } from '../types.js';

/** A handler that keeps every object it makes until its thread's heap cap stops it. */
export default defineJob<{ mb: number }, never, { kept: number }>({
  async run(ctx) {
    const kept: unknown[] = [];
    for (let i = 0; i < ctx.input.mb * 1024; i++)
      kept.push(Array.from({ length: 128 }, (_, j) => ({ i, j })));
    return { kept: kept.length };
  },
});
