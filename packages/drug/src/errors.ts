import { StrataError } from '@strata/core';

/** Error codes of @strata/drug. */
export type DrugErrorCode =
  | 'INVALID_MOLECULE'
  | 'INVALID_SMARTS'
  | 'RDKIT_FAILED'
  | 'MOLECULE_TOO_LARGE'
  | 'MOLECULE_UNSUPPORTED'
  | 'READER_FORMAT'
  | 'READER_LIMIT'
  | 'COLUMN_NOT_FOUND';

/** Facts attached to drug errors. */
export interface DrugErrorContext {
  /** The molecule's source position (line or record number) and id, when known. */
  readonly record?: number;
  readonly id?: string;
  /** The SMILES, SMARTS or column name at fault. */
  readonly input?: string;
  readonly available?: readonly string[];
  /** The reader limit an input went past (`READER_LIMIT`), by its option name, and its value. */
  readonly limit?: string;
  readonly value?: number;
}

/**
 * A molecule RDKit cannot parse, a SMARTS it cannot compile, an RDKit call that threw, a molecule past
 * the size RDKit is given (`MOLECULE_TOO_LARGE`) or one that broke RDKit's WebAssembly instance
 * (`MOLECULE_UNSUPPORTED`), an input file that is not what its format says, or one past a reader limit
 * (a decompression bomb).
 */
export class DrugError extends StrataError<DrugErrorCode, DrugErrorContext> {}
