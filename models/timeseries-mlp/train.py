#!/usr/bin/env python3
"""Step 2 of training timeseries-mlp: a global quantile MLP on the windows that @strata/timeseries cut
(step 1, export.ts), exported to ONNX.

Run with Debian's python3-torch:  /usr/bin/python3 models/timeseries-mlp/train.py

The network reads a scaled context window and its observation mask and outputs, for each of the next
`horizon` steps, the quantiles of the manifest (median in the middle). The median is the last observed
value plus a learned step (so a network that has learned nothing is the naive method); the other
quantiles are the median minus / plus cumulative softplus gaps, so quantiles never cross. Loss: pinball
loss over all quantiles and steps, each window weighted by its scale over its history's seasonal naive
error (export.ts), i.e. the loss in MASE units, targets beyond the data masked.

Model selection: an ensemble of members with different seeds is trained on the `select` windows (every
reference series' last h training values kept back) and scored after each epoch on the `valid` windows by
the mean over series of the median's scaled absolute error (MASE, up to the seasonal figure); each member
is then refitted on the `final` windows (all training data) for the best epoch count, and the shipped
graph averages the members' quantiles. Deterministic:
fixed seeds, one thread. Writes ../timeseries-mlp/model.onnx and training.json; step 3 (finish.ts)
measures the held-out metrics through the TypeScript serving path and writes model.json.
"""
import json
import os
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, "..", ".cache", "timeseries-mlp")
SEEDS = [0, 1, 2, 3, 4]
HIDDEN = 256
DEPTH = 3
EPOCHS = 30
BATCH = 256
LR = 1e-3
MAX_WEIGHT = 20.0
# Windows whose targets lie beyond this many window scales are dropped: a near-constant history gives a
# tiny scale, and one later jump becomes a target of 1e5 that would drown every other window's loss.
MAX_TARGET = 50.0

torch.set_num_threads(1)
META = json.load(open(os.path.join(CACHE, "meta.json")))
C, H, QUANTILES = META["context"], META["horizon"], META["quantiles"]
Q = len(QUANTILES)
MID = QUANTILES.index(0.5)


def load(name, training=True):
    """A set of windows; for training, without extreme targets and with weights capped."""
    n = META["rows"][name]
    get = lambda field, dtype, width: np.fromfile(os.path.join(CACHE, f"{name}.{field}.bin"), dtype=dtype).reshape(
        (n, width) if width else n
    )
    x, m = get("input", np.float32, C), get("mask", np.float32, C)
    y, w, s = get("target", np.float32, H), get("weight", np.float32, 0), get("series", np.int32, 0)
    if not training:
        return x, m, y, w, s
    keep = ~(np.abs(np.nan_to_num(y)) > MAX_TARGET).any(axis=1)
    return x[keep], m[keep], y[keep], np.minimum(w[keep], MAX_WEIGHT), s[keep]


class QuantileMlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        layers, size = [], 2 * C
        for _ in range(DEPTH):
            layers += [torch.nn.Linear(size, HIDDEN), torch.nn.ReLU()]
            size = HIDDEN
        layers.append(torch.nn.Linear(size, H * Q))
        self.net = torch.nn.Sequential(*layers)

    def forward(self, context, observed):
        z = self.net(torch.cat([context * observed, observed], dim=1)).view(-1, H, Q)
        median = context[:, -1:] + z[:, :, MID]
        gaps = torch.nn.functional.softplus(z)
        out = [median]
        for k in range(MID - 1, -1, -1):  # outwards from the median, each quantile a gap below the last
            out.insert(0, out[0] - gaps[:, :, k])
        for k in range(MID + 1, Q):
            out.append(out[-1] + gaps[:, :, k])
        return torch.stack(out, dim=2)


class Ensemble(torch.nn.Module):
    """The mean of the members' quantiles (a mean of ascending quantile sets stays ascending)."""

    def __init__(self, members):
        super().__init__()
        self.members = torch.nn.ModuleList(members)

    def forward(self, context, observed):
        return torch.stack([m(context, observed) for m in self.members]).mean(dim=0)


def pinball(pred, y, w):
    known = ~torch.isnan(y)
    y0 = torch.nan_to_num(y)
    q = torch.tensor(QUANTILES).view(1, 1, Q)
    d = y0.unsqueeze(2) - pred
    loss = torch.maximum(q * d, (q - 1) * d).sum(dim=2) * known
    return (loss.sum(dim=1) * w).sum() / known.sum()


def valid_median(model, valid):
    with torch.no_grad():
        return model(torch.tensor(valid[0]), torch.tensor(valid[1]))[:, :, MID].numpy()


def valid_mase(median, valid):
    """Mean over series of the median's mean absolute error in MASE units (seasonal figure aside)."""
    _, _, y, w, _ = valid
    return float((np.nanmean(np.abs(median - y), axis=1) * w).mean())


def fit(data, seed, epochs, valid=None):
    """Adam at a constant rate (so an epoch count chosen on `select` means the same on `final`);
    with `valid`, the validation medians after each epoch."""
    torch.manual_seed(seed)
    model = QuantileMlp()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    x, m, y, w = (torch.tensor(a) for a in data[:4])
    gen = torch.Generator().manual_seed(seed)
    medians = []
    for _ in range(epochs):
        model.train()
        for idx in torch.randperm(len(x), generator=gen).split(BATCH):
            opt.zero_grad()
            pinball(model(x[idx], m[idx]), y[idx], w[idx]).backward()
            opt.step()
        model.eval()
        if valid is not None:
            medians.append(valid_median(model, valid))
    return model, medians


def main():
    started = time.time()
    select, valid, final = load("select"), load("valid", training=False), load("final")
    print(f"windows: select {len(select[0])}, valid {len(valid[0])}, final {len(final[0])}")
    # The ensemble's validation score after each epoch (mean of the members' medians, as the ensemble
    # graph averages them): the best epoch count is the one every member is then refitted for.
    runs = []
    for seed in SEEDS:
        runs.append(fit(select, seed, EPOCHS, valid)[1])
        scores = [valid_mase(f, valid) for f in runs[-1]]
        print(f"seed {seed}: best valid {min(scores):.4f} at epoch {int(np.argmin(scores)) + 1}", flush=True)
    curve = [valid_mase(np.mean([r[e] for r in runs], axis=0), valid) for e in range(EPOCHS)]
    best_epochs = int(np.argmin(curve)) + 1
    ensemble_valid = curve[best_epochs - 1]
    print(f"ensemble: best valid {ensemble_valid:.4f} at epoch {best_epochs}", flush=True)
    members = [fit(final, s, best_epochs)[0] for s in SEEDS]
    model = Ensemble(members).eval()
    torch.onnx.export(
        model,
        (torch.zeros(1, C), torch.ones(1, C)),
        os.path.join(HERE, "model.onnx"),
        input_names=["context", "observed"],
        output_names=["quantiles"],
        dynamic_axes={"context": {0: "batch"}, "observed": {0: "batch"}, "quantiles": {0: "batch"}},
        opset_version=17,
    )
    out = {
        "seeds": SEEDS,
        "epochs": best_epochs,
        "hidden": [HIDDEN] * DEPTH,
        "valid_mase_curve": [round(float(v), 4) for v in curve],
        "valid_mase_ensemble": round(ensemble_valid, 4),
        "windows": {"select": len(select[0]), "valid": len(valid[0]), "final": len(final[0])},
        "seconds": round(time.time() - started),
    }
    with open(os.path.join(HERE, "training.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(json.dumps({k: v for k, v in out.items() if k != "valid_mase_curve"}))


if __name__ == "__main__":
    main()
