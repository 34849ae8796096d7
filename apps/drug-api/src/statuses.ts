import type { DrugErrorCode } from '@strata/drug';

/** The HTTP status of each drug error code: typed on the union, so a new code without one does not compile. */
export const DRUG_STATUSES: Readonly<Record<DrugErrorCode, number>> = {
  INVALID_MOLECULE: 422,
  INVALID_SMARTS: 422,
  READER_FORMAT: 422,
  READER_LIMIT: 413,
  COLUMN_NOT_FOUND: 422,
  // Past the molecule limits: the request is refused as sent. A molecule that broke RDKit: unprocessable.
  MOLECULE_TOO_LARGE: 400,
  MOLECULE_UNSUPPORTED: 422,
  RDKIT_FAILED: 500,
};
