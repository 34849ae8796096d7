// Hostile inputs of kind 'series' (see ../case.ts).
import type { HostileCase } from '../case.js';

export const seriesCases: HostileCase[] = [];
