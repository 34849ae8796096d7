// Molecules and screens a chemist's tools would never send: ids a spreadsheet runs as formulas, lines
// that smuggle in extra rows. Each is an answer or a row of its own, never a crash.
import { expect } from 'vitest';
import type { HostileCase } from '../case.js';

export const moleculeCases: HostileCase[] = [
  {
    kind: 'molecule',
    name: 'ids a spreadsheet would run as formulas are escaped in the results CSV',
    async run(server) {
      const res = await server.json('/drug/v1/screens', {
        molecules: ['CCO =HYPERLINK("http://x")', 'CCN @SUM(A1)', 'CCC propane'],
      });
      expect(res.status).toBe(202);
      const job = res.body as { links: { events: string }; id: string };
      expect((await server.jobEnd('drug', job.links)).state).toBe('succeeded');
      const csv = (await server.get(`/drug/v1/jobs/${job.id}/results?format=csv`)).text;
      expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(csv).toContain(`'@SUM(A1)`);
      expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    },
  },
];
