/** The job handlers the contract suite registers, as module URLs (TypeScript from sources, JavaScript from the build). */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export const contractHandlers: Readonly<Record<string, URL>> = {
  'contract.sum': new URL(`./sum-of-squares.job${ext}`, import.meta.url),
  'contract.misbehaving': new URL(`./misbehaving.job${ext}`, import.meta.url),
  'contract.sharded-sum': new URL(`./sharded-sum.job${ext}`, import.meta.url),
  'contract.memory-hog': new URL(`./memory-hog.job${ext}`, import.meta.url),
};
