#!/usr/bin/env python3
"""Reference values for @strata/drug's correctness tests, computed with RDKit in Python.

Run with Debian's python3-rdkit:  /usr/bin/python3 packages/drug/scripts/reference-values.py
Reads the 5,000 NCI molecules from ../shared/datasets/drug/ and writes fixtures/nci-5k-reference.json.gz:
per molecule (by line), the Crippen logP, average molecular weight, H-bond donors, rotatable bonds, TPSA,
QED, SA score (Contrib/SA_Score), Morgan radius-2 2048-bit on-bits, the names of the PAINS filters
that match (FilterCatalog) and of the NIBR "exclude" filters that match (Contrib/NIBRSubstructureFilters,
as its assignSubstructureFilters.py builds them: a SmartsMatcher with the pattern's minimum count).
"""
import csv
import gzip
import json
import os
import sys

from rdkit import Chem, RDConfig, RDLogger, rdBase
from rdkit.Chem import QED, Crippen, Descriptors, rdMolDescriptors
from rdkit.Chem import rdFingerprintGenerator
from rdkit.Chem.FilterCatalog import FilterCatalog, FilterCatalogEntry, FilterCatalogParams
from rdkit.Chem.FilterCatalog import SmartsMatcher as FilterCatalog_SmartsMatcher

RDLogger.DisableLog("rdApp.*")
sys.path.append(os.path.join(RDConfig.RDContribDir, "SA_Score"))
import sascorer  # noqa: E402  (RDKit's Contrib, shipped by Debian's rdkit-data)
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "..", "shared", "datasets", "drug")

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
morgan = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)

rows = []
with open(os.path.join(SHARED, "nci-first-5k.smi")) as f:
    for line_no, line in enumerate(f, start=1):
        smiles, ident = line.rstrip("\n").split("\t")
        mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            rows.append({"line": line_no, "id": ident, "valid": False})
            continue
        rows.append(
            {
                "line": line_no,
                "id": ident,
                "valid": True,
                "clogp": Crippen.MolLogP(mol),
                "mw": Descriptors.MolWt(mol),
                "hbd": rdMolDescriptors.CalcNumHBD(mol),
                "rotb": rdMolDescriptors.CalcNumRotatableBonds(mol),
                "tpsa": rdMolDescriptors.CalcTPSA(mol),
                "qed": QED.qed(mol),
                "sa": sascorer.calculateScore(mol),
                "morgan": list(morgan.GetFingerprint(mol).GetOnBits()),
                "pains": sorted(m.GetDescription() for m in pains.GetMatches(mol)),
                "medchem": sorted(m.GetDescription() for m in nibr.GetMatches(mol)),
            }
        )

out = os.path.join(HERE, "..", "fixtures", "nci-5k-reference.json.gz")
with gzip.open(out, "wt") as f:
    json.dump({"rdkit": rdBase.rdkitVersion, "molecules": rows}, f, separators=(",", ":"))
flagged = sum(1 for r in rows if r.get("pains"))
excluded = sum(1 for r in rows if r.get("medchem"))
print(f"wrote {out}: {len(rows)} molecules, {flagged} flagged by PAINS, {excluded} excluded by NIBR, RDKit {rdBase.rdkitVersion}")
