// What the drug routes' OpenAPI entries share: molecules for their example requests, and the codes a
// request's molecules can be refused with.

/** Aspirin, the molecule of the examples. */
export const ASPIRIN = 'CC(=O)Oc1ccccc1C(=O)O';
export const CAFFEINE = 'CN1C=NC2=C1C(=O)N(C(=O)N2C)C';

/** What a request's molecules can be refused for before any thread sees them, and what RDKit may fail with. */
export const MOLECULE_ERRORS = [
  'INVALID_ARGUMENT',
  'MOLECULE_TOO_LARGE',
  'MOLECULE_UNSUPPORTED',
  'RDKIT_FAILED',
];
