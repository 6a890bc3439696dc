"""PyTorch 1.13 references for tests/BlasNet.Tests/Neural/OptimizerOptions41Tests.cs (audit neural41).

Writes optimizer-options41-reference.json beside this script: torch.optim.SGD with dampening and nesterov, torch.optim.Adam
with amsgrad, torch.optim.AdamW (with and without amsgrad), on the CPU in float64 and in float32 (the default single-tensor
code paths: foreach is False on the CPU in 1.13), each stepped 9 times on three parameters from seeded random values stored in
the file:
- p0 (5x7) masked: its value and its gradients are 0 at the masked entries (mask0), as a MaskedDense's would be; the C#
  test sets 7 there instead and checks those entries stay exactly 0.
- a gradient schedule (one per dtype, the float64 draws rounded to float32) where a parameter's grad is None in some steps
  (torch skips it: no momentum buffer or step-count change) and all zeros in others (the state still advances), with
  gradient scales falling from 10 to 1e-3 so that AMSGrad's running maximum of v differs from v.
- for every run "contrasts": its final parameters with each new option that is on turned off alone (dampening 0, nesterov
  False, amsgrad False, Adam's L2 weight decay instead of AdamW's decoupled one), so the test can show that ignoring any one
  option would fail it.
The trajectory stores every parameter after every step. Non-finite numbers would be strings ("NaN", "Infinity").
Run: /usr/bin/python3 tests/data/optimizer_options41_reference.py
"""
import json, os, sys
import numpy as np
import torch

g = torch.Generator().manual_seed(41)
shapes = [(5, 7), (3, 4), (1, 5)]
steps = 9


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from json_numbers import num, mat  # noqa: E402  (NaN and +-inf as strings; a tensor as rows)


mask0 = (torch.rand(*shapes[0], generator=g) > 0.3).to(torch.float64)
init = [torch.randn(*s, generator=g, dtype=torch.float64) for s in shapes]
init[0] = init[0] * mask0
scales = [10.0, 3.0, 1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001]
schedule = []
for k in range(steps):
    row = []
    for i, s in enumerate(shapes):
        r = torch.rand(1, generator=g).item()
        if (k, i) in ((1, 1), (3, 0), (4, 2), (6, 1)):
            r = 0.0  # certain gaps: a parameter without a gradient
        if (k, i) in ((2, 2), (5, 0), (7, 1)):
            r = 0.2  # certain zero gradients
        if r < 0.15:
            row.append(None)
        elif r < 0.25:
            row.append(torch.zeros(*s, dtype=torch.float64))
        else:
            grad = torch.randn(*s, generator=g, dtype=torch.float64) * scales[k]
            if i == 0:
                grad = grad * mask0
            row.append(grad)
    schedule.append(row)

configs = [
    {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 0.0, "dampening": 0.5, "nesterov": False},
    {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 0.0, "dampening": 0.0, "nesterov": True},
    {"kind": "sgd", "lr": 0.03, "momentum": 0.8, "weight_decay": 0.05, "dampening": 0.0, "nesterov": True},
    {"kind": "sgd", "lr": 0.04, "momentum": 0.7, "weight_decay": 0.02, "dampening": 0.3, "nesterov": False},
    {"kind": "sgd", "lr": 0.04, "momentum": 0.6, "weight_decay": 0.01, "dampening": 1.0, "nesterov": False},
    {"kind": "adam", "lr": 0.01, "beta1": 0.9, "beta2": 0.9, "eps": 1e-8, "weight_decay": 0.0, "amsgrad": True, "decoupled": False},
    {"kind": "adam", "lr": 0.02, "beta1": 0.8, "beta2": 0.95, "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True, "decoupled": False},
    {"kind": "adam", "lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1, "amsgrad": False, "decoupled": True},
    {"kind": "adam", "lr": 0.02, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8, "weight_decay": 0.5, "amsgrad": True, "decoupled": True},
    {"kind": "adam", "lr": 0.05, "beta1": 0.3, "beta2": 0.9, "eps": 1e-8, "weight_decay": 0.2, "amsgrad": True, "decoupled": True},
    {"kind": "adam", "lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01, "amsgrad": False, "decoupled": True},
]


def make(c, params):
    if c["kind"] == "sgd":
        return torch.optim.SGD(params, lr=c["lr"], momentum=c["momentum"], weight_decay=c["weight_decay"],
                               dampening=c["dampening"], nesterov=c["nesterov"])
    cls = torch.optim.AdamW if c["decoupled"] else torch.optim.Adam
    return cls(params, lr=c["lr"], betas=(c["beta1"], c["beta2"]), eps=c["eps"], weight_decay=c["weight_decay"],
               amsgrad=c["amsgrad"])


def run(c, dtype):
    params = [t.to(dtype).clone().requires_grad_(True) for t in init]
    opt = make(c, params)
    trajectory = []
    for k in range(steps):
        opt.zero_grad(set_to_none=True)
        for p, grad in zip(params, schedule[k]):
            p.grad = None if grad is None else grad.to(dtype).clone()
        opt.step()
        trajectory.append([mat(p) for p in params])
    assert torch.all(params[0].detach()[mask0 == 0] == 0)
    return trajectory


def contrasts(c):
    """The same settings with each new option that is on turned off alone (Nesterov off keeps the dampening 0)."""
    off = {"dampening": 0.0, "nesterov": False, "amsgrad": False, "decoupled": False}
    return {k: dict(c, **{k: v}) for k, v in off.items() if k in c and c[k] != v}


runs = []
for dtype, name in ((torch.float64, "float64"), (torch.float32, "float32")):
    for c in configs:
        runs.append({"dtype": name, "config": c, "trajectory": run(c, dtype),
                     "contrasts": {k: run(o, dtype)[-1] for k, o in contrasts(c).items()}})

# torch's own refusal, which the C# options mirror.
refusals = []
for momentum, dampening in ((0.0, 0.0), (0.9, 0.1)):
    try:
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1, momentum=momentum, dampening=dampening, nesterov=True)
        refusals.append({"momentum": momentum, "dampening": dampening, "raised": None})
    except ValueError as e:
        refusals.append({"momentum": momentum, "dampening": dampening, "raised": str(e)})

out = {
    "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
    "shapes": [list(s) for s in shapes], "mask0": mat(mask0), "init": [mat(t) for t in init],
    "schedule": [[None if gr is None else mat(gr) for gr in row] for row in schedule],
    "runs": runs, "nesterov_refusals": refusals,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "optimizer-options41-reference.json"), "w") as f:
    json.dump(out, f, allow_nan=False)
