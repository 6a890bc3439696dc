#!/usr/bin/env python3
"""Reference values for BlasNet.Neural's GELU, LayerNorm, Dropout (eval), SoftmaxCrossEntropy and
BinaryCrossEntropyWithLogits, from PyTorch autograd in float64, plus erf/erfc from mpmath (50 digits).

Inputs are fixed formulas (no random numbers), written into the JSON next to the outputs, so a test
reads everything it needs from tests/data/neural-layers-reference.json:

    /usr/bin/python3 bench/peers/neural_layers_reference.py   # Debian python3-torch, python3-mpmath; writes tests/data/neural-layers-reference.json
"""
import json
import math
import os
import sys

import mpmath
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def grid(rows, cols, f):
    return torch.tensor([[f(i, j) for j in range(cols)] for i in range(rows)], dtype=torch.float64)


def lst(t):
    return t.detach().tolist()


cases = {}

# GELU: a 4x6 input spanning the tails and the centre; upstream gradient another fixed formula.
x = grid(4, 6, lambda i, j: -6.0 + 0.53 * (6 * i + j) + 0.01 * (i * j % 3))
up = grid(4, 6, lambda i, j: math.cos(1.0 + 0.7 * i - 0.3 * j))
for name, approx in [("gelu", "none"), ("gelu_tanh", "tanh")]:
    xi = x.clone().requires_grad_(True)
    y = F.gelu(xi, approximate=approx)
    y.backward(up)
    cases[name] = {"x": lst(x), "upstream": lst(up), "y": lst(y), "dx": lst(xi.grad)}

# LayerNorm: 3 rows of 5 features, one row with a large mean (|mu| >> sigma), non-trivial gain and bias.
x = grid(3, 5, lambda i, j: math.sin(1.3 * i + 0.9 * j) * (1 + i) + (1000.0 if i == 2 else 0.0))
up = grid(3, 5, lambda i, j: 0.5 - 0.2 * i + 0.15 * j * j - 0.1 * (i * j))
gain = torch.tensor([[1.0 + 0.1 * j - 0.05 * j * j for j in range(5)]])
bias = torch.tensor([[0.2 * j - 0.3 for j in range(5)]])
ln = torch.nn.LayerNorm(5, eps=1e-5)
with torch.no_grad():
    ln.weight.copy_(gain[0])
    ln.bias.copy_(bias[0])
xi = x.clone().requires_grad_(True)
y = ln(xi)
y.backward(up)
cases["layer_norm"] = {"x": lst(x), "upstream": lst(up), "gain": lst(gain), "bias": lst(bias), "epsilon": 1e-5,
                       "y": lst(y), "dx": lst(xi.grad), "dgain": [lst(ln.weight.grad)], "dbias": [lst(ln.bias.grad)]}

# Softmax cross-entropy: 5 rows x 4 classes including rows with logits of size 1e4 and -1e4.
logits = grid(5, 4, lambda i, j: math.sin(2.1 * i + 1.7 * j) * 3.0)
logits[3] = torch.tensor([1e4, -1e4, 2.0, 1e4 - 1.0])
logits[4] = torch.tensor([-1e4, -1e4 + 3.0, -1e4 + 1.0, -1e4 - 2.0])
labels = [2, 0, 3, 1, 1]
weights = [0.5, 2.0, 1.25, 0.75]
ce = {"logits": lst(logits), "labels": labels, "weights": weights, "results": []}
# Each setting on all 5 rows and on the first 3 (moderate logits only, so a loss of order 1 is
# compared to 1e-12 without the large rows' loss of order 1e4 setting the scale).
for rows in [5, 3]:
    for smoothing in [0.0, 0.1]:
        for w in [None, weights]:
            zi = logits[:rows].clone().requires_grad_(True)
            loss = F.cross_entropy(zi, torch.tensor(labels[:rows]), weight=None if w is None else torch.tensor(w), label_smoothing=smoothing)
            loss.backward()
            ce["results"].append({"rows": rows, "label_smoothing": smoothing, "weighted": w is not None, "loss": loss.item(), "dlogits": lst(zi.grad)})
cases["softmax_cross_entropy"] = ce

# Binary cross-entropy with logits: 3x4 with large logits and soft targets; with and without pos_weight.
logits = grid(3, 4, lambda i, j: math.cos(1.1 * i + 2.3 * j) * 4.0)
logits[2, 0] = 1e4
logits[2, 1] = -1e4
targets = grid(3, 4, lambda i, j: [0.0, 1.0, 0.25, 0.8][(i + j) % 4])
pos_weight = [1.5, 0.5, 3.0, 1.0]
bce = {"logits": lst(logits), "targets": lst(targets), "pos_weight": pos_weight, "results": []}
for pw in [None, pos_weight]:
    zi = logits.clone().requires_grad_(True)
    loss = F.binary_cross_entropy_with_logits(zi, targets, pos_weight=None if pw is None else torch.tensor(pw))
    loss.backward()
    bce["results"].append({"pos_weight": pw is not None, "loss": loss.item(), "dlogits": lst(zi.grad)})
cases["bce_with_logits"] = bce

# erf / erfc from mpmath at 50 digits, rounded to double (independent of PyTorch's own erf).
mpmath.mp.dps = 50
points = [0.0, 1e-300, 1e-10, 0.1, 0.3, 0.46875, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 3.99, 4.0, 4.5, 6.0, 10.0, 26.0, 27.5,
          -1e-10, -0.4, -0.9, -2.5, -5.0, -26.0]
cases["erf"] = {"x": points,
                "erf": [float(mpmath.erf(mpmath.mpf(p))) for p in points],
                "erfc": [float(mpmath.erfc(mpmath.mpf(p))) for p in points]}

out = {"origin": "bench/peers/neural_layers_reference.py",
       "versions": {"torch": torch.__version__, "mpmath": mpmath.__version__, "python": sys.version.split()[0]},
       "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data", "neural-layers-reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
