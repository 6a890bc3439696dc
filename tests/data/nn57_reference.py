"""Audit nn57: the losses' reductions ('mean', 'sum', 'none') as PyTorch 1.13 computes them, values and input gradients
(Nn57ReductionTests, C#, and Nn57ReductionTests.fs). Writes nn57-reference.json beside this script.

Each case is run in float64 and in float32 (the float64 inputs rounded once by .to(float32)), for each reduction. The
scalar reductions are differentiated by loss.backward(); 'none' by loss.backward(upstream), an upstream gradient of the
per-sample losses' shape (seeded, with one entry exactly 0 and one negative), so the per-sample gradients are checked
one by one and not only through their sum. Recorded: the loss (a number, or the per-sample losses as a matrix) and the
gradient of every input that has one.

Cases:
- mse: F.mse_loss on 4x3 predictions and targets.
- bce: F.binary_cross_entropy_with_logits on 5x3 logits against soft and hard targets, without and with pos_weight.
- ce: F.cross_entropy on 6x4 logits and labels, plain, with label smoothing 0.1, with class weights, with both.
- ranking: F.margin_ranking_loss on 7x1 score pairs with targets of +1 and -1: margin 0 with ties (x1 = x2, the hinge's
  argument exactly 0, where clamp_min's backward passes the gradient), margin 0.5 with pairs at the kink exactly
  (x1 - x2 = 0.5 for y = 1, x2 - x1 = 0.5 for y = -1; the scores are dyadic, so the argument is an exact 0 in both
  precisions), and the same scores with target 1 throughout (MarginRanking.Forward(positive, negative)).
- siamese: a shared-weight scorer s(x) = tanh(x W + b) H + c run on both sides of 6 pairs (two rows of x2 equal to their
  x1 rows: tied scores), margin ranking loss with margin 0 and 0.3; the parameters' gradients, the sum of the two
  branches'.
- empty: every loss on an empty batch: 'mean' NaN, 'sum' 0, 'none' an empty result (and empty gradients).

Run: /usr/bin/python3 tests/data/nn57_reference.py
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from json_numbers import num, mat  # noqa: E402

torch.manual_seed(57)
f64 = torch.float64
REDUCTIONS = ["mean", "sum", "none"]
DTYPES = {"float64": torch.float64, "float32": torch.float32}


def upstream_like(shape):
    g = torch.randn(*shape, dtype=f64)
    flat = g.view(-1)
    flat[0] = 0.0
    if flat.numel() > 1:
        flat[1] = -abs(float(flat[1])) - 0.25
    return g


def as_matrix(t):
    """A per-sample result as rows: a vector (cross-entropy's per-row losses) as a column."""
    return mat(t.reshape(-1, 1)) if t.dim() == 1 else mat(t)


def loss_and_grads(fn, inputs, reduction, upstream, dt):
    xs = [x.to(dt).clone().requires_grad_(True) for x in inputs]
    out = fn(*xs, reduction)
    if reduction == "none":
        out.backward(upstream.to(dt).reshape(out.shape))
        value = as_matrix(out)
    else:
        out.backward()
        value = num(out)
    return value, [mat(x.grad) for x in xs if x.grad is not None]


def record(fn, inputs, upstream_shape):
    up = upstream_like(upstream_shape)
    entry = {"inputs": [mat(x) for x in inputs], "upstream": as_matrix(up), "results": {}}
    for name, dt in DTYPES.items():
        entry["results"][name] = {}
        for r in REDUCTIONS:
            value, grads = loss_and_grads(fn, inputs, r, up, dt)
            entry["results"][name][r] = {"value": value, "grads": grads}
    return entry


out = {}

# ---- mean squared error ----
p, t = torch.randn(4, 3, dtype=f64), torch.randn(4, 3, dtype=f64)
out["mse"] = record(lambda a, b, r: F.mse_loss(a, b.detach(), reduction=r), [p, t], (4, 3))

# ---- binary cross-entropy on logits ----
z = torch.randn(5, 3, dtype=f64) * 2
tb = torch.rand(5, 3, dtype=f64)
tb[0] = torch.tensor([0.0, 1.0, 1.0], dtype=f64)
tb[3] = torch.tensor([1.0, 0.0, 0.5], dtype=f64)
pw = torch.tensor([1.5, 0.5, 2.0], dtype=f64)
out["bce"] = record(lambda a, b, r: F.binary_cross_entropy_with_logits(a, b.detach(), reduction=r), [z, tb], (5, 3))
out["bce_pos_weight"] = record(
    lambda a, b, r: F.binary_cross_entropy_with_logits(a, b.detach(), pos_weight=pw.to(a.dtype), reduction=r), [z, tb], (5, 3))
out["bce_pos_weight"]["pos_weight"] = [float(v) for v in pw]

# ---- softmax cross-entropy ----
logits = torch.randn(6, 4, dtype=f64) * 1.5
labels = torch.tensor([0, 3, 1, 1, 2, 3])
cw = torch.tensor([0.5, 2.0, 1.0, 0.25], dtype=f64)
for key, eps, weights in [("ce", 0.0, None), ("ce_smooth", 0.1, None), ("ce_weighted", 0.0, cw), ("ce_weighted_smooth", 0.1, cw)]:
    def ce(a, r, eps=eps, weights=weights):
        return F.cross_entropy(a, labels, weight=None if weights is None else weights.to(a.dtype), label_smoothing=eps, reduction=r)
    out[key] = record(ce, [logits], (6,))
    out[key]["labels"] = labels.tolist()
    out[key]["label_smoothing"] = eps
    out[key]["class_weights"] = None if weights is None else [float(v) for v in weights]

# ---- margin ranking on scores ----
# Dyadic scores (multiples of 1/8) so that the ties and the kinks are exact in float32 as in float64.
x1 = torch.tensor([[1.0], [0.25], [-0.5], [2.0], [0.75], [-1.25], [1.5]], dtype=f64)
x2 = torch.tensor([[0.5], [0.25], [0.0], [2.5], [0.75], [-0.75], [0.5]], dtype=f64)
y = torch.tensor([[1.0], [1.0], [-1.0], [-1.0], [-1.0], [1.0], [1.0]], dtype=f64)
# margin 0: rows 1 and 4 tie (argument 0 with y = 1 and y = -1); margin 0.5: row 0 (y = 1, x1 - x2 = 0.5) and row 2
# (y = -1, x2 - x1 = 0.5) sit exactly at the kink, and row 3 (y = -1) too; rows 0, 2, 3 and 6 are won (gradient 0) at
# margin 0, row 6 (won by 1) also at margin 0.5.
for margin in (0.0, 0.5):
    key = f"ranking_margin_{margin}"
    out[key] = record(lambda a, b, r, m=margin: F.margin_ranking_loss(a, b, y.to(a.dtype), margin=m, reduction=r), [x1, x2], (7, 1))
    out[key]["target"] = mat(y)
    out[key]["margin"] = margin
    key1 = f"ranking_target1_margin_{margin}"
    out[key1] = record(lambda a, b, r, m=margin: F.margin_ranking_loss(a, b, torch.ones_like(a), margin=m, reduction=r), [x1, x2], (7, 1))
    out[key1]["margin"] = margin

# ---- a shared-weight Siamese scorer ----
n_in, n_hidden, pairs = 4, 5, 6
W0 = torch.randn(n_in, n_hidden, dtype=f64) * 0.6
b0 = torch.randn(n_hidden, dtype=f64) * 0.3
H0 = torch.randn(n_hidden, 1, dtype=f64) * 0.6
c0 = torch.randn(1, dtype=f64) * 0.2
S1 = torch.randn(pairs, n_in, dtype=f64)
S2 = torch.randn(pairs, n_in, dtype=f64)
S2[1] = S1[1]
S2[4] = S1[4]  # tied scores: at margin 0 the argument is exactly 0 (the same network, the same row)
SY = torch.tensor([[1.0], [1.0], [-1.0], [1.0], [-1.0], [-1.0]], dtype=f64)
up = upstream_like((pairs, 1))
siamese = {"init": [mat(W0), mat(b0.reshape(1, -1)), mat(H0), mat(c0.reshape(1, 1))], "x1": mat(S1), "x2": mat(S2),
           "target": mat(SY), "upstream": mat(up), "runs": []}
for margin in (0.0, 0.3):
    run = {"margin": margin, "results": {}}
    for name, dt in DTYPES.items():
        run["results"][name] = {}
        for r in REDUCTIONS:
            W, b, H, c = (v.to(dt).clone().requires_grad_(True) for v in (W0, b0, H0, c0))

            def score(x):
                return torch.tanh(x.to(dt) @ W + b) @ H + c
            s1, s2 = score(S1), score(S2)
            loss = F.margin_ranking_loss(s1, s2, SY.to(dt), margin=margin, reduction=r)
            if r == "none":
                loss.backward(up.to(dt))
                value = mat(loss)
            else:
                loss.backward()
                value = num(loss)
            run["results"][name][r] = {"value": value, "grads": [mat(W.grad), mat(b.grad.reshape(1, -1)), mat(H.grad), mat(c.grad.reshape(1, 1))]}
    siamese["runs"].append(run)
out["siamese"] = siamese

# ---- empty batches ----
empty = {}
for r in REDUCTIONS:
    e = torch.empty(0, 3, dtype=f64, requires_grad=True)
    vals = {
        "mse": F.mse_loss(e, torch.empty(0, 3, dtype=f64), reduction=r),
        "bce": F.binary_cross_entropy_with_logits(e, torch.empty(0, 3, dtype=f64), reduction=r),
        "ce": F.cross_entropy(e, torch.empty(0, dtype=torch.long), reduction=r),
        "ranking": F.margin_ranking_loss(torch.empty(0, 1, dtype=f64), torch.empty(0, 1, dtype=f64), torch.empty(0, 1, dtype=f64), reduction=r),
    }
    empty[r] = {k: (num(v) if r != "none" else list(v.shape)) for k, v in vals.items()}
out["empty"] = empty

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn57-reference.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, **out}, f, indent=1)
print("wrote", path)
