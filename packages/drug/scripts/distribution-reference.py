#!/usr/bin/env python3
"""Reference values for @strata/drug's distribution metrics, computed as MOSES computes them, with RDKit
in Python (MOSES's formulas re-implemented here from its paper and metrics module; MOSES itself is not
a Debian package).

Run with Debian's python3-rdkit:  /usr/bin/python3 packages/drug/scripts/distribution-reference.py
Reads the NCI molecules from ../shared/datasets/drug/ and writes fixtures/distribution-reference.json:
a "generated" set (600 NCI molecules, 20 of them twice, and 4 strings that are no molecule), a
"training" set that holds some of them and a "reference" set, with validity, unique@100 and @1000,
novelty, IntDiv1, IntDiv2 and SNN (Morgan radius 2, 1,024 bits).
"""
import json
import os

import numpy as np
from rdkit import Chem, RDLogger
from rdkit.Chem import AllChem, DataStructs

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


unique = {m[0] for m in gen}
values = {
    "validity": len(gen) / len(generated),
    "unique@100": len({m[0] for m in gen[:100]}) / len(gen[:100]),
    "unique@1000": len({m[0] for m in gen[:1000]}) / len(gen[:1000]),
    "novelty": len(unique - train) / len(unique),
    "intDiv1": intdiv(gen_fps, 1),
    "intDiv2": intdiv(gen_fps, 2),
    "snn": float(np.mean([max(DataStructs.BulkTanimotoSimilarity(f, ref)) for f in gen_fps])),
}
out = os.path.join(HERE, "..", "fixtures", "distribution-reference.json")
json.dump(
    {"generated": generated, "training": training, "reference": reference, "rdkit": Chem.rdBase.rdkitVersion, "values": values},
    open(out, "w"),
)
print(json.dumps(values, indent=1))
