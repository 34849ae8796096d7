// Hostile inputs of kind 'delimited-file' (see ../case.ts).
import type { HostileCase } from '../case.js';

export const delimitedFileCases: HostileCase[] = [];
