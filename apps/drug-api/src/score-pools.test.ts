import { describe, expect, it } from 'vitest';
import { modelsDir } from '@strata/models';
import { ScorePools } from './score-pools.js';

const aspirin = { position: 1, id: 'aspirin', molecule: 'CC(=O)Oc1ccccc1C(=O)O', fields: {} };

describe('ScorePools', () => {
  it('lets a request on an evicted pool finish, and closes every thread cooperatively', async () => {
    const pools = new ScorePools(1, modelsDir, 1);
    const first = await pools.pool({ sa: false, models: ['esol-solubility'] }).pool;
    const scoring = first.screen([aspirin]);
    // Other options evict the first pool while its batch runs.
    const second = pools.pool({ sa: false, qed: false });
    expect(pools.size).toBe(1);
    const [row] = await scoring;
    expect(row).toMatchObject({ id: 'aspirin', error: null });
    expect(row!['esol-solubility_log_solubility']).toEqual(expect.any(Number));
    expect((await (await second.pool).screen([aspirin]))[0]).toMatchObject({ id: 'aspirin' });
    const ends = await pools.close();
    expect(ends.map((e) => e.kind)).toEqual(['closed', 'closed']);
  });
});
