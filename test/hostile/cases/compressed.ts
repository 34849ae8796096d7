// Hostile inputs of kind 'compressed' (see ../case.ts).
import type { HostileCase } from '../case.js';

export const compressedCases: HostileCase[] = [];
