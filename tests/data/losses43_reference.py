"""References for tests/BlasNet.Tests/Neural/Losses43Tests.cs (audit neural43): the classification losses of
well-classified entries, where log(1 + r) with r below ~1e-8 loses digits (and all of them below 1.1e-16).

Writes losses43-reference.json beside this script:
- "bce": binary_cross_entropy_with_logits (mean reduction, optional pos_weight) per case: logits, targets, pos_weight,
  the exact loss and gradient from mpmath at 50 digits (l = (1 - t) log(1 + e^z) + w t log(1 + e^-z), dl/dz =
  ((1 - t) sigma(z) - w t sigma(-z)) / N), and PyTorch 1.13's float64 loss for contrast ("torch_loss", not asserted).
- "cross_entropy": F.cross_entropy (mean reduction, optional weight and label_smoothing) per case: logits, labels, the
  exact loss and gradient from mpmath, and PyTorch's float64 loss and gradient for contrast.
- "layer_norm_float32": float32 rows whose squares overflow (1e30) or underflow (1e-30, eps 0) float32: the exact
  normalized rows of the float32 values from mpmath, and PyTorch's float32 nn.LayerNorm output (NaN / -inf) for contrast.
Every input is a double (float32 values where stated) stored in the file. Non-finite numbers as strings.
Run: /usr/bin/python3 tests/data/losses43_reference.py
"""
import json, os, sys
import mpmath as mp
import numpy as np
import torch
import torch.nn.functional as F

mp.mp.dps = 50


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from json_numbers import num  # noqa: E402  (NaN and +-inf as strings)


def softplus(z):
    return mp.log1p(mp.exp(z))


def sigma(z):
    return 1 / (1 + mp.exp(-z))


bce_cases = [
    ([[-40.0]], [[0.0]], None),
    ([[40.0]], [[1.0]], None),
    ([[-20.0, -15.0, 20.0, 37.0]], [[0.0, 0.0, 1.0, 1.0]], None),
    ([[-100.0, 100.0], [-36.0, 38.5]], [[0.0, 1.0], [0.0, 1.0]], None),
    ([[30.0, -30.0], [25.0, -45.0]], [[1.0, 0.0], [1.0, 0.0]], [2.5, 0.5]),
    ([[-30.0, 12.0]], [[0.0, 1.0]], [3.0, 7.0]),
]
bce = []
for logits, targets, pw in bce_cases:
    rows, cols = len(logits), len(logits[0])
    n = rows * cols
    total = mp.mpf(0)
    grad = []
    for i in range(rows):
        grow = []
        for j in range(cols):
            z, t = mp.mpf(logits[i][j]), mp.mpf(targets[i][j])
            w = mp.mpf(pw[j]) if pw else mp.mpf(1)
            total += (1 - t) * softplus(z) + w * t * softplus(-z)
            grow.append(num(((1 - t) * sigma(z) - w * t * sigma(-z)) / n))
        grad.append(grow)
    tl = F.binary_cross_entropy_with_logits(torch.tensor(logits, dtype=torch.float64), torch.tensor(targets, dtype=torch.float64),
                                            pos_weight=None if pw is None else torch.tensor(pw, dtype=torch.float64))
    bce.append({"logits": logits, "targets": targets, "pos_weight": pw, "loss": num(total / n), "grad": grad,
                "torch_loss": num(tl.item())})

ce_cases = [
    ([[0.0, -40.0]], [0], None, 0.0),
    ([[0.0, -20.0, -30.0], [5.0, -35.0, -36.0]], [0, 0], None, 0.0),
    ([[12.0, -27.0, -25.5, -30.0], [-3.0, 19.0, -20.0, -21.0]], [0, 1], [0.5, 2.0, 1.0, 3.0], 0.0),
    ([[0.0, -40.0, -38.0]], [0], [1.0, 2.0, 0.5], 0.0),
    ([[1.5, -37.0], [-41.0, 0.25]], [0, 1], None, 0.0),
]
ce = []
for logits, labels, weight, eps in ce_cases:
    rows, c = len(logits), len(logits[0])
    w = [mp.mpf(v) for v in weight] if weight else [mp.mpf(1)] * c
    W = sum(w[labels[i]] for i in range(rows))
    total = mp.mpf(0)
    grad = []
    for i in range(rows):
        z = [mp.mpf(v) for v in logits[i]]
        m = max(z)
        lse = m + mp.log(sum(mp.exp(v - m) for v in z))
        y = labels[i]
        total += w[y] * (lse - z[y])
        p = [mp.exp(v - lse) for v in z]
        grad.append([num(w[y] * (p[j] - (1 if j == y else 0)) / W) for j in range(c)])
    x = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    tl = F.cross_entropy(x, torch.tensor(labels), weight=None if weight is None else torch.tensor(weight, dtype=torch.float64),
                         label_smoothing=eps)
    tl.backward()
    ce.append({"logits": logits, "labels": labels, "weight": weight, "smoothing": eps, "loss": num(total / W), "grad": grad,
               "torch_loss": num(tl.item()), "torch_grad": [[num(v) for v in r] for r in x.grad.tolist()]})

ln = []
for rows, eps in [([[1e30, -1e30, 3e30], [2.5e25, -1e25, 4e24]], 1e-5), ([[1e-30, -2e-30, 4e-30], [3e-40, -1e-40, 0.0]], 0.0)]:
    x32 = np.array(rows, dtype=np.float32)
    exact = []
    for r in x32:
        v = [mp.mpf(float(a)) for a in r]
        mu = sum(v) / len(v)
        var = sum((a - mu) ** 2 for a in v) / len(v)
        exact.append([num((a - mu) / mp.sqrt(var + mp.mpf(eps))) for a in v])
    layer = torch.nn.LayerNorm(x32.shape[1], eps=eps)
    with torch.no_grad():
        ty = layer(torch.from_numpy(x32)).double().tolist()
    ln.append({"x": [[float(a) for a in r] for r in x32], "eps": eps, "y": exact, "torch_y": [[num(v) for v in r] for r in ty]})

out = {"versions": {"torch": torch.__version__, "mpmath": mp.__version__, "numpy": np.__version__},
       "bce": bce, "cross_entropy": ce, "layer_norm_float32": ln}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "losses43-reference.json"), "w") as f:
    json.dump(out, f, indent=1)
