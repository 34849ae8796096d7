#!/usr/bin/env python3
"""Step 2 of training mol-generator: a SMILES (or SELFIES) language model on the token ids @strata/drug
wrote (step 1, export.ts: SmilesVocabulary), exported to ONNX as one decoding step.

Run with Debian's python3-torch:  /usr/bin/python3 models/mol-generator/train.py [--epochs N] [--quick]
Debian's torch multiplies matrices with the system BLAS: install libopenblas0-pthread first (the
reference BLAS it falls back to is about 20 times slower; a full run takes about an hour on two cores with it).

The network: token embedding, a stacked LSTM, a linear layer to the next token's logits (MOSES's CharRNN,
smaller to train on two cores). Teacher forcing with cross-entropy over real tokens (padding masked); each
epoch reads every training molecule once, in a new order. The model kept is the epoch
with the lowest validation loss (the valid split), exported when reached, so that an interrupted run
still leaves its best model; each epoch ends with a checkpoint (models/.cache/mol-generator/checkpoint.pt)
from which a stopped run resumes (run the same command again; --fresh starts over). Deterministic: fixed
seed, fixed thread count.

The exported graph is one step of the recurrence, the contract core's autoregressive sampler runs:
inputs  token [batch] int64, h [layers, batch, hidden] float32, c [layers, batch, hidden] float32
outputs logits [batch, vocab] float32, h_out, c_out (the next state, fed back as h and c).
Writes ../mol-generator/model.onnx and training.json; step 3 (finish.ts) measures the held-out metrics
through the TypeScript serving path and writes model.json.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, "..", ".cache", "mol-generator")
# The state after the last whole epoch, from which a stopped run resumes.
CHECKPOINT = os.path.join(CACHE, "checkpoint.pt")
EMBED = 64
HIDDEN = 384
LAYERS = 2
DROPOUT = 0.2  # 0.3 with one canonical spelling a molecule: random spellings regularise as well
BATCH = 128
LR = 2e-3
EPOCHS = 25
SEED = 0

META = json.load(open(os.path.join(CACHE, "meta.json")))
VOCAB, T = len(META["tokens"]), META["maxTokens"]
PAD = 0


class SmilesLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, EMBED)
        self.lstm = nn.LSTM(EMBED, HIDDEN, LAYERS, batch_first=True, dropout=DROPOUT)
        self.out = nn.Linear(HIDDEN, VOCAB)

    def forward(self, tokens, state=None):
        y, state = self.lstm(self.embed(tokens), state)
        return self.out(y), state


class OneStep(nn.Module):
    """The exported contract: one token and the state in, the next token's logits and the state out."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, token, h, c):
        logits, (h_out, c_out) = self.model(token.unsqueeze(1), (h, c))
        return logits.squeeze(1), h_out, c_out


def load(name):
    ids = np.fromfile(os.path.join(CACHE, f"{name}.i16"), dtype=np.int16).reshape(-1, T)
    # Trim the common padding: the longest sequence of the file sets the width.
    width = int((ids != PAD).sum(axis=1).max())
    return torch.from_numpy(ids[:, :width].astype(np.int64))


def batches_of(data, generator):
    """Batches of similar length, each trimmed to its longest sequence (padding would triple the work), in random order."""
    lengths = (data != PAD).sum(axis=1).float()
    order = torch.argsort(lengths + torch.rand(len(data), generator=generator) * 4)
    chunks = [order[i : i + BATCH] for i in range(0, len(data), BATCH)]
    for k in torch.randperm(len(chunks), generator=generator).tolist():
        batch = data[chunks[k]]
        yield batch[:, : int((batch != PAD).sum(axis=1).max())]


def loss_of(model, batch):
    logits, _ = model(batch[:, :-1])
    target = batch[:, 1:]
    return nn.functional.cross_entropy(logits.reshape(-1, VOCAB), target.reshape(-1), ignore_index=PAD)


def evaluate(model, data):
    model.eval()
    total, tokens = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(data), 512):
            batch = data[i : i + 512]
            batch = batch[:, : int((batch != PAD).sum(axis=1).max())]
            n = int((batch[:, 1:] != PAD).sum())
            total += float(loss_of(model, batch)) * n
            tokens += n
    model.train()
    return total / tokens


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="a few batches per epoch, to check the pipeline")
    parser.add_argument("--fresh", action="store_true", help="start again rather than resume from the checkpoint")
    args = parser.parse_args()
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    torch.set_num_threads(args.threads)
    model = SmilesLstm()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    train, valid = load("train"), load("valid")
    # With random spellings (export.ts --randomised N) train holds N blocks of the same molecules: epoch k
    # reads block k mod N, each molecule once, spelled anew.
    blocks = train.view(max(META.get("spellings", 0), 1), -1, train.shape[1])
    best, history, first = float("inf"), [], 0
    # A run stopped between epochs resumes where it stopped and ends as an uninterrupted one would.
    if os.path.exists(CHECKPOINT) and not args.fresh and not args.quick:
        saved = torch.load(CHECKPOINT)
        if saved["epochs"] != args.epochs:
            raise SystemExit(f"the checkpoint is of a {saved['epochs']}-epoch run: pass --epochs {saved['epochs']} or --fresh")
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        sched.load_state_dict(saved["sched"])
        generator.set_state(saved["generator"])
        torch.set_rng_state(saved["rng"])
        best, history, first = saved["best"], saved["history"], len(saved["history"])
        print(f"resuming after epoch {first}", flush=True)
    for epoch in range(first, args.epochs):
        started = time.time()
        for k, batch in enumerate(batches_of(blocks[epoch % len(blocks)], generator)):
            if args.quick and k >= 5:
                break
            loss = loss_of(model, batch)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
        sched.step()
        v = evaluate(model, valid[:256] if args.quick else valid)
        history.append({"epoch": epoch + 1, "valid_loss": round(v, 4), "seconds": round(time.time() - started, 1)})
        print(history[-1], flush=True)
        if v < best:
            best = v
            # Exported at every improvement, so that an interrupted run still leaves its best model.
            model.eval()
            export(model)
            model.train()
        if not args.quick:
            state = {"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict()}
            state.update(generator=generator.get_state(), rng=torch.get_rng_state(), epochs=args.epochs)
            torch.save({**state, "best": best, "history": history}, CHECKPOINT + ".tmp")
            os.replace(CHECKPOINT + ".tmp", CHECKPOINT)
        json.dump(
            {
                "architecture": {"embed": EMBED, "hidden": HIDDEN, "layers": LAYERS, "dropout": DROPOUT, "vocab": VOCAB},
                "training": {"batch": BATCH, "lr": LR, "epochs": args.epochs, "seed": SEED, "spellings": len(blocks), "quick": args.quick},
                "best_valid_loss": round(best, 4),
                "history": history,
            },
            open(os.path.join(HERE, "training.json"), "w"),
            indent=1,
        )


def export(model):
    step = OneStep(model)
    token = torch.tensor([1, 1], dtype=torch.int64)
    h = torch.zeros(LAYERS, 2, HIDDEN)
    torch.onnx.export(
        step,
        (token, h, h.clone()),
        os.path.join(HERE, "model.onnx"),
        input_names=["token", "h", "c"],
        output_names=["logits", "h_out", "c_out"],
        dynamic_axes={"token": {0: "batch"}, "h": {1: "batch"}, "c": {1: "batch"}, "logits": {0: "batch"}, "h_out": {1: "batch"}, "c_out": {1: "batch"}},
        opset_version=14,
    )


if __name__ == "__main__":
    main()
