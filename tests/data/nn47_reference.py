"""Audit nn47: one clip_grad_norm_ over the parameters of two optimizers sharing one GradScaler, with +-inf or NaN written
into the gradients of only one of them on some iterations, as PyTorch 1.13 does it (JointClip47Tests, C#, and
JointClip47Tests.fs).

The loop is nn51_reference.py's (GradScaler's bookkeeping replayed there as torch/cuda/amp/grad_scaler.py and its CUDA
kernels write it; imported from that file), with one difference: after unscale_ of every optimizer, ONE
torch.nn.utils.clip_grad_norm_ runs over every parameter that has a gradient, instead of one per optimizer.

Two things are recorded per iteration:
- what PyTorch itself does on that iteration ("torch"): the total norm clip_grad_norm_ returns, every gradient after it
  (a non-finite total norm gives clip_coef = max_norm / (norm + 1e-6) = NaN or 0, clamped to 1 by torch.clamp(max=1.0),
  which leaves NaN / 0, and every gradient is multiplied by it), and every parameter after scaler.step of each optimizer
  (the optimizer whose own gradients were finite has found_inf clear and steps on the NaN or zeroed gradients). These
  weights are recorded from a copy of the state, which is then restored: the run itself does not continue from them.
- the loop BlasNet implements ("guarded"): when the total norm is not finite, no optimizer steps (the clip asked for could
  not be done, so neither optimizer may step on unclipped gradients); scaler.update() then backs the scale off (the
  optimizer that held the inf/NaN recorded found_inf in unscale_). This is what a PyTorch user writes by hand:
      norm = clip_grad_norm_(params, max_norm)
      if torch.isfinite(norm): scaler.step(opt_a); scaler.step(opt_b)
      scaler.update()
  The run continues from this loop: the scale used, the scaled gradients (float32, before unscaling), whether each
  optimizer stepped, the scale and tracker after update() and the parameters afterwards.

Floats are stored as Python floats holding the values exactly; +-inf and NaN as "Infinity", "-Infinity", "NaN"
(json_numbers.py). Run: /usr/bin/python3 tests/data/nn47_reference.py > tests/data/nn47-reference.json
"""
import copy
import json
import math
import os
import random
import sys

import numpy
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from json_numbers import num  # noqa: E402
from nn51_reference import ReplayedGradScaler, SHAPES, nums  # noqa: E402


def joint_run(seed, name, groups, init_scale, growth, backoff, interval, iterations, clip, p_none, p_bad, bad_values):
    rng = random.Random(seed)
    gen = torch.Generator().manual_seed(seed)
    params = [torch.nn.Parameter((torch.randn(s, generator=gen) * 0.5).float()) for s in SHAPES]
    initial = [nums(p.detach()) for p in params]
    opts = []
    for kind, indices, options in groups:
        chosen = [params[i] for i in indices]
        opts.append({"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind](chosen, **options))
    owner = {}
    for j, (_, indices, _) in enumerate(groups):
        for i in indices:
            owner[i] = j
    scaler = ReplayedGradScaler(init_scale, growth, backoff, interval)
    steps = []
    for _ in range(iterations):
        used = float(scaler.scale)
        has = [rng.random() >= p_none for _ in params]
        for _, indices, _ in groups:  # every optimizer gets a gradient (PyTorch's step asserts otherwise)
            if not any(has[i] for i in indices):
                has[rng.choice(indices)] = True
        grads = []
        for i, p in enumerate(params):
            if not has[i]:
                p.grad = None
                grads.append(None)
                continue
            raw = (torch.randn(SHAPES[i], generator=gen, dtype=torch.float64) * 10 ** rng.uniform(-3, 0.5)).float()
            g = raw * scaler.scale  # float32 x float32 scale, as backward from the scaled loss
            p.grad = g.clone()
            grads.append(g)
        bad = None
        if rng.random() < p_bad:
            with_grad = [i for i in range(len(params)) if grads[i] is not None]
            i = rng.choice(with_grad)
            k = rng.randrange(grads[i].numel())
            v = rng.choice(bad_values)
            grads[i].view(-1)[k] = v
            params[i].grad.view(-1)[k] = v
            bad = {"parameter": i, "optimizer": owner[i], "entry": k, "value": num(v)}
        for o in opts:
            scaler.unscale_(o)
        found = [scaler.states[id(o)]["found_inf"] for o in opts]
        with_grad = [p for p in params if p.grad is not None]
        norm = torch.nn.utils.clip_grad_norm_(with_grad, clip)
        finite = bool(torch.isfinite(norm))
        record = {"scale": used, "grads": [None if g is None else nums(g) for g in grads], "injected": bad,
                  "found_inf": found, "norm": num(norm)}
        if not finite:
            # PyTorch's own step on this iteration, from a copy that is thrown away afterwards.
            saved_params = [p.detach().clone() for p in params]
            saved_states = [copy.deepcopy(o.state_dict()) for o in opts]
            torch_stepped = []
            for o, f in zip(opts, found):
                if not f:
                    o.step()
                torch_stepped.append(not f)
            record["torch"] = {"grads_after_clip": [None if p.grad is None else nums(p.grad) for p in params],
                               "stepped": torch_stepped, "params_after": [nums(p.detach()) for p in params]}
            with torch.no_grad():
                for p, s in zip(params, saved_params):
                    p.copy_(s)
            for o, s in zip(opts, saved_states):
                o.load_state_dict(s)
        stepped = []
        for o in opts:
            if finite:
                stepped.append(scaler.step(o))
            else:
                scaler.states[id(o)]["stage"] = "stepped"  # not stepped: the guarded loop skips it
                stepped.append(False)
        scaler.update()
        record.update({"stepped": stepped, "scale_after": float(scaler.scale), "tracker_after": scaler.tracker,
                       "params_after": [nums(p.detach()) for p in params]})
        steps.append(record)
    return {"name": name, "shapes": SHAPES, "init_scale": init_scale, "growth_factor": growth, "backoff_factor": backoff,
            "growth_interval": interval, "max_norm": clip,
            "optimizers": [{"kind": k, "parameters": ix, "options": op} for k, ix, op in groups],
            "initial": initial, "steps": steps}


def main():
    runs = [
        joint_run(4701, "adam + sgd momentum, one clip, NaN and inf", [("adam", [0, 1], {"lr": 1e-2, "weight_decay": 0.01}),
                                                                      ("sgd", [2, 3], {"lr": 0.05, "momentum": 0.9})],
                  1024.0, 2.0, 0.5, 2, 50, 0.5, 0.2, 0.25, [math.inf, -math.inf, math.nan]),
        joint_run(4702, "sgd nesterov + adamw, one clip, inf only", [("sgd", [0, 3], {"lr": 0.02, "momentum": 0.8, "nesterov": True}),
                                                                     ("adamw", [1, 2], {"lr": 3e-3, "weight_decay": 0.05})],
                  300.0, 1.3, 0.45, 1, 50, 1.0, 0.2, 0.25, [math.inf, -math.inf]),
        joint_run(4703, "adam + adam, one clip, NaN only", [("adam", [0, 2], {"lr": 5e-3}), ("adam", [1, 3], {"lr": 1e-2, "amsgrad": True})],
                  65536.0, 2.0, 0.5, 3, 40, 0.3, 0.25, 0.3, [math.nan]),
    ]
    json.dump({"source": "torch %s, numpy %s; tests/data/nn47_reference.py" % (torch.__version__, numpy.__version__),
               "joint_runs": runs}, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
