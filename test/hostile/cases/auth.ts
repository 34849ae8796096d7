// Hostile inputs of kind 'auth' (see ../case.ts).
import type { HostileCase } from '../case.js';

export const authCases: HostileCase[] = [];
