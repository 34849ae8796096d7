import { serveDomain } from '@strata/service';
import { loadConfig } from './config.js';
import { drugDomain } from './domain.js';

// The drug API on its own (`npm start` serves it inside the gateway with the other domains).
await serveDomain(drugDomain, loadConfig());
