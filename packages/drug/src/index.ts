/**
 * `@strata/drug`: molecules in (SMILES, CSV, SD files, gzip), RDKit's descriptors, QED, drug-likeness
 * rules and PAINS, Morgan fingerprints and similarity search out, with the numbers Python's RDKit gives.
 * Node-only parts (files on disk) are in `@strata/drug/node`.
 *
 * @example
 * ```ts
 * import { RDKit, descriptorsOf, painsFilter } from '@strata/drug';
 * const rdkit = await RDKit.load();
 * const pains = painsFilter(rdkit);
 * const row = rdkit.withMol('O=C1C(=Cc2ccccc2)SC(=S)N1', (mol) => ({
 *   ...descriptorsOf(mol),
 *   pains: pains.matches(mol), // ['ene_rhod_A(235)']
 * }));
 * pains.dispose();
 * ```
 *
 * @packageDocumentation
 */
export * from './errors.js';
export { RDKit, substructMatches, type RDKitMol, type RDKitOptions } from './rdkit/rdkit.js';
export {
  MOLECULE_LIMITS,
  moleculeSize,
  moleculeSizeProblem,
  type MoleculeLimits,
  type MoleculeSize,
} from './rdkit/molecule-limits.js';
export type { MoleculeRecord, TextSource } from './readers/record.js';
export { readDelimited, type DelimitedOptions } from './readers/delimited.js';
export { readSdf, type SdfOptions } from './readers/sdf.js';
export {
  READER_LIMITS,
  type DecompressionLimits,
  type ReaderLimits,
  type RecordLimits,
} from './readers/limits.js';
export {
  readMolecules,
  formatOfName,
  type MoleculeFormat,
  type ReadMoleculesOptions,
} from './readers/read-molecules.js';
export {
  DESCRIPTOR_NAMES,
  descriptorsOf,
  type DescriptorName,
  type Descriptors,
} from './descriptors/descriptors.js';
export { DESCRIPTOR_LABELS, type ColumnLabel } from './descriptors/descriptor-labels.js';
export { Qed, qedFromProperties, type QedProperties } from './descriptors/qed.js';
export { RULE_SETS, applyRules, type PropertyRule, type RuleResult, type RuleSet } from './filters/rules.js';
export { SubstructureFilter, type SmartsPattern } from './filters/substructure-filter.js';
export { painsFilter } from './filters/pains.js';
export { medchemFilter } from './filters/medchem.js';
export { NIBR_FILTERS } from './filters/nibr-filters.js';
export { PAINS_WEHI } from './filters/pains-wehi.js';
export { mergeQueryHs } from './filters/merge-query-hs.js';
export { Standardiser, type StandardiseOptions, type Standardised } from './standardise/standardiser.js';
export {
  bitCount,
  dice,
  morganFingerprint,
  onBits,
  popcount32,
  tanimoto,
  type Fingerprint,
  type MorganOptions,
} from './fingerprints/bits.js';
export { FingerprintLibrary, type SearchOptions, type SimilarityHit } from './fingerprints/library.js';
export { SaScorer } from './descriptors/sa-score.js';
export { countTanimoto, morganFeatures } from './fingerprints/morgan-features.js';
export {
  DEFAULT_DESCRIPTORS,
  screenOptions,
  screenOptionsSchema,
  type ScreenOptions,
  type ScreenOptionsInput,
} from './screening/screen-options.js';
export {
  Screener,
  modelColumns,
  screenColumns,
  type ModelColumns,
  type Cell,
  type ScreenColumn,
  type ScreenRow,
} from './screening/screener.js';
export { FEATURE_SETS, featureLength, featureVector, type FeatureSetName } from './properties/features.js';
export {
  PropertyModel,
  propertyModelSchema,
  propertyModelSpec,
  type PropertyModelSpec,
} from './properties/property-model.js';
export { SubstructureIndex, type SubstructureSearchOptions } from './fingerprints/substructure-index.js';
export { atomRequirements, smilesAtomCounts, type AtomCounts } from './filters/atom-requirements.js';
export { SmilesVocabulary, smilesTokens, SPECIAL_TOKENS } from './design/smiles-vocabulary.js';
export { SmilesGrammar, type SmilesGrammarState } from './design/smiles-grammar.js';
export { selfiesSymbols } from './design/selfies-alphabet.js';
export { decodeSelfies } from './design/selfies-decode.js';
export { encodeSelfies, type SelfiesEncodeOptions } from './design/selfies-encode.js';
export {
  filterPassRate,
  fragmentCounts,
  fragmentSimilarity,
  internalDiversity,
  METRIC_FINGERPRINT,
  nearestNeighbourSimilarity,
  novelty,
  readGenerated,
  scaffoldCounts,
  scaffoldSimilarity,
  uniqueness,
  validity,
  type ReadMolecule,
  type ScaffoldCountOptions,
} from './design/distribution-metrics.js';
export { BricsFragmenter } from './design/brics.js';
export { murckoScaffold } from './design/scaffolds.js';
export {
  MoleculeGenerator,
  type GeneratedMolecule,
  type MoleculeSampleOptions,
} from './design/generate-molecules.js';
export { frechetDescriptorDistance } from './design/frechet-distance.js';
export {
  desirabilityOf,
  objectiveOf,
  objectiveSchema,
  termNames,
  type Desirability,
  type Objective,
  type ObjectiveInput,
  type ObjectiveTerm,
  type SimilarityFingerprint,
} from './design/objective/objective-schema.js';
export {
  designOptions,
  designOptionsSchema,
  type DesignOptions,
  type DesignOptionsInput,
} from './design/design-options.js';
export { GraphBreeder, type Bred, type BreederCounts, type BreederOptions } from './design/graph/breeder.js';
export type { Candidate } from './design/graph-ga.js';
export type { GenerationStats } from './design/design-results.js';
