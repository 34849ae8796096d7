import { serveDomain } from '@strata/service';
import { loadConfig } from './config.js';
import { timeseriesDomain } from './domain.js';

// The time-series API on its own (`npm start` serves it inside the gateway with the other domains).
await serveDomain(timeseriesDomain, loadConfig());
