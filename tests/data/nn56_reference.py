"""Audit nn56: a Siamese ranker with a masked first layer, trained with the margin ranking loss, as PyTorch 1.13 trains it
(Nn56MaskedSiameseTests, C#, and Nn56MaskedSiameseTests.fs). Writes nn56-reference.json beside this script.

The scorer is s(x) = tanh(x @ (W * A) + b * m) @ H + c: W is BlasNet's inputs x outputs kernel, A a fixed 0/1 connection
matrix with a whole row of zeros (an input with no connection) and a whole column of zeros (a unit with no input, which
still trains its bias), m a 0/1 bias mask. "W * A in forward" is the masked Linear of torch; W starts as W0 * A, so its
masked entries get zero gradients and stay zero (+0 or -0: torch keeps the sign of randn * 0, BlasNet stores +0). Both
branches run through the same parameters (the shared-weight Siamese), so each step's gradient of W, b, H, c is the sum
of the two branches'. An auxiliary head P, q reads the first branch's hidden features on steps k % 3 == 1 only and adds
a mean squared error to the loss; on the other steps P and q get no gradient at all (zero_grad(set_to_none=True): grad
None, so SGD and Adam/AdamW skip them: no decay, no momentum, no moment update, no step count), while a step in which
every pair is won still gives W..c a gradient of zeros, which torch does step on (decay, momentum).

Each run: an optimizer (SGD plain, momentum + decay, dampening + decay, Nesterov + decay; Adam with L2 decay, AMSGrad;
AdamW with its default 0.01 and with AMSGrad), a margin (0 or > 0), a reduction ("mean" or "sum"), optionally
clip_grad_norm_ over every parameter (its returned total norm recorded), a batch of 7 pairs or of 1, and optionally ties:
pairs whose two inputs are the same row (so the two scores are the same number and, at margin 0, the hinge argument is
exactly 0, where torch's clamp_min passes the gradient). Targets are a seeded mix of +1 and -1. 24 steps; recorded per
step: the ranking loss, the auxiliary loss (or None), the clip norm (or None), and every parameter after the step. Each
run in float64 and in float32 (the float64 inputs rounded once by .to(float32)).

Run: /usr/bin/python3 tests/data/nn56_reference.py
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from json_numbers import num, mat  # noqa: E402

torch.manual_seed(56)
f64 = torch.float64
n_in, n_hidden, steps = 6, 5, 24
A = torch.tensor([[1, 0, 0, 1, 1],
                  [0, 1, 0, 1, 0],
                  [1, 1, 0, 0, 1],
                  [1, 0, 0, 1, 1],
                  [0, 0, 0, 0, 0],
                  [1, 1, 0, 0, 1]], dtype=f64)  # row 4: an input with no connection; column 2: a unit with no input
BIAS_MASK = torch.tensor([1, 0, 1, 1, 1], dtype=f64)
W0 = torch.randn(n_in, n_hidden, dtype=f64) * 0.6 * A
b0 = torch.randn(n_hidden, dtype=f64) * 0.3 * BIAS_MASK
H0 = torch.randn(n_hidden, 1, dtype=f64) * 0.6
c0 = torch.randn(1, dtype=f64) * 0.2
P0 = torch.randn(n_hidden, 1, dtype=f64) * 0.5
q0 = torch.randn(1, dtype=f64) * 0.2
BATCH = 7
X1 = [torch.randn(BATCH, n_in, dtype=f64) for _ in range(steps)]
X2 = [torch.randn(BATCH, n_in, dtype=f64) for _ in range(steps)]
Y = [torch.where(torch.rand(BATCH, 1, dtype=f64) < 0.5, -1.0, 1.0).to(f64) for _ in range(steps)]
T = [torch.randn(BATCH, 1, dtype=f64) for _ in range(steps)]
TIE_ROWS = [0, 3, 5]  # in runs with ties, these rows of X2 are the rows of X1


def make_optimizer(spec, params):
    kind, lr = spec["kind"], spec["lr"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=spec.get("momentum", 0), weight_decay=spec.get("weight_decay", 0),
                               dampening=spec.get("dampening", 0), nesterov=spec.get("nesterov", False))
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=spec.get("weight_decay", 0), amsgrad=spec.get("amsgrad", False))
    if kind == "adamw":
        if "weight_decay" in spec:
            return torch.optim.AdamW(params, lr=lr, weight_decay=spec["weight_decay"], amsgrad=spec.get("amsgrad", False))
        return torch.optim.AdamW(params, lr=lr, amsgrad=spec.get("amsgrad", False))  # torch's default weight_decay 0.01
    raise ValueError(kind)


def run(spec, dt):
    a, bm = A.to(dt), BIAS_MASK.to(dt)
    W, b, H, c, P, q = (t.to(dt).clone().requires_grad_(True) for t in (W0, b0, H0, c0, P0, q0))
    params = [W, b, H, c, P, q]
    opt = make_optimizer(spec["optimizer"], params)
    rows = spec.get("batch", BATCH)
    out = {"losses": [], "aux_losses": [], "norms": [], "params": []}
    for k in range(steps):
        x1, x2 = X1[k][:rows].clone(), X2[k][:rows].clone()
        if spec.get("ties"):
            for r in TIE_ROWS:
                if r < rows:
                    x2[r] = x1[r]
        x1, x2, y, t = x1.to(dt), x2.to(dt), Y[k][:rows].to(dt), T[k][:rows].to(dt)
        opt.zero_grad(set_to_none=True)
        h1 = torch.tanh(x1 @ (W * a) + b * bm)
        h2 = torch.tanh(x2 @ (W * a) + b * bm)
        s1, s2 = h1 @ H + c, h2 @ H + c
        loss = torch.nn.functional.margin_ranking_loss(s1, s2, y, margin=spec["margin"], reduction=spec["reduction"])
        total = loss
        aux = None
        if k % 3 == 1:
            aux = torch.nn.functional.mse_loss(h1 @ P + q, t)
            total = total + aux
        total.backward()
        assert (P.grad is None) == (k % 3 != 1)
        # The masked entries get exactly zero gradient through W * A (0 * anything finite).
        assert bool((W.grad[a == 0] == 0).all()) and bool((b.grad[bm == 0] == 0).all())
        norm = None
        if "clip_norm" in spec:
            norm = torch.nn.utils.clip_grad_norm_(params, spec["clip_norm"]).item()
        opt.step()
        assert bool((W.detach()[a == 0] == 0).all()), "torch moved a masked weight"
        assert bool((b.detach()[bm == 0] == 0).all()), "torch moved a masked bias"
        out["losses"].append(num(loss.item()))
        out["aux_losses"].append(None if aux is None else num(aux.item()))
        out["norms"].append(None if norm is None else num(norm))
        out["params"].append([mat(p.detach().reshape(p.shape[0], -1) if p.dim() > 1 else p.detach().reshape(1, -1)) for p in params])
    return out


RUNS = [
    {"name": "sgd_plain_mean", "margin": 0.5, "reduction": "mean", "optimizer": {"kind": "sgd", "lr": 0.2}},
    {"name": "sgd_momentum_decay_clip", "margin": 0.5, "reduction": "mean", "clip_norm": 0.3,
     "optimizer": {"kind": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.05}},
    {"name": "sgd_dampened_decay_sum", "margin": 1.0, "reduction": "sum",
     "optimizer": {"kind": "sgd", "lr": 0.02, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.02}},
    {"name": "sgd_nesterov_decay_clip_margin0", "margin": 0.0, "reduction": "mean", "clip_norm": 0.2,
     "optimizer": {"kind": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}},
    {"name": "adam_l2_clip", "margin": 0.5, "reduction": "mean", "clip_norm": 0.25,
     "optimizer": {"kind": "adam", "lr": 0.02, "weight_decay": 0.05}},
    {"name": "adam_amsgrad_sum", "margin": 0.3, "reduction": "sum", "optimizer": {"kind": "adam", "lr": 0.02, "amsgrad": True}},
    {"name": "adamw_default_decay_clip", "margin": 0.5, "reduction": "mean", "clip_norm": 0.3,
     "optimizer": {"kind": "adamw", "lr": 0.02}},
    {"name": "adamw_amsgrad_batch1_margin0", "margin": 0.0, "reduction": "mean", "batch": 1,
     "optimizer": {"kind": "adamw", "lr": 0.02, "weight_decay": 0.1, "amsgrad": True}},
    {"name": "adam_ties_margin0_sum_clip", "margin": 0.0, "reduction": "sum", "ties": True, "clip_norm": 0.5,
     "optimizer": {"kind": "adam", "lr": 0.02, "weight_decay": 0.01}},
    {"name": "sgd_momentum_ties_margin0", "margin": 0.0, "reduction": "mean", "ties": True,
     "optimizer": {"kind": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.05}},
]

result = {
    "torch": torch.__version__,
    "steps": steps, "batch": BATCH, "tie_rows": TIE_ROWS,
    "A": mat(A), "bias_mask": [num(v) for v in BIAS_MASK.tolist()],
    "init": [mat(W0), mat(b0.reshape(1, -1)), mat(H0), mat(c0.reshape(1, -1)), mat(P0), mat(q0.reshape(1, -1))],
    "x1": [mat(x) for x in X1], "x2": [mat(x) for x in X2], "y": [mat(y) for y in Y], "t": [mat(t) for t in T],
    "runs": [dict(spec, float64=run(spec, f64), float32=run(spec, torch.float32)) for spec in RUNS],
}
# The runs must exercise what they are for: clipping that clips, ties whose hinge argument is exactly 0, and steps where
# every pair is won (a zero ranking gradient) as well as lost pairs.
for r in result["runs"]:
    norms = [n for n in r["float64"]["norms"] if n is not None]
    if "clip_norm" in r:
        assert sum(n > r["clip_norm"] for n in norms) >= 3, (r["name"], norms)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn56-reference.json"), "w") as f:
    json.dump(result, f)
print("wrote nn56-reference.json:", len(RUNS), "runs of", steps, "steps")
