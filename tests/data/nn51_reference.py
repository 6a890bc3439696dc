"""Audit nn51: dynamic loss scaling, gradient clipping and optimizers with absent gradients, as PyTorch 1.13 does them
(ScalerClipOptimizer51Tests, C#, and ScalerClipOptimizer51Tests.fs).

Three parts, every input stored in the file (floats as Python floats holding the values exactly; ±inf and NaN, which JSON
has no number for, as the strings "Infinity", "-Infinity", "NaN"):

scaler_runs  GradScaler's documented loop (scale the loss, unscale_, optionally clip_grad_norm_ per optimizer, step, update) over float32
             parameters with torch.optim.Adam/AdamW/SGD on the CPU. GradScaler itself is CUDA-only in torch 1.13 (its
             _amp_foreach_non_finite_check_and_unscale_ and _amp_update_scale_ have no CPU kernel), so its logic is replayed
             here as torch/cuda/amp/grad_scaler.py and the CUDA kernels write it: one float32 scale and an int growth
             tracker; per optimizer a stage (ready, unscaled, stepped) and a found_inf flag; unscale_ multiplies every grad
             that is not None by inv_scale = scale.double().reciprocal().float() (float32 multiply) and flags ∞/NaN (checked
             on the scaled value, as the kernel; with scales >= 1 the same as on the unscaled one); step() calls
             optimizer.step() only when that optimizer's flag is clear; update() adds every optimizer's flag, and on a flag
             multiplies the scale by backoff (float32 scale × double factor rounded once to float32) and resets the tracker,
             otherwise counts one clean iteration and on reaching growth_interval multiplies by growth (kept only if finite)
             and resets the tracker. Each iteration draws, for every parameter, either no gradient (None) or a seeded
             gradient multiplied by the scale in float32 (as backward from the scaled loss gives it); some iterations write
             +∞, −∞ or NaN into one entry, and some draw (at scales of 65536 and above only) an entry of 1e34 whose product with the
             scale overflows float32 to ∞ on its own. Every optimizer gets at least one gradient per iteration (PyTorch asserts otherwise).
             Recorded per iteration: the scale used, the scaled gradients, whether each optimizer stepped, the scale and
             tracker after update(), and every parameter afterwards.
clip_cases   torch.nn.utils.clip_grad_norm_ (norm_type 2 and inf, error_if_nonfinite False and True) and clip_grad_value_ in
             float64 and float32 on random parameter sets with gradients absent (None), all zero, tiny, huge, and holding
             NaN or ±∞: the total norm returned, the gradients afterwards, and whether error_if_nonfinite=True raised.
optimizer_runs  torch.optim.SGD (plain, weight decay, momentum, dampening, Nesterov), Adam (L2 decay, amsgrad) and AdamW
             (amsgrad) in float64 over 12 steps on three parameters, each of which gets a gradient only on some steps
             (grad set to None on the others: skipped, no state update, no decay; Adam's per-parameter step count) and an
             all-zero gradient on others (stepped: decay and momentum act). The parameters after every step.

Run: /usr/bin/python3 tests/data/nn51_reference.py > tests/data/nn51-reference.json
"""
import json
import math
import os
import random
import sys

import numpy
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from json_numbers import num  # noqa: E402  (NaN and +-inf as strings)


def nums(t):
    return [num(v) for v in t.reshape(-1).tolist()]


# ---------------------------------------------------------------- GradScaler replay
class ReplayedGradScaler:
    """GradScaler 1.13's bookkeeping on the CPU (see the module docstring)."""

    def __init__(self, init_scale, growth, backoff, interval):
        self.scale = torch.full((1,), init_scale, dtype=torch.float32)
        self.growth, self.backoff, self.interval = growth, backoff, interval
        self.tracker = 0
        self.states = {}

    def unscale_(self, opt):
        state = self.states.setdefault(id(opt), {"stage": "ready", "found_inf": None})
        assert state["stage"] == "ready"
        inv_scale = self.scale.double().reciprocal().float()
        found = False
        seen = False
        for group in opt.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                seen = True
                if not bool(torch.isfinite(p.grad).all()):
                    found = True
                p.grad.mul_(inv_scale)
        assert seen, "PyTorch: No inf checks were recorded for this optimizer."
        state["stage"], state["found_inf"] = "unscaled", found

    def step(self, opt):
        state = self.states.setdefault(id(opt), {"stage": "ready", "found_inf": None})
        if state["stage"] == "ready":
            self.unscale_(opt)
        assert state["stage"] == "unscaled"
        state["stage"] = "stepped"
        if not state["found_inf"]:
            opt.step()
            return True
        return False

    def update(self):
        found = sum(1 for s in self.states.values() if s["found_inf"]) > 0
        if found:
            self.scale = (self.scale.double() * self.backoff).float()
            self.tracker = 0
        else:
            successful = self.tracker + 1
            if successful == self.interval:
                grown = (self.scale.double() * self.growth).float()
                if bool(torch.isfinite(grown).all()):
                    self.scale = grown
                self.tracker = 0
            else:
                self.tracker = successful
        self.states = {}


