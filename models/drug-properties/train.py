#!/usr/bin/env python3
"""Step 2 of training the drug property models: small multilayer perceptrons on the features that
@strata/drug computed (step 1, export.ts), exported to ONNX.

Run with Debian's python3-torch and python3-sklearn:  /usr/bin/python3 models/drug-properties/train.py

- esol-solubility: regression of log solubility (mol/L), early-stopped on the validation split.
- tox21-toxicity: 12 assays at once, masked binary cross-entropy (missing labels ignored), early-stopped
  on the validation mean ROC-AUC; the graph ends in a sigmoid, so it outputs probabilities.
Both graphs standardise the 43 descriptors inside the model (train-split mean and deviation, clipped to
+-6), so the served model takes the raw feature vector. Deterministic: fixed seeds, one thread.
Writes <model>/model.onnx and <model>/training.json (validation and baseline numbers); step 3
(finish.ts) measures the held-out metrics through the TypeScript serving path and writes model.json.
"""
import json
import os

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, "..", ".cache", "drug-properties")
N_DESCRIPTORS = 43

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)


def load(name):
    with open(os.path.join(CACHE, f"{name}.json")) as f:
        meta = json.load(f)
    x = np.fromfile(os.path.join(CACHE, f"{name}.features.f32"), dtype=np.float32).reshape(meta["rows"], meta["width"])
    y = np.fromfile(os.path.join(CACHE, f"{name}.labels.f32"), dtype=np.float32).reshape(meta["rows"], len(meta["tasks"]))
    split = np.array(meta["split"])
    return meta, x, y, split


class Mlp(torch.nn.Module):
    def __init__(self, mean, std, width, hidden, outputs, dropout, probabilities):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))
        layers, size = [], width
        for h in hidden:
            layers += [torch.nn.Linear(size, h), torch.nn.ReLU(), torch.nn.Dropout(dropout)]
            size = h
        layers.append(torch.nn.Linear(size, outputs))
        self.net = torch.nn.Sequential(*layers)
        self.probabilities = probabilities

    def forward(self, features):
        d = torch.clamp((features[:, :N_DESCRIPTORS] - self.mean) / self.std, -6.0, 6.0)
        z = self.net(torch.cat([d, features[:, N_DESCRIPTORS:]], dim=1))
        return torch.sigmoid(z) if self.probabilities else z


def standardiser(x):
    mean = x[:, :N_DESCRIPTORS].mean(axis=0)
    std = x[:, :N_DESCRIPTORS].std(axis=0)
    return mean.astype(np.float32), np.where(std > 1e-6, std, 1.0).astype(np.float32)


def mean_auc(y, p):
    aucs = []
    for t in range(y.shape[1]):
        known = ~np.isnan(y[:, t])
        if known.sum() and len(np.unique(y[known, t])) == 2:
            aucs.append(roc_auc_score(y[known, t], p[known, t]))
    return float(np.mean(aucs))


def fit(model, x, y, valid, loss_fn, score_fn, epochs, lr):
    """Adam with weight decay, minibatches of 64, keeping the weights of the best validation epoch."""
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-5)
    xt, yt = torch.tensor(x), torch.tensor(y)
    best, best_state = None, None
    gen = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        model.train()
        for idx in torch.randperm(len(xt), generator=gen).split(64):
            opt.zero_grad()
            loss_fn(model(xt[idx]), yt[idx]).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            score = score_fn(model(torch.tensor(valid[0])).numpy(), valid[1])
        if best is None or score > best:
            best, best_state = score, {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    model.eval()
    return best


def export(model, width, folder):
    os.makedirs(folder, exist_ok=True)
    torch.onnx.export(
        model,
        torch.zeros(1, width),
        os.path.join(folder, "model.onnx"),
        input_names=["features"],
        output_names=["prediction"],
        dynamic_axes={"features": {0: "batch"}, "prediction": {0: "batch"}},
        opset_version=17,
    )


def esol():
    meta, x, y, split = load("esol")
    baseline = np.fromfile(os.path.join(CACHE, "esol.baseline.f32"), dtype=np.float32)
    tr, va = split == "train", split == "valid"
    mean, std = standardiser(x[tr])
    model = Mlp(mean, std, x.shape[1], [256, 64], 1, 0.2, False)
    rmse = lambda p, t: float(np.sqrt(np.mean((p - t) ** 2)))
    best = fit(model, x[tr], y[tr], (x[va], y[va]), torch.nn.functional.mse_loss, lambda p, t: -rmse(p, t), 300, 1e-3)
    export(model, x.shape[1], os.path.join(HERE, "..", "esol-solubility"))
    te = split == "test"
    out = {"valid_rmse": -best, "esol_equation_test_rmse": rmse(baseline[te], y[te, 0])}
    with open(os.path.join(HERE, "..", "esol-solubility", "training.json"), "w") as f:
        json.dump(out, f, indent=2)
    print("esol", out)


def tox21():
    meta, x, y, split = load("tox21")
    tr, va, te = split == "train", split == "valid", split == "test"
    mean, std = standardiser(x[tr])

    def masked_bce(p, t):
        known = ~torch.isnan(t)
        return torch.nn.functional.binary_cross_entropy(p[known], t[known])

    model = Mlp(mean, std, x.shape[1], [512, 128], y.shape[1], 0.3, True)
    best = fit(model, x[tr], y[tr], (x[va], y[va]), masked_bce, lambda p, t: mean_auc(t, p), 60, 5e-4)
    export(model, x.shape[1], os.path.join(HERE, "..", "tox21-toxicity"))
    # Baseline: one logistic regression per assay on the same standardised features.
    def scaled(a):
        d = np.clip((a[:, :N_DESCRIPTORS] - mean) / std, -6, 6)
        return np.concatenate([d, a[:, N_DESCRIPTORS:]], axis=1)

    probs = np.zeros((te.sum(), y.shape[1]), dtype=np.float32)
    for t in range(y.shape[1]):
        known = tr & ~np.isnan(y[:, t])
        lr = LogisticRegression(C=0.05, max_iter=2000).fit(scaled(x[known]), y[known, t])
        probs[:, t] = lr.predict_proba(scaled(x[te]))[:, 1]
    out = {"valid_mean_auc": best, "logistic_regression_test_mean_auc": mean_auc(y[te], probs)}
    with open(os.path.join(HERE, "..", "tox21-toxicity", "training.json"), "w") as f:
        json.dump(out, f, indent=2)
    print("tox21", out)


esol()
tox21()
