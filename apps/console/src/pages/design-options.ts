// The design form's state, the request it makes (`POST /drug/v1/designs`), and where the API's refusal
// of a field goes among the form's inputs. Numbers are kept as the inputs' text: an empty one is left
// out of the request, so the server's default applies or its 400 names the very input to fill.
import type { DesignOptionsInput } from '@strata/drug-api';

/** The kinds of objective term the form offers. */
export type TermKind = 'similarity' | 'qed' | 'sa' | 'descriptor' | 'model';

/** One term of the objective as the form holds it; a kind uses only its own fields. */
export interface TermState {
  /** Stable across edits and removals, so that inputs keep their focus. */
  readonly key: number;
  readonly kind: TermKind;
  readonly weight: string;
  /** Similarity: target SMILES, one a line (anything after a space on a line is a name). */
  readonly targets: string;
  /** Descriptor: its name. */
  readonly name: string;
  /** Model: its id and task. */
  readonly model: string;
  readonly task: string;
  /** Descriptor and model: the range where the term is fully met. */
  readonly min: string;
  readonly max: string;
}

/** Where the first population comes from: a bundled library, pasted SMILES, the generator, or a lead. */
export type StartKind = 'library' | 'molecules' | 'generate' | 'lead';

/** The whole design form. */
export interface DesignFormState {
  readonly terms: readonly TermState[];
  readonly combine: 'product' | 'sum';
  readonly noPains: boolean;
  readonly noMedchem: boolean;
  readonly rules: readonly string[];
  /** Substructures as lines of `SMARTS [name]`. */
  readonly require: string;
  readonly forbid: string;
  readonly start: StartKind;
  readonly library: string;
  readonly molecules: string;
  readonly generateCount: string;
  readonly lead: string;
  readonly minSimilarity: string;
  readonly budget: string;
  readonly population: string;
  readonly offspring: string;
  readonly seed: string;
}

/** Celecoxib, the target of GuacaMol's rediscovery benchmark the default design resembles. */
export const CELECOXIB = 'Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1';

let nextKey = 1;

/** A new term of a kind with the form's defaults (a descriptor or model term needs its name picked). */
export function newTerm(kind: TermKind, fields: Partial<Omit<TermState, 'key' | 'kind'>> = {}): TermState {
  return {
    key: nextKey++,
    kind,
    weight: '1',
    targets: '',
    name: '',
    model: '',
    task: '',
    min: '',
    max: '',
    ...fields,
  };
}

/**
 * The form as it opens: a small rediscovery-like run that one click starts, similarity to celecoxib and
 * QED over seeds from the bundled NCI library, no PAINS, 2,000 molecules scored.
 */
export function defaultDesignForm(): DesignFormState {
  return {
    terms: [newTerm('similarity', { targets: `${CELECOXIB} celecoxib` }), newTerm('qed')],
    combine: 'product',
    noPains: true,
    noMedchem: false,
    rules: [],
    require: '',
    forbid: '',
    start: 'library',
    library: 'nci-5k',
    molecules: '',
    generateCount: '1000',
    lead: '',
    minSimilarity: '0.4',
    budget: '2000',
    population: '',
    offspring: '',
    seed: '',
  };
}

/** A number input's value, or nothing when it is empty (the server's default, or its 400, then applies). */
const numberOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** The non-empty lines of a text, each its first word: a SMILES or SMARTS, then an optional name. */
const firstWords = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/)[0]!);

/** `SMARTS [name]` lines as the objective's patterns; a line without a name is named by its SMARTS. */
function patternsOf(text: string): { name: string; smarts: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [smarts = '', ...name] = l.split(/\s+/);
      return { smarts, name: name.join(' ') || smarts };
    });
}

type Term = DesignOptionsInput['objective']['terms'][number];

/** One term as the objective language has it. */
function termOf(t: TermState): Term {
  const weight = numberOf(t.weight);
  const weighted = weight === undefined ? {} : { weight };
  const range = { goal: 'range' as const, min: numberOf(t.min)!, max: numberOf(t.max)! };
  switch (t.kind) {
    case 'similarity':
      return { kind: 'similarity', targets: firstWords(t.targets), ...weighted };
    case 'qed':
    case 'sa':
      return { kind: t.kind, ...weighted };
    case 'descriptor':
      return { kind: 'descriptor', name: t.name as never, desirability: range, ...weighted };
    case 'model':
      return {
        kind: 'model',
        model: t.model,
        ...(t.task ? { task: t.task } : {}),
        desirability: range,
        ...weighted,
      };
  }
}

/** Where the first population comes from, as the options say it. */
function startOf(s: DesignFormState): Pick<DesignOptionsInput, 'seeds' | 'lead'> {
  switch (s.start) {
    case 'library':
      return { seeds: { library: s.library } };
    case 'molecules':
      return { seeds: { molecules: firstWords(s.molecules) } };
    case 'generate':
      return { seeds: { generate: { count: numberOf(s.generateCount)! } } };
    case 'lead':
      return { lead: { smiles: s.lead.trim(), minSimilarity: numberOf(s.minSimilarity)! } };
  }
}

/**
 * The options of `POST /drug/v1/designs` the form asks for. Nothing is checked here: the API checks
 * every option (a target RDKit cannot read, a range upside down) and names the field it refuses.
 *
 * @example
 * ```ts
 * designOptionsOf(defaultDesignForm());
 * // { objective: { terms: [{ kind: 'similarity', targets: [CELECOXIB], weight: 1 }, { kind: 'qed', weight: 1 }],
 * //   combine: 'product', constraints: { noPains: true, ... } }, seeds: { library: 'nci-5k' }, budget: 2000 }
 * ```
 */
export function designOptionsOf(s: DesignFormState): DesignOptionsInput {
  const settings = { population: s.population, offspring: s.offspring, seed: s.seed };
  return {
    objective: {
      terms: s.terms.map(termOf),
      combine: s.combine,
      constraints: {
        noPains: s.noPains,
        noMedchemExclusions: s.noMedchem,
        rules: [...s.rules] as NonNullable<DesignOptionsInput['objective']['constraints']>['rules'],
        require: patternsOf(s.require),
        forbid: patternsOf(s.forbid),
      },
    },
    ...startOf(s),
    budget: numberOf(s.budget)!,
    ...Object.fromEntries(
      Object.entries(settings).flatMap(([k, v]) => (numberOf(v) === undefined ? [] : [[k, numberOf(v)]])),
    ),
  };
}

/** A short name for the job: what it optimises (`similarity + qed`). */
export function designNameOf(s: DesignFormState): string {
  const names = s.terms.map((t) =>
    t.kind === 'descriptor' ? t.name || 'descriptor' : t.kind === 'model' ? t.model || 'model' : t.kind,
  );
  return `design: ${names.join(' + ') || 'no terms'}`.slice(0, 200);
}