SHAPES = [(3, 4), (1, 4), (4, 2), (1, 2)]


def scaler_run(seed, name, groups, init_scale, growth, backoff, interval, iterations, clip, p_none, p_bad, p_huge):
    rng = random.Random(seed)
    gen = torch.Generator().manual_seed(seed)
    params = [torch.nn.Parameter((torch.randn(s, generator=gen) * 0.5).float()) for s in SHAPES]
    initial = [nums(p.detach()) for p in params]
    opts = []
    for kind, indices, options in groups:
        chosen = [params[i] for i in indices]
        opts.append({"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind](chosen, **options))
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
            if rng.random() < p_huge and used >= 65536:  # overflows in the product with the scale, never reaches the optimizer
                raw.view(-1)[rng.randrange(raw.numel())] = 1e34 * rng.choice([-1, 1])
            g = raw * scaler.scale  # float32 × float32 scale, as backward from the scaled loss
            p.grad = g.clone()
            grads.append(g)
        bad = None
        if rng.random() < p_bad:
            with_grad = [i for i in range(len(params)) if grads[i] is not None]
            i = rng.choice(with_grad)
            k = rng.randrange(grads[i].numel())
            v = rng.choice([math.inf, -math.inf, math.nan])
            grads[i].view(-1)[k] = v
            params[i].grad.view(-1)[k] = v
            bad = {"parameter": i, "entry": k, "value": num(v)}
        # Clipped per optimizer, each over its own parameters after its own unscale_: one clip over both optimizers'
        # parameters would, on an iteration whose ∞/NaN is in one optimizer's gradients only, multiply the other's finite
        # gradients by clip_coef = NaN, and that optimizer (its found_inf clear) would step its weights to NaN.
        norms = []
        stepped = []
        if clip is not None:
            for o in opts:
                scaler.unscale_(o)
                with_grad = [p for p in o.param_groups[0]["params"] if p.grad is not None]
                norms.append(num(torch.nn.utils.clip_grad_norm_(with_grad, clip)))
        for o in opts:
            stepped.append(scaler.step(o))
        scaler.update()
        steps.append({"scale": used, "grads": [None if g is None else nums(g) for g in grads], "injected": bad,
                      "stepped": stepped, "clip_norms": norms,
                      "scale_after": float(scaler.scale), "tracker_after": scaler.tracker,
                      "params_after": [nums(p.detach()) for p in params]})
    return {"name": name, "shapes": SHAPES, "init_scale": init_scale, "growth_factor": growth, "backoff_factor": backoff,
            "growth_interval": interval, "max_norm": clip,
            "optimizers": [{"kind": k, "parameters": ix, "options": op} for k, ix, op in groups],
            "initial": initial, "steps": steps}


# ---------------------------------------------------------------- clipping
def clip_case(rng, gen, dtype, kind):
    count = rng.randint(1, 5)
    grads = []
    for _ in range(count):
        shape = (rng.randint(1, 4), rng.randint(1, 5))
        r = rng.random()
        if r < 0.15:
            grads.append(None)
            continue
        g = torch.randn(shape, generator=gen, dtype=torch.float64) * 10 ** rng.uniform(-3, 2)
        if r < 0.3:
            g.zero_()
        g = g.to(dtype)
        grads.append(g)
    present = [i for i, g in enumerate(grads) if g is not None]
    if not present:
        grads[0] = torch.zeros((2, 2), dtype=dtype)
        present = [0]
    if kind == "nonfinite":
        for _ in range(rng.randint(1, 2)):
            i = rng.choice(present)
            grads[i].view(-1)[rng.randrange(grads[i].numel())] = rng.choice([math.inf, -math.inf, math.nan])
    elif kind == "scale":
        i = rng.choice(present)
        grads[i].mul_(rng.choice([1e-30, 1e-20, 1e15, 1e18]) if dtype == torch.float32 else rng.choice([1e-150, 1e-100, 1e100, 1e150]))
    max_norm = 10 ** rng.uniform(-2, 2) if rng.random() > 0.1 else 1e-7
    clip_value = 10 ** rng.uniform(-2, 1)
    results = {}
    for norm_type in (2.0, math.inf):
        ps = [torch.zeros(1, dtype=dtype) if g is None else torch.zeros(g.shape, dtype=dtype) for g in grads]
        for p, g in zip(ps, grads):
            p.grad = None if g is None else g.clone()
        total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type)
        after = [None if p.grad is None else nums(p.grad) for p in ps]
        for p, g in zip(ps, grads):
            p.grad = None if g is None else g.clone()
        try:
            torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type, error_if_nonfinite=True)
            raised = False
        except RuntimeError:
            raised = True
        results["2" if norm_type == 2.0 else "inf"] = {"total_norm": num(total), "grads_after": after,
                                                      "error_if_nonfinite_raised": raised}
    ps = [torch.zeros(1, dtype=dtype) if g is None else torch.zeros(g.shape, dtype=dtype) for g in grads]
    for p, g in zip(ps, grads):
        p.grad = None if g is None else g.clone()
    torch.nn.utils.clip_grad_value_(ps, clip_value)
    return {"dtype": str(dtype).replace("torch.", ""), "kind": kind, "max_norm": max_norm, "clip_value": clip_value,
            "shapes": [None if g is None else list(g.shape) for g in grads],
            "grads": [None if g is None else nums(g) for g in grads], "norm": results,
            "value_clipped": [None if p.grad is None else nums(p.grad) for p in ps]}


