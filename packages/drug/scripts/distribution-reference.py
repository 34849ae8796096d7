#!/usr/bin/env python3
"""Reference values for @strata/drug's distribution metrics, computed as MOSES computes them, with RDKit
in Python (MOSES's formulas re-implemented here from its paper and metrics module; MOSES itself is not
a Debian package).

Run with Debian's python3-rdkit:  /usr/bin/python3 packages/drug/scripts/distribution-reference.py
Reads the NCI molecules from ../shared/datasets/drug/ and writes fixtures/distribution-reference.json:
a "generated" set (600 NCI molecules, 20 of them twice, and 4 strings that are no molecule), a
"training" set that holds some of them and a "reference" set, with validity, unique@100 and @1000,
novelty, IntDiv1, IntDiv2 and SNN (Morgan radius 2, 1,024 bits), and the Fréchet distance between the
generated and reference sets' RDKit descriptors (the 43 of rdMolDescriptors.Properties, standardised by the
reference set's means and deviations, without chi2n and chi2v, which RDKit 2026 computes otherwise than
RDKit 2022 for every molecule): |m1 - m2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)), the trace of the square
root taken as the sum of the square roots of the eigenvalues of S1 S2.
"""
import json
import os

import numpy as np
from rdkit import Chem, RDLogger
from rdkit.Chem import AllChem, DataStructs, rdMolDescriptors

RDLogger.DisableLog("rdApp.*")
HERE = os.path.dirname(os.path.abspath(__file__))
NCI = os.path.join(HERE, "..", "..", "..", "..", "shared", "datasets", "drug", "nci-first-5k.smi")
smiles = [line.split()[0] for line in open(NCI) if line.strip()]
INVALID = ["C1CC(", "not a molecule", "C(C)(C)(C)(C)C", "c1cccc1"]
generated = smiles[:600] + smiles[:20] + INVALID
training = smiles[300:1300]
reference = smiles[2000:3000]


def read(s):
    mol = Chem.MolFromSmiles(s)
    if mol is None:
        return None
    fp = AllChem.GetMorganFingerprintAsBitVect(mol, 2, nBits=1024)
    return Chem.MolToSmiles(mol), fp


gen = [m for m in map(read, generated) if m]
train = {m[0] for m in map(read, training) if m}
ref = [m[1] for m in map(read, reference) if m]
gen_fps = [m[1] for m in gen]


def intdiv(fps, p):
    sims = np.array([DataStructs.BulkTanimotoSimilarity(f, fps) for f in fps])
    return float(1 - np.mean(np.mean(sims**p, axis=1) ** (1 / p)))


PROPERTIES = rdMolDescriptors.Properties()
NAMES = list(PROPERTIES.GetPropertyNames())
COMPARED = [i for i, n in enumerate(NAMES) if n not in ("chi2n", "chi2v")]


def descriptors(smiles_list):
    mols = [Chem.MolFromSmiles(s) for s in smiles_list]
    return np.array([list(PROPERTIES.ComputeProperties(m)) for m in mols if m is not None])[:, COMPARED]


def frechet(gen_x, ref_x):
    mean, std = ref_x.mean(axis=0), ref_x.std(axis=0)
    std[std == 0] = 1
    g, r = (gen_x - mean) / std, (ref_x - mean) / std
    s1, s2 = np.cov(g, rowvar=False), np.cov(r, rowvar=False)
    root = np.sqrt(np.clip(np.linalg.eigvals(s1 @ s2).real, 0, None)).sum()
    return float(((g.mean(axis=0) - r.mean(axis=0)) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * root)


unique = {m[0] for m in gen}
values = {
    "validity": len(gen) / len(generated),
    "unique@100": len({m[0] for m in gen[:100]}) / len(gen[:100]),
    "unique@1000": len({m[0] for m in gen[:1000]}) / len(gen[:1000]),
    "novelty": len(unique - train) / len(unique),
    "intDiv1": intdiv(gen_fps, 1),
    "intDiv2": intdiv(gen_fps, 2),
    "frechetDescriptors": frechet(descriptors(generated), descriptors(reference)),
    "frechetMatrices": None,
    "snn": float(np.mean([max(DataStructs.BulkTanimotoSimilarity(f, ref)) for f in gen_fps])),
}
# The distance of two small descriptor matrices, all 43 descriptors, for a check of the arithmetic alone.
small_g = np.array([list(PROPERTIES.ComputeProperties(Chem.MolFromSmiles(s))) for s in smiles[:120]]).round(6)
small_r = np.array([list(PROPERTIES.ComputeProperties(Chem.MolFromSmiles(s))) for s in smiles[4000:4200]]).round(6)
values["frechetMatrices"] = frechet(small_g, small_r)
matrices = {"names": NAMES, "generated": small_g.tolist(), "reference": small_r.tolist()}
out = os.path.join(HERE, "..", "fixtures", "distribution-reference.json")
json.dump(
    {
        "generated": generated,
        "training": training,
        "reference": reference,
        "rdkit": Chem.rdBase.rdkitVersion,
        "descriptors": [NAMES[i] for i in COMPARED],
        "matrices": matrices,
        "values": values,
    },
    open(out, "w"),
)
print(json.dumps(values, indent=1))
