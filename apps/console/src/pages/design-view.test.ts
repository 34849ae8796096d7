import { describe, expect, it } from 'vitest';
import type { DesignChoices } from './design-terms';
import { generationChart, termColumns, termLabel } from './design-view';

const choices: DesignChoices = {
  descriptors: [{ name: 'tpsa', default: true, label: 'TPSA', units: 'Å²' }],
  rules: [],
  models: [
    {
      id: 'esol-solubility',
      description: 'ESOL',
      columns: [{ name: 'esol-solubility_log_solubility', type: 'float', label: 'Aqueous solubility' }],
    },
  ],
};

describe('generationChart', () => {
  it('draws the best and the mean score against the generation', () => {
    const chart = generationChart([
      { generation: 1, best: 0.6, mean: 0.5, scored: 179, novel: 179 },
      { generation: 2, best: 0.7, mean: 0.52, scored: 300, novel: 121 },
    ]);
    expect(chart.x).toEqual([1, 2]);
    expect(chart.lines.map((l) => [l.key, l.values])).toEqual([
      ['best', [0.6, 0.7]],
      ['mean', [0.5, 0.52]],
    ]);
    expect(chart.lines[0]!.colour).not.toBe(chart.lines[1]!.colour);
  });
});

describe('term columns', () => {
  it('are the result columns between the score and the parents', () => {
    const columns = ['rank', 'smiles', 'score', 'similarity', 'qed', 'tpsa', 'parents', 'generation'];
    expect(termColumns(columns)).toEqual(['similarity', 'qed', 'tpsa']);
  });

  it('are labelled as screens label them, a repeated term numbered, an unknown one by its name', () => {
    expect(termLabel('qed', null)).toBe('QED');
    expect(termLabel('sa_score', null)).toBe('SA score');
    expect(termLabel('similarity_2', null)).toBe('Similarity 2');
    expect(termLabel('tpsa', choices)).toBe('TPSA');
    expect(termLabel('esol-solubility_log_solubility', choices)).toBe('Aqueous solubility');
    expect(termLabel('esol-solubility_log_solubility_2', choices)).toBe('Aqueous solubility 2');
    expect(termLabel('tox21-toxicity_NR-AR', choices)).toBe('tox21-toxicity_NR-AR');
  });
});