# ---------------------------------------------------------------- optimizers with absent gradients
OPT_SHAPES = [(2, 3), (1, 3), (3, 1)]


def optimizer_run(seed, name, kind, options, steps=12):
    rng = random.Random(seed)
    gen = torch.Generator().manual_seed(seed)
    params = [torch.nn.Parameter(torch.randn(s, generator=gen, dtype=torch.float64)) for s in OPT_SHAPES]
    initial = [nums(p.detach()) for p in params]
    opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind](params, **options)
    # Parameter 0 gets a gradient every step, 1 on about half of them, 2 on the first and a few late ones; zeros sometimes.
    pattern = [[True] * steps,
               [rng.random() < 0.5 for _ in range(steps)],
               [k == 0 or (k >= 7 and rng.random() < 0.6) for k in range(steps)]]
    record = []
    for k in range(steps):
        grads = []
        for i, p in enumerate(params):
            if not pattern[i][k]:
                p.grad = None
                grads.append(None)
                continue
            g = torch.randn(OPT_SHAPES[i], generator=gen, dtype=torch.float64) * 10 ** rng.uniform(-2, 1)
            if rng.random() < 0.15:
                g.zero_()
            p.grad = g.clone()
            grads.append(nums(g))
        opt.step()
        record.append({"grads": grads, "params_after": [nums(p.detach()) for p in params],
                       "state_steps": [int(opt.state[p]["step"]) if p in opt.state and "step" in opt.state[p] else 0
                                       for p in params]})
    return {"name": name, "kind": kind, "options": options, "shapes": OPT_SHAPES, "initial": initial, "steps": record}


def main():
    scaler_runs = [
        scaler_run(5101, "adam, defaults' factors, interval 3", [("adam", [0, 1, 2, 3], {"lr": 1e-2})],
                   65536.0, 2.0, 0.5, 3, 60, None, 0.25, 0.12, 0.08),
        scaler_run(5102, "adam + sgd momentum, one scaler", [("adam", [0, 1], {"lr": 1e-2, "weight_decay": 0.01}),
                                                             ("sgd", [2, 3], {"lr": 0.05, "momentum": 0.9, "weight_decay": 1e-3})],
                   1024.0, 1.5, 0.25, 2, 60, None, 0.3, 0.15, 0.0),
        scaler_run(5103, "adamw, unscale then clip", [("adamw", [0, 1, 2, 3], {"lr": 1e-2, "weight_decay": 0.05, "amsgrad": True})],
                   4096.0, 2.0, 0.5, 2, 60, 0.5, 0.25, 0.15, 0.0),
        scaler_run(5104, "sgd nesterov + adam, clip, factors 1.3/0.45", [("sgd", [0, 3], {"lr": 0.02, "momentum": 0.8, "nesterov": True}),
                                                                        ("adam", [1, 2], {"lr": 3e-3, "betas": (0.8, 0.99)})],
                   300.0, 1.3, 0.45, 1, 50, 1.0, 0.3, 0.2, 0.0),
    ]
    rng = random.Random(51)
    gen = torch.Generator().manual_seed(51)
    clip_cases = []
    for dtype in (torch.float64, torch.float32):
        for kind in ["finite"] * 14 + ["scale"] * 6 + ["nonfinite"] * 10:
            clip_cases.append(clip_case(rng, gen, dtype, kind))
    optimizer_runs = [
        optimizer_run(5111, "sgd plain", "sgd", {"lr": 0.1}),
        optimizer_run(5112, "sgd weight decay", "sgd", {"lr": 0.1, "weight_decay": 0.05}),
        optimizer_run(5113, "sgd momentum + decay", "sgd", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}),
        optimizer_run(5114, "sgd dampening", "sgd", {"lr": 0.05, "momentum": 0.7, "dampening": 0.3, "weight_decay": 0.02}),
        optimizer_run(5115, "sgd nesterov", "sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
        optimizer_run(5116, "adam", "adam", {"lr": 0.01}),
        optimizer_run(5117, "adam L2 decay", "adam", {"lr": 0.01, "betas": (0.8, 0.95), "weight_decay": 0.1}),
        optimizer_run(5118, "adam amsgrad", "adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.01}),
        optimizer_run(5119, "adamw", "adamw", {"lr": 0.01, "weight_decay": 0.1}),
        optimizer_run(5120, "adamw amsgrad", "adamw", {"lr": 0.02, "betas": (0.5, 0.9), "weight_decay": 0.05, "amsgrad": True}),
    ]
    json.dump({"source": "torch %s, numpy %s; tests/data/nn51_reference.py" % (torch.__version__, numpy.__version__),
               "scaler_runs": scaler_runs, "clip_cases": clip_cases, "optimizer_runs": optimizer_runs},
              sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
