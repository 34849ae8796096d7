import { serveDomain } from '@strata/service';
import { loadConfig } from './config.js';
import { weatherDomain } from './domain.js';

// The weather API on its own (`npm start` serves it inside the gateway with the other domains).
await serveDomain(weatherDomain, loadConfig());
