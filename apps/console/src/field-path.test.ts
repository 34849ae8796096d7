import { describe, expect, it } from 'vitest';
import { controlOfPath } from './field-path';

describe('controlOfPath', () => {
  const controls = ['options', 'queries', 'models', 'library', 'h'];

  it('files a nested option under its own control, not under the options as a whole', () => {
    expect(controlOfPath('body.options.queries.0.smiles', controls)).toBe('queries');
    expect(controlOfPath('query.options.queries[0].smiles', controls)).toBe('queries');
    expect(controlOfPath('body.options.models.2', controls)).toBe('models');
    expect(controlOfPath('query.options.rank.by', controls)).toBe('options');
  });

  it('finds top-level fields, and nothing for a path no control is part of', () => {
    expect(controlOfPath('body.library', controls)).toBe('library');
    expect(controlOfPath('body.h', controls)).toBe('h');
    // The time-series API names a model among those asked by its place (a backtest's models).
    expect(controlOfPath('body.models.1', controls)).toBe('models');
    expect(controlOfPath('body.series.0.values', controls)).toBeNull();
    expect(controlOfPath(null, controls)).toBeNull();
  });
});
