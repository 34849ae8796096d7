import { StrataError } from '@strata/core';

/** Error codes of @strata/drug. */
export type DrugErrorCode =
  'INVALID_MOLECULE' | 'INVALID_SMARTS' | 'RDKIT_FAILED' | 'READER_FORMAT' | 'COLUMN_NOT_FOUND';

/** Facts attached to drug errors. */
export interface DrugErrorContext {
  /** The molecule's source position (line or record number) and id, when known. */
  readonly record?: number;
  readonly id?: string;
  /** The SMILES, SMARTS or column name at fault. */
  readonly input?: string;
  readonly available?: readonly string[];
}

/**
 * A molecule RDKit cannot parse, a SMARTS it cannot compile, an RDKit call that threw, or an input file
 * that is not what its format says.
 */
export class DrugError extends StrataError<DrugErrorCode, DrugErrorContext> {}
