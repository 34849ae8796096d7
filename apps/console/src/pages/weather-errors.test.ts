import { describe, expect, it } from 'vitest';
import { rolloutControlOf } from './weather-errors';

describe('rolloutControlOf', () => {
  it('files an initial time under its control, from the query of an upload or the body of a dataset', () => {
    expect(rolloutControlOf('query.init')).toBe('init');
    expect(rolloutControlOf('body.init')).toBe('init');
    expect(rolloutControlOf('body.dataset')).toBe('dataset');
    expect(rolloutControlOf('query.variables')).toBe('variables');
    expect(rolloutControlOf('query.model')).toBe('model');
  });

  it('files a problem with the uploaded file, the request’s body, under the file', () => {
    expect(rolloutControlOf('body')).toBe('file');
    expect(rolloutControlOf('file')).toBe('file');
  });

  it('files nothing for a path no control is part of', () => {
    expect(rolloutControlOf('query.name')).toBeNull();
    expect(rolloutControlOf(null)).toBeNull();
  });
});
