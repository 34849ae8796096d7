import { z } from 'zod';
import { moleculeSizeProblem } from './molecule-limits.js';

/**
 * The zod schema of a SMILES or SMARTS that RDKit may be given: non-empty and within the molecule limits
 * (see `MOLECULE_LIMITS`), counted from the text; a text past one fails validation naming `kind` and the
 * limit, before RDKit sees it.
 *
 * @example
 * ```ts
 * const query = z.strictObject({ smiles: withinLimits('query') });
 * ```
 */
export const withinLimits = (kind: string) =>
  z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
      const problem = moleculeSizeProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: `${kind}: ${problem}` });
    });
