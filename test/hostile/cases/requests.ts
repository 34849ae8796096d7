// Hostile inputs of kind 'request' (see ../case.ts).
import type { HostileCase } from '../case.js';

export const requestCases: HostileCase[] = [];
