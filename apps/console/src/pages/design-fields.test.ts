import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { designControlOf, designErrors, placed } from './design-fields';

describe('designControlOf', () => {
  it('files a term’s field under that term’s input', () => {
    expect(designControlOf('body.options.objective.terms.1.targets.0')).toBe('terms.1.targets');
    expect(designControlOf('body.options.objective.terms.0.model')).toBe('terms.0.model');
    expect(designControlOf('body.options.objective.terms.2.task')).toBe('terms.2.task');
    expect(designControlOf('body.options.objective.terms.0.name')).toBe('terms.0.name');
    expect(designControlOf('body.options.objective.terms.3.weight')).toBe('terms.3.weight');
    expect(designControlOf('body.options.objective.terms.1.desirability.min')).toBe('terms.1.min');
    expect(designControlOf('body.options.objective.terms.1.desirability.max')).toBe('terms.1.max');
    // What no one input of a term makes (its kind), the term as a whole; the list, the terms.
    expect(designControlOf('body.options.objective.terms.1.kind')).toBe('terms.1');
    expect(designControlOf('body.options.objective.terms')).toBe('terms');
    expect(designControlOf('body.options.objective')).toBe('terms');
  });

  it('files constraints, seeds, the lead and the settings under their inputs', () => {
    expect(designControlOf('body.options.objective.constraints.forbid.0.smarts')).toBe('forbid');
    expect(designControlOf('body.options.objective.constraints.require.2.name')).toBe('require');
    expect(designControlOf('body.options.objective.constraints.rules.0')).toBe('constraints');
    expect(designControlOf('body.options.objective.constraints.similarTo.smiles')).toBe('lead');
    expect(designControlOf('body.options.objective.combine')).toBe('combine');
    expect(designControlOf('body.options.seeds.library')).toBe('library');
    expect(designControlOf('body.options.seeds.molecules.3')).toBe('molecules');
    expect(designControlOf('body.options.seeds.generate.model')).toBe('generate');
    expect(designControlOf('body.options.seeds')).toBe('seeds');
    expect(designControlOf('body.options.lead.smiles')).toBe('lead');
    expect(designControlOf('body.options.lead.minSimilarity')).toBe('minSimilarity');
    expect(designControlOf('body.options.budget')).toBe('budget');
    expect(designControlOf('body.options.offspring')).toBe('offspring');
  });

  it('files nothing for a field the form has no input for', () => {
    expect(designControlOf('body.name')).toBeNull();
    expect(designControlOf('body.options.keep')).toBeNull();
    expect(designControlOf('body.options')).toBeNull();
    expect(designControlOf(null)).toBeNull();
  });
});

describe('designErrors', () => {
  it('puts a refused target beside its term’s targets, without the path that heads the message', () => {
    const path = 'body.options.objective.terms.0.targets.0';
    const err = new ApiError(`${path}: RDKit cannot read "C1CC("`, 400, 'options', path);
    expect(designErrors(err)).toEqual({ 'terms.0.targets': 'RDKit cannot read "C1CC("' });
  });

  it('files every field a validation problem lists, the first message of an input kept', () => {
    const err = new ApiError(
      'body.options.objective.terms.1.desirability.min: min must not exceed max',
      400,
      'options',
      'body.options.objective.terms.1.desirability.min',
      [
        { field: 'body.options.objective.terms.1.desirability.min', message: 'min must not exceed max' },
        { field: 'body.options.budget', message: 'Too small: expected number to be >=1' },
        { field: 'body.options.budget', message: 'another' },
        { field: 'body.name', message: 'Too big' },
      ],
    );
    expect(designErrors(err)).toEqual({
      'terms.1.min': 'min must not exceed max',
      budget: 'Too small: expected number to be >=1',
      form: 'Too big',
    });
  });

  it('keeps a problem that names no input whole, for the form’s note', () => {
    expect(designErrors(new ApiError('the queue is full', 503, null))).toEqual({ form: 'the queue is full' });
    expect(designErrors(new Error('offline'))).toEqual({ form: 'offline' });
  });
});

describe('placed', () => {
  it('keeps errors where an input shows them and moves the rest to the form’s note', () => {
    const errors = { 'terms.1.targets': 'a', 'terms.2.min': 'b', budget: 'c', keep: 'd', form: 'e' };
    expect(placed(errors, 2)).toEqual({ 'terms.1.targets': 'a', budget: 'c', form: 'b; d; e' });
  });
});
