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

It also holds MOSES's Frag and Scaf of the generated (valid, repeats kept) against the reference set: the
cosine similarity of the counts of BRICS fragments (the parts of the canonical SMILES of
AllChem.FragmentOnBRICSBonds(mol)) and of Bemis-Murcko scaffolds (canonical SMILES of
MurckoScaffold.GetScaffoldForMol(mol), left out when empty or of fewer than two rings, MOSES's min_rings);
the fraction of the valid generated molecules that match no PAINS filter (FilterCatalog) and no NIBR
"exclude" filter (built as reference-values.py builds them); and, for a per-molecule check, the fragments,
scaffold and ring count of every 16th NCI molecule (300) and of a few molecules with stereo, charges,
salts and ambiguous BRICS bonds (EXTRA).
"""
import csv
import json
import os
from collections import Counter

import numpy as np
from rdkit import Chem, RDConfig, RDLogger
from rdkit.Chem import AllChem, DataStructs, rdMolDescriptors
from rdkit.Chem.FilterCatalog import FilterCatalog, FilterCatalogEntry, FilterCatalogParams
from rdkit.Chem.FilterCatalog import SmartsMatcher as FilterCatalog_SmartsMatcher
from rdkit.Chem.Scaffolds import MurckoScaffold

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
    # Clipped at 10 deviations, as frechetDescriptorDistance does (kappa3 explodes on a few molecules).
    g, r = np.clip((gen_x - mean) / std, -10, 10), np.clip((ref_x - mean) / std, -10, 10)
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


def fragments(mol):
    return Chem.MolToSmiles(AllChem.FragmentOnBRICSBonds(mol)).split(".")


def scaffold(mol):
    s = MurckoScaffold.GetScaffoldForMol(mol)
    return Chem.MolToSmiles(s), s.GetRingInfo().NumRings()


def cosine(a, b):
    keys = sorted(set(a) | set(b))
    u, v = np.array([a.get(k, 0) for k in keys], float), np.array([b.get(k, 0) for k in keys], float)
    return float(u @ v / np.sqrt((u @ u) * (v @ v)))


def scaffold_counts(mols):
    return Counter(s for s, rings in map(scaffold, mols) if s and rings >= 2)


# RDKit 2026 refuses this aluminium complex (six bonds to Al), which RDKit 2022 reads: left out of the
# reference set's counts so that both count the same molecules.
REFUSED_BY_RDKIT_2026 = {"O=C1O[Al]23(OC1=O)(OC(=O)C(=O)O2)OC(=O)C(=O)O3"}
gen_mols = [m for m in (Chem.MolFromSmiles(s) for s in generated) if m is not None]
ref_mols = [m for m in (Chem.MolFromSmiles(s) for s in reference if s not in REFUSED_BY_RDKIT_2026) if m is not None]
values["frag"] = cosine(Counter(f for m in gen_mols for f in fragments(m)), Counter(f for m in ref_mols for f in fragments(m)))
values["scaf"] = cosine(scaffold_counts(gen_mols), scaffold_counts(ref_mols))

params = FilterCatalogParams()
params.AddCatalog(FilterCatalogParams.FilterCatalogs.PAINS)
pains = FilterCatalog(params)
nibr = FilterCatalog()
with open(os.path.join(RDConfig.RDContribDir, "NIBRSubstructureFilters", "SubstructureFilter_HitTriaging_wPubChemExamples.csv")) as f:
    for row in csv.DictReader(f):
        if row["SEVERITY_COMMENT"] == "EXCLUDE":
            name = row["PATTERN_NAME"].strip()
            matcher = FilterCatalog_SmartsMatcher(name, row["SMARTS"], int(row["MIN_COUNT"]) or 1)
            nibr.AddEntry(FilterCatalogEntry(name, matcher))
values["filterPassRate"] = float(np.mean([not pains.HasMatch(m) and not nibr.HasMatch(m) for m in gen_mols]))

# Stereo (tetrahedral, double bonds, centres a cut or a trim makes symmetric), charges, salts, hydrogens.
EXTRA = [
    "C[C@H](N)C(=O)Oc1ccccc1",
    "C/C=C/C(=O)N[C@@H](C)c1ccccc1",
    "C[C@H](OC)OCC",
    "C[C@@H]1CC[C@H](C(=O)N)CC1",
    "CN/C=C/C(=O)OC",
    "F/C=C/C=C/C(=O)NC",
    "CC(=O)[O-].[Na+]",
    "Cn1cccc1",
    "C[n+]1ccccc1",
    "[O-][n+]1ccccc1C",
    "C[N+]1(C)CCCC1",
    "CP1(=O)CCCC1",
    "O=C1CCC(=NO)CC1",
    "N[C@@H]1CC[C@H](c2ccccc2)CC1Cc1ccccc1",
    "C[C@@H]1CC[C@H](c2ccccc2)CC1",
    "c1ccccc1/C=C/C1CCCCC1C",
    "c1ccccc1/C(C)=C(/C)c1ccccc1",
    "CC1CC/C=C/CCCCC1",
    "CN1CCC[C@H]1c1cccnc1",
    "C[C@]12CC[C@H]3[C@@H](CCc4cc(O)ccc43)[C@@H]1CC[C@@H]2O",
    "CC1(C)S[C@@H]2[C@H](NC(=O)Cc3ccccc3)C(=O)N2[C@H]1C(=O)O",
    "CC(C)C[C@H](NC(=O)[C@@H](Cc1ccccc1)NC(=O)c1cnccn1)B(O)O",
    "O=C(O)C[C@H](O)C[C@H](O)/C=C/c1c(C2CC2)nc2ccccc2c1-c1ccc(F)cc1",
    # Both carbons of the cut bond are in environments 13 and 15: the first one RDKit matches is 13.
    "C12(CCCCC1CCCN2)C34CCCCC3CCCO4",
    "C12(CCCCC1CCCO2)C34CCCCC3CCCN4",
]
per = smiles[::16][:300] + EXTRA
per_mols = [Chem.MolFromSmiles(s) for s in per]
per_molecule = {
    "smiles": per,
    "fragments": [sorted(fragments(m)) for m in per_mols],
    "scaffolds": [scaffold(m)[0] for m in per_mols],
    "scaffoldRings": [scaffold(m)[1] for m in per_mols],
}
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
        "perMolecule": per_molecule,
    },
    open(out, "w"),
)
print(json.dumps(values, indent=1))
