#!/usr/bin/env python3
"""The baseline of the drug screening benchmark: Strata's bench pipeline in Python RDKit, one process.

Per molecule: parse, standardise (RDKit's SaltRemover, LargestFragmentChooser and Uncharger; canonical
SMILES and InChIKey), the 43
descriptors of rdMolDescriptors.Properties, Lipinski from them, PAINS (FilterCatalog), Morgan radius-2
2048 bits; then the ESOL model on batches of 500 (its ONNX weights run with numpy: there is no
onnxruntime for Python here). Prints one JSON line: molecules, seconds, molecules per second.

    python3 bench/drug/pipeline.py <smiles file> <esol model.onnx>
"""
import json
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper
from rdkit import Chem, RDLogger
from rdkit.Chem import rdFingerprintGenerator, rdMolDescriptors
from rdkit.Chem.FilterCatalog import FilterCatalog, FilterCatalogParams
from rdkit.Chem.MolStandardize import rdMolStandardize
from rdkit.Chem.SaltRemover import SaltRemover

RDLogger.DisableLog("rdApp.*")
# Some RDKit builds (Debian's among them) come without InChI: the baseline then skips the InChIKey,
# which only makes it faster.
INCHI = hasattr(Chem, "MolToInchiKey")


def mlp(model_path):
    """The ESOL perceptron as numpy: the graph's initialisers in order (descriptor scaling, then layers)."""
    graph = onnx.load(model_path).graph
    w = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    mean, std = w["mean"], w["std"]
    layers = [(w[n], w[n.replace("weight", "bias")]) for n in sorted(k for k in w if k.endswith(".weight"))]

    def run(x):
        d = np.clip((x[:, :43] - mean) / std, -6, 6)
        h = np.concatenate([d, x[:, 43:]], axis=1)
        for i, (weight, bias) in enumerate(layers):
            h = h @ weight.T + bias
            if i < len(layers) - 1:
                h = np.maximum(h, 0)
        return h

    return run


def main(path, model_path):
    started = time.perf_counter()
    props = rdMolDescriptors.Properties()
    params = FilterCatalogParams()
    params.AddCatalog(FilterCatalogParams.FilterCatalogs.PAINS)
    pains = FilterCatalog(params)
    morgan = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    morgan_features = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=1024)
    names = list(props.GetPropertyNames())
    mw, clogp, hbd, hba = (names.index(k) for k in ("amw", "CrippenClogP", "lipinskiHBD", "lipinskiHBA"))
    salts = SaltRemover()
    largest = rdMolStandardize.LargestFragmentChooser(preferOrganic=True)
    uncharger = rdMolStandardize.Uncharger()
    model = mlp(model_path)
    n, batch = 0, []

    def flush():
        if batch:
            model(np.array(batch, dtype=np.float32))
            batch.clear()

    with open(path) as f:
        for line in f:
            n += 1
            mol = Chem.MolFromSmiles(line.split()[0]) if line.strip() else None
            if mol is None:
                continue
            mol = uncharger.uncharge(largest.choose(salts.StripMol(mol, dontRemoveEverything=True)))
            Chem.MolToSmiles(mol)
            if INCHI:
                Chem.MolToInchiKey(mol)
            Chem.AssignStereochemistry(mol, cleanIt=True, force=True)
            d = list(props.ComputeProperties(mol))
            lipinski = sum([d[mw] > 500, d[clogp] > 5, d[hbd] > 5, d[hba] > 10]) <= 1
            hits = [m.GetDescription() for m in pains.GetMatches(mol)]
            fp = morgan.GetFingerprintAsNumPy(mol)
            batch.append(d + list(morgan_features.GetFingerprintAsNumPy(mol)))
            if len(batch) == 500:
                flush()
            del lipinski, hits, fp
    flush()
    seconds = time.perf_counter() - started
    print(json.dumps({"molecules": n, "seconds": seconds, "per_second": n / seconds, "inchi": INCHI}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
