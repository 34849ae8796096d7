import { DESCRIPTOR_LABELS, type ColumnLabel } from '../descriptors/descriptor-labels.js';
import type { DescriptorName } from '../descriptors/descriptors.js';
import type { PropertyModelSpec } from '../properties/property-model.js';

/** The columns every screen writes, and those its options add (but descriptors, rules and models). */
const FIXED: Readonly<Record<string, ColumnLabel>> = {
  position: { label: 'Position', description: 'The record’s number in the input, from 1.' },
  id: { label: 'ID', description: 'The molecule’s id or name in the input.' },
  input: { label: 'Input', description: 'The molecule as the input gave it.' },
  smiles: {
    label: 'SMILES',
    description: 'Canonical SMILES, of the standardised parent when the screen standardises.',
  },
  inchikey: { label: 'InChIKey' },
  error: { label: 'Error', description: 'Why the molecule could not be screened.' },
  standardisation: { label: 'Standardisation', description: 'What standardising changed.' },
  qed: { label: 'QED', description: 'Quantitative estimate of drug-likeness (Bickerton 2012), 0 to 1.' },
  sa_score: {
    label: 'SA score',
    description: 'Synthetic accessibility (Ertl and Schuffenhauer 2009), 1 easy to 10 hard.',
  },
  pains: { label: 'PAINS alerts', description: 'The PAINS filters the molecule matches.' },
  pains_count: { label: 'PAINS alert count' },
  alerts: { label: 'Alerts', description: 'The screen’s own substructure alerts the molecule matches.' },
  similarity: {
    label: 'Similarity',
    description: 'Highest Tanimoto similarity to the query molecules (Morgan fingerprints).',
  },
  nearest_query: { label: 'Nearest query', description: 'The query molecule of that similarity.' },
};

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A fixed column's label, or the name itself for a column this table does not know. */
export function fixedColumnLabel(name: string): ColumnLabel {
  return FIXED[name] ?? { label: name };
}

/** A descriptor column's label (see `DESCRIPTOR_LABELS`). */
export const descriptorColumnLabel = (name: DescriptorName): ColumnLabel => DESCRIPTOR_LABELS[name];

/** The labels of a rule set's two columns, `<set>_pass` and `<set>_failed`. */
export function ruleColumnLabels(set: string): { pass: ColumnLabel; failed: ColumnLabel } {
  return {
    pass: { label: `${title(set)} pass`, description: `Whether the molecule passes the ${set} rule set.` },
    failed: { label: `${title(set)} failures`, description: `The ${set} rules the molecule fails.` },
  };
}

/**
 * A property model task's label and units, from the model's manifest (`preprocessing.tasks[].label`
 * and `units`); a task without a label is named by its model and task.
 */
export function modelColumnLabel(model: string, task: PropertyModelSpec['tasks'][number]): ColumnLabel {
  return {
    label: task.label ?? `${model} ${task.name}`,
    ...(task.units !== undefined ? { units: task.units } : {}),
    description: `${task.kind === 'probability' ? 'Probability' : 'Prediction'} of model ${model}, task ${task.name}.`,
  };
}
