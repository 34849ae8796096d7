import { describe, expect, it } from 'vitest';
import {
  CELECOXIB,
  defaultDesignForm,
  designNameOf,
  designOptionsOf,
  newTerm,
  type DesignFormState,
} from './design-options';

const form = (patch: Partial<DesignFormState> = {}): DesignFormState => ({
  ...defaultDesignForm(),
  ...patch,
});

describe('designOptionsOf', () => {
  it('asks by default for a small rediscovery of celecoxib: its similarity and QED, from the NCI library', () => {
    expect(designOptionsOf(defaultDesignForm())).toEqual({
      objective: {
        terms: [
          { kind: 'similarity', targets: [CELECOXIB], weight: 1 },
          { kind: 'qed', weight: 1 },
        ],
        combine: 'product',
        constraints: { noPains: true, noMedchemExclusions: false, rules: [], require: [], forbid: [] },
      },
      seeds: { library: 'nci-5k' },
      budget: 2000,
    });
  });

  it('makes a descriptor or model term a range, and takes a target per line without its name', () => {
    const terms = [
      newTerm('similarity', { targets: ' CCO ethanol\n\nc1ccccc1  \n', weight: '2.5' }),
      newTerm('sa'),
      newTerm('descriptor', { name: 'tpsa', min: '20', max: '90' }),
      newTerm('model', { model: 'esol-solubility', task: 'log_solubility', min: '-4', max: '0', weight: '' }),
    ];
    expect(designOptionsOf(form({ terms, combine: 'sum' })).objective).toMatchObject({
      combine: 'sum',
      terms: [
        { kind: 'similarity', targets: ['CCO', 'c1ccccc1'], weight: 2.5 },
        { kind: 'sa', weight: 1 },
        { kind: 'descriptor', name: 'tpsa', desirability: { goal: 'range', min: 20, max: 90 }, weight: 1 },
        {
          kind: 'model',
          model: 'esol-solubility',
          task: 'log_solubility',
          desirability: { goal: 'range', min: -4, max: 0 },
        },
      ],
    });
  });

  it('leaves an empty number out of the JSON, so the API names the input to fill (or applies its default)', () => {
    const options = designOptionsOf(
      form({ terms: [newTerm('descriptor', { name: 'amw', min: '', max: '500' })], budget: '', seed: '' }),
    );
    const sent = JSON.parse(JSON.stringify(options)) as Record<string, unknown>;
    expect(sent).not.toHaveProperty('budget');
    expect(sent).not.toHaveProperty('seed');
    expect(sent).toMatchObject({ objective: { terms: [{ desirability: { goal: 'range', max: 500 } }] } });
    expect(JSON.stringify(options)).not.toContain('"min"');
  });

  it('sends the optimiser settings that are filled, as numbers', () => {
    const options = designOptionsOf(form({ population: '20', offspring: '50', seed: '7' }));
    expect(options).toMatchObject({ population: 20, offspring: 50, seed: 7 });
  });

  it('reads constraints: flags, rule sets, and SMARTS lines with an optional name', () => {
    const options = designOptionsOf(
      form({
        noPains: false,
        noMedchem: true,
        rules: ['lipinski', 'veber'],
        require: 'c1ccccc1 benzene ring',
        forbid: '[N+](=O)[O-]\n\n  C(=O)Cl acyl_chloride ',
      }),
    );
    expect(options.objective.constraints).toEqual({
      noPains: false,
      noMedchemExclusions: true,
      rules: ['lipinski', 'veber'],
      require: [{ smarts: 'c1ccccc1', name: 'benzene ring' }],
      forbid: [
        { smarts: '[N+](=O)[O-]', name: '[N+](=O)[O-]' },
        { smarts: 'C(=O)Cl', name: 'acyl_chloride' },
      ],
    });
  });

  it('starts from pasted SMILES, generator samples or a lead, never seeds and a lead at once', () => {
    const pasted = designOptionsOf(form({ start: 'molecules', molecules: 'CCO a\nCCN b\n' }));
    expect(pasted.seeds).toEqual({ molecules: ['CCO', 'CCN'] });
    expect(designOptionsOf(form({ start: 'generate', generateCount: '500' })).seeds).toEqual({
      generate: { count: 500 },
    });
    const lead = designOptionsOf(
      form({ start: 'lead', lead: ' CC(=O)Oc1ccccc1C(=O)O ', minSimilarity: '0.6' }),
    );
    expect(lead.lead).toEqual({ smiles: 'CC(=O)Oc1ccccc1C(=O)O', minSimilarity: 0.6 });
    expect(lead).not.toHaveProperty('seeds');
  });
});

describe('designNameOf', () => {
  it('names a job by what it optimises', () => {
    const terms = [
      newTerm('similarity'),
      newTerm('descriptor', { name: 'tpsa' }),
      newTerm('model', { model: 'x' }),
    ];
    expect(designNameOf(form({ terms }))).toBe('design: similarity + tpsa + x');
  });
});
