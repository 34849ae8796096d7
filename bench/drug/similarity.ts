// Top-k similarity search throughput: FingerprintLibrary (popcounts on 32-bit words, bit-count bounds,
// a bounded heap) beside the plain way (Tanimoto of every pair through `tanimoto`, then a sort).
import { FingerprintLibrary, morganFingerprint, RDKit, tanimoto, type Fingerprint } from '@strata/drug';
import { nciReference } from '@strata/drug/testing';

export async function similaritySearch(): Promise<Record<string, string | number>[]> {
  const rdkit = await RDKit.load();
  const unique: Fingerprint[] = [];
  for (const m of nciReference().molecules) {
    const fp = rdkit.withMol(m.smiles, (mol) => morganFingerprint(mol));
    if (fp) unique.push(fp);
  }
  // 100,000 library members (the NCI fingerprints repeated), 20 queries, k = 10.
  const lib = new FingerprintLibrary(2048, 100_000);
  const all: Fingerprint[] = [];
  for (let i = 0; i < 100_000; i++) all.push(unique[i % unique.length]!);
  for (const fp of all) lib.add(fp);
  const queries = unique.slice(0, 20);
  const time = (f: () => void) => {
    f();
    const s = performance.now();
    f();
    return (performance.now() - s) / 1000;
  };
  const plain = time(() => {
    for (const q of queries)
      all
        .map((fp, index) => ({ index, s: tanimoto(q, fp) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 10);
  });
  const strata = time(() => {
    for (const q of queries) lib.search(q, { k: 10 });
  });
  const comparisons = queries.length * all.length;
  return [
    {
      variant: 'tanimoto() on every pair, then sort (baseline)',
      'comparisons/s': comparisons / plain,
      'speed-up': 1,
    },
    {
      variant: 'FingerprintLibrary.search, k = 10',
      'comparisons/s': comparisons / strata,
      'speed-up': plain / strata,
    },
  ];
}
