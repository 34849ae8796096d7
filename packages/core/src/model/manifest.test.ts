import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePreprocessing } from './manifest.js';

describe('parsePreprocessing', () => {
  const schema = z.strictObject({ stepHours: z.number().int().positive(), name: z.string().default('x') });

  it('reads a domain block with its defaults filled', () => {
    expect(parsePreprocessing({ id: 'm', preprocessing: { stepHours: 6 } }, schema, 'a grid model')).toEqual({
      stepHours: 6,
      name: 'x',
    });
  });

  it('names the model, what it is not and the first bad field', () => {
    expect(() =>
      parsePreprocessing({ id: 'm', preprocessing: { stepHours: -1 } }, schema, 'a grid model'),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(
          /^model "m" is not a grid model: preprocessing\.stepHours: /,
        ) as string,
      }) as Error,
    );
  });
});
