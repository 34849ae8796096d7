// Its own file: the coastlines are cached per module, and these tests start from none loaded.
import { describe, expect, it } from 'vitest';
import { coastlines50m, loadCoastlines50m } from './coastline-50m.js';

describe('the 1:50m coastlines loaded without blocking', () => {
  it('read the file asynchronously once: the event loop turns before they arrive, and every caller shares them', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const first = loadCoastlines50m();
    const second = loadCoastlines50m();
    expect(second).toBe(first);
    const coasts = await first;
    // A read on this thread (readFileSync) would have resolved before the loop's next turn.
    expect(turned).toBe(true);
    expect(coasts.length).toBeGreaterThan(1000);
    expect(coastlines50m()).toBe(coasts);
    expect(await loadCoastlines50m()).toBe(coasts);
  });
});
