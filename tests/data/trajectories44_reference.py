"""PyTorch 1.13 references for tests/BlasNet.Tests/Neural/Trajectories44Tests.cs (audit neural44).

Writes trajectories44-reference.json beside this script: whole training runs (60 to 200 steps) of three small models on the
CPU, in float64 and in float32, with torch autograd and torch.optim (single-tensor path; foreach is off on the CPU in 1.13):
- "tanh":   x W1 + b1, tanh, W2 + b2                              (BlasNet: Dense, Tanh, Dense)
- "masked": x (W1 * A) + b1, relu, W2 + b2 with a 0/1 mask A       (BlasNet: MaskedDense, Relu, Dense); W1 is 0 where A is
- "norm":   x W1 + b1, layer_norm (eps 1e-5, gain, bias), exact gelu, W2 + b2   (BlasNet: Dense, LayerNorm, Gelu, Dense)
Weights are stored inputs x outputs as BlasNet keeps them (torch computes x @ W, no transpose). The loss is mse_loss (mean).
Step k (from 0) uses rows (k mod 4)*8 .. +8 of the stored 32-row data. Runs cover SGD (momentum, dampening, nesterov, weight
decay), Adam (L2 weight decay, amsgrad), AdamW, clip_grad_norm_ and clip_grad_value_ every step, parameters whose grad is
set to None in some steps (listed in "absent": [step, parameter index]), and lr schedules (StepLR, ExponentialLR: the lr
each step used is stored). Each run stores the loss of every step and every parameter at checkpoint steps.
The float32 runs start from the float64 initial values rounded to float32 (the C# test rounds the same way).

"scaler": torch.cuda.amp.GradScaler does nothing on the CPU in 1.13 (it warns and disables itself), so its documented
algorithm is followed as aten's _amp_update_scale_ (CUDA only in 1.13) and _amp_foreach_non_finite_check_and_unscale_
write it: the loss gradient is multiplied by the float32 scale, gradients are multiplied by the float32 reciprocal
(1/scale formed in double, rounded once), the step is skipped when any unscaled gradient entry is inf/NaN; then the scale
is multiplied by backoff (tracker 0) after a skipped step, otherwise the tracker counts and on reaching growth_interval the
scale is multiplied by growth (kept only if finite in float32) and the tracker resets. Gradient entries are set to
inf/-inf/NaN after backward at the listed iterations ("inject": [iteration, parameter index, flat entry, value]).
"scaler_ceiling" runs only the scale rule from 2^120 so that growth hits float32's ceiling (2^128 is refused).
Non-finite numbers are strings ("NaN", "Infinity", "-Infinity").
Run: /usr/bin/python3 tests/data/trajectories44_reference.py
"""
import json, math, os, sys
import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
g = torch.Generator().manual_seed(44)
N_IN, N_HID, N_OUT, ROWS, BATCH = 4, 6, 2, 32, 8
CHECKPOINTS = [1, 5, 20, 50, 100, 150, 200]


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from json_numbers import num, mat  # noqa: E402  (NaN and +-inf as strings; a tensor as rows)


X = torch.randn(ROWS, N_IN, generator=g, dtype=torch.float64)
Y = torch.randn(ROWS, N_OUT, generator=g, dtype=torch.float64) * 0.5 + torch.sin(X[:, :N_OUT])
A = (torch.rand(N_IN, N_HID, generator=g) > 0.4).to(torch.float64)
BIAS_MASK = torch.tensor([[1.0, 0.0, 1.0, 1.0, 0.0, 1.0]], dtype=torch.float64)
W1 = torch.randn(N_IN, N_HID, generator=g, dtype=torch.float64) * 0.5
b1 = torch.randn(1, N_HID, generator=g, dtype=torch.float64) * 0.1
W2 = torch.randn(N_HID, N_OUT, generator=g, dtype=torch.float64) * 0.5
b2 = torch.randn(1, N_OUT, generator=g, dtype=torch.float64) * 0.1
gain = 1 + 0.1 * torch.randn(1, N_HID, generator=g, dtype=torch.float64)
beta = 0.1 * torch.randn(1, N_HID, generator=g, dtype=torch.float64)

# Classification targets for the runs with "loss": "ce" (class indices, 2 classes) or "bce" (0/1 per output).
LABELS = (Y[:, 0] > Y[:, 1]).long()
BINARY = (Y > 0).to(torch.float64)
CLASS_WEIGHTS = [1.0, 2.5]
POS_WEIGHT = [0.5, 3.0]

INIT = {
    "tanh": [W1, b1, W2, b2],
    "masked": [W1 * A, b1 * BIAS_MASK, W2, b2],
    "norm": [W1, b1, gain, beta, W2, b2],
}


def forward(kind, p, x):
    if kind == "tanh":
        return torch.tanh(x @ p[0] + p[1]) @ p[2] + p[3]
    if kind == "masked":
        return torch.relu(x @ (p[0] * A.to(x.dtype)) + p[1] * BIAS_MASK.to(x.dtype)) @ p[2] + p[3]
    h = x @ p[0] + p[1]
    h = F.layer_norm(h, (N_HID,), p[2].reshape(-1), p[3].reshape(-1), eps=1e-5)
    return F.gelu(h) @ p[4] + p[5]


def batch(k, dtype):
    r = (k % (ROWS // BATCH)) * BATCH
    return X[r:r + BATCH].to(dtype), Y[r:r + BATCH].to(dtype)


def make_optimizer(spec, params):
    o = spec["optimizer"]
    if o["kind"] == "sgd":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o.get("momentum", 0.0), dampening=o.get("dampening", 0.0),
                               weight_decay=o.get("weight_decay", 0.0), nesterov=o.get("nesterov", False))
    cls = torch.optim.AdamW if o["kind"] == "adamw" else torch.optim.Adam
    # weight_decay passed only when the run sets it, so a run without it gets torch's own default (AdamW's 0.01).
    decay = {"weight_decay": o["weight_decay"]} if "weight_decay" in o else {}
    return cls(params, lr=o["lr"], betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)), eps=o.get("eps", 1e-8),
               amsgrad=o.get("amsgrad", False), **decay)


def make_schedule(spec, opt):
    s = spec.get("schedule")
    if s is None:
        return None
    if s["kind"] == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=s["step_size"], gamma=s["gamma"])
    return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=s["gamma"])


def run(spec, dtype):
    kind = spec["model"]
    params = [t.clone().to(dtype).requires_grad_(True) for t in INIT[kind]]
    opt = make_optimizer(spec, params)
    sched = make_schedule(spec, opt)
    absent = {(k, i) for k, i in spec.get("absent", [])}
    losses, lrs, checkpoints = [], [], {}
    for k in range(spec["steps"]):
        x, y = batch(k, dtype)
        for p in params:
            p.grad = None
        parts = spec.get("accumulate", 1)
        loss = 0
        for m in range(parts):
            # Gradient accumulation: micro-batches of BATCH/parts rows, each loss divided by parts, backward after each.
            rows = slice(m * BATCH // parts, (m + 1) * BATCH // parts)
            out = forward(kind, params, x[rows])
            if spec.get("loss") == "ce":
                first = (k % (ROWS // BATCH)) * BATCH + m * BATCH // parts
                part = F.cross_entropy(out, LABELS[first:first + BATCH // parts], weight=torch.tensor(CLASS_WEIGHTS, dtype=dtype),
                                       label_smoothing=0.1) / parts
            elif spec.get("loss") == "bce":
                part = F.binary_cross_entropy_with_logits(out, BINARY[:, :][(k % (ROWS // BATCH)) * BATCH:][rows].to(dtype),
                                                          pos_weight=torch.tensor(POS_WEIGHT, dtype=dtype)) / parts
            else:
                part = F.mse_loss(out, y[rows]) / parts
            part.backward()
            loss = loss + part.detach()
        for i, p in enumerate(params):
            if (k, i) in absent:
                p.grad = None
        if "clip_norm" in spec:
            torch.nn.utils.clip_grad_norm_([p for p in params if p.grad is not None], spec["clip_norm"])
        if "clip_value" in spec:
            torch.nn.utils.clip_grad_value_([p for p in params if p.grad is not None], spec["clip_value"])
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if sched is not None:
            sched.step()
        losses.append(num(loss.item()))
        if k + 1 in CHECKPOINTS or k + 1 == spec["steps"]:
            checkpoints[str(k + 1)] = [mat(p) for p in params]
        if kind == "masked":
            assert bool((params[0].detach()[A == 0] == 0).all()), "torch moved a masked weight"
            assert bool((params[1].detach()[BIAS_MASK == 0] == 0).all()), "torch moved a masked bias"
    return {"losses": losses, "lrs": lrs, "checkpoints": checkpoints}


RUNS = [
    {"name": "sgd_plain_tanh", "model": "tanh", "steps": 200, "optimizer": {"kind": "sgd", "lr": 0.1}},
    {"name": "sgd_momentum_tanh", "model": "tanh", "steps": 200, "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9}},
    {"name": "sgd_damped_decay_masked", "model": "masked", "steps": 200,
     "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 1e-3}},
    {"name": "sgd_nesterov_decay_norm", "model": "norm", "steps": 200,
     "optimizer": {"kind": "sgd", "lr": 0.03, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-2}},
    {"name": "sgd_decay_masked", "model": "masked", "steps": 100, "optimizer": {"kind": "sgd", "lr": 0.1, "weight_decay": 0.05}},
    {"name": "adam_tanh", "model": "tanh", "steps": 200, "optimizer": {"kind": "adam", "lr": 1e-2}},
    {"name": "adam_l2_amsgrad_masked", "model": "masked", "steps": 200,
     "optimizer": {"kind": "adam", "lr": 1e-2, "weight_decay": 1e-2, "amsgrad": True}},
    {"name": "adam_betas_norm", "model": "norm", "steps": 150, "optimizer": {"kind": "adam", "lr": 5e-3, "beta1": 0.3, "beta2": 0.9, "eps": 1e-6}},
    {"name": "adamw_norm", "model": "norm", "steps": 200, "optimizer": {"kind": "adamw", "lr": 1e-2, "weight_decay": 0.1}},
    {"name": "adamw_amsgrad_masked", "model": "masked", "steps": 150, "optimizer": {"kind": "adamw", "lr": 1e-2, "amsgrad": True}},
    {"name": "clipnorm_sgd_momentum_tanh", "model": "tanh", "steps": 200, "clip_norm": 0.25,
     "optimizer": {"kind": "sgd", "lr": 0.1, "momentum": 0.9}},
    {"name": "clipnorm_adamw_norm", "model": "norm", "steps": 150, "clip_norm": 0.5,
     "optimizer": {"kind": "adamw", "lr": 1e-2, "weight_decay": 0.05}},
    {"name": "clipvalue_adam_masked", "model": "masked", "steps": 200, "clip_value": 0.05,
     "optimizer": {"kind": "adam", "lr": 1e-2}},
    {"name": "clipvalue_sgd_nesterov_norm", "model": "norm", "steps": 150, "clip_value": 0.1,
     "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.5, "nesterov": True}},
    # Parameters without a gradient: b1 on every fifth step, W2 for steps 10-29, W1 (masked) every seventh step.
    {"name": "absent_sgd_momentum_decay_masked", "model": "masked", "steps": 120,
     "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 1e-2},
     "absent": [[k, 1] for k in range(2, 120, 5)] + [[k, 2] for k in range(10, 30)] + [[k, 0] for k in range(3, 120, 7)]},
    {"name": "absent_adam_decay_masked", "model": "masked", "steps": 120,
     "optimizer": {"kind": "adam", "lr": 1e-2, "weight_decay": 1e-2},
     "absent": [[k, 1] for k in range(2, 120, 5)] + [[k, 2] for k in range(10, 30)] + [[k, 0] for k in range(3, 120, 7)]},
    {"name": "absent_adamw_amsgrad_norm", "model": "norm", "steps": 120, "clip_norm": 0.3,
     "optimizer": {"kind": "adamw", "lr": 1e-2, "weight_decay": 0.1, "amsgrad": True},
     "absent": [[k, 2] for k in range(0, 120, 3)] + [[k, 5] for k in range(40, 60)]},
    {"name": "absent_sgd_nesterov_tanh", "model": "tanh", "steps": 120,
     "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3},
     "absent": [[k, 3] for k in range(0, 120, 2)]},
    {"name": "steplr_sgd_momentum_tanh", "model": "tanh", "steps": 200, "schedule": {"kind": "step", "step_size": 30, "gamma": 0.5},
     "optimizer": {"kind": "sgd", "lr": 0.2, "momentum": 0.9}},
    {"name": "steplr_adamw_norm", "model": "norm", "steps": 150, "schedule": {"kind": "step", "step_size": 25, "gamma": 0.3},
     "optimizer": {"kind": "adamw", "lr": 2e-2, "weight_decay": 0.2}},
    {"name": "explr_sgd_damped_masked", "model": "masked", "steps": 150, "schedule": {"kind": "exponential", "gamma": 0.99},
     "optimizer": {"kind": "sgd", "lr": 0.1, "momentum": 0.7, "dampening": 0.5, "weight_decay": 1e-2}},
    # Gradient accumulation: two (or four) forward/backward passes into the same gradients before each step.
    {"name": "accumulate2_adam_norm", "model": "norm", "steps": 120, "accumulate": 2, "clip_norm": 0.4,
     "optimizer": {"kind": "adam", "lr": 1e-2, "weight_decay": 1e-3}},
    {"name": "accumulate4_sgd_momentum_masked", "model": "masked", "steps": 120, "accumulate": 4,
     "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 1e-3}},
    {"name": "accumulate2_sgd_nesterov_tanh", "model": "tanh", "steps": 120, "accumulate": 2, "clip_value": 0.08,
     "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True}},
    # Classification losses: cross_entropy with class weights and label smoothing 0.1, BCE with logits and pos_weight.
    {"name": "ce_adam_tanh", "model": "tanh", "steps": 150, "loss": "ce", "optimizer": {"kind": "adam", "lr": 1e-2}},
    {"name": "ce_sgd_nesterov_clip_norm", "model": "norm", "steps": 150, "loss": "ce", "clip_norm": 0.5,
     "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3}},
    {"name": "bce_adamw_accumulate2_masked", "model": "masked", "steps": 150, "loss": "bce", "accumulate": 2,
     "optimizer": {"kind": "adamw", "lr": 1e-2, "amsgrad": True}},
    {"name": "explr_adam_masked", "model": "masked", "steps": 150, "schedule": {"kind": "exponential", "gamma": 0.98},
     "optimizer": {"kind": "adam", "lr": 3e-2, "amsgrad": True}},
]


# ---- two heads on a shared layer: parameters the backward does not reach, under both zero_grad modes ----
# Step k trains head "b" when k % 3 == 2, head "a" otherwise; the other head is not in that step's graph. With
# zero_grad(set_to_none=True) (BlasNet's ZeroGrad; torch's default from 2.0) its grad is None and torch.optim skips it; with
# 1.13's default zero_grad() (set_to_none=False) a head touched before keeps a zero grad, and the step moves it anyway
# (weight decay, momentum, Adam's moments).
Wa, ba = W2, b2
Wb = torch.randn(N_HID, N_OUT, generator=g, dtype=torch.float64) * 0.5
bb = torch.randn(1, N_OUT, generator=g, dtype=torch.float64) * 0.1
HEADS_INIT = [W1, b1, Wa, ba, Wb, bb]
HEAD_RUNS = [
    {"name": "heads_sgd_momentum_decay", "steps": 90, "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 1e-2}},
    {"name": "heads_adam", "steps": 90, "optimizer": {"kind": "adam", "lr": 1e-2}},
    {"name": "heads_adamw", "steps": 90, "optimizer": {"kind": "adamw", "lr": 1e-2, "weight_decay": 0.1}},
]


def heads_run(spec, dtype, set_to_none):
    params = [t.clone().to(dtype).requires_grad_(True) for t in HEADS_INIT]
    opt = make_optimizer(spec, params)
    losses, checkpoints = [], {}
    for k in range(spec["steps"]):
        x, y = batch(k, dtype)
        opt.zero_grad(set_to_none=set_to_none)
        head = params[4:6] if k % 3 == 2 else params[2:4]
        loss = F.mse_loss(torch.tanh(x @ params[0] + params[1]) @ head[0] + head[1], y)
        loss.backward()
        opt.step()
        losses.append(num(loss.item()))
        if k + 1 in CHECKPOINTS or k + 1 == spec["steps"]:
            checkpoints[str(k + 1)] = [mat(p) for p in params]
    return {"losses": losses, "checkpoints": checkpoints}


def heads():
    runs = []
    for spec in HEAD_RUNS:
        r = dict(spec)
        for dtype, key in ((torch.float64, "float64"), (torch.float32, "float32")):
            r[key] = {"none": heads_run(spec, dtype, True), "zeros": heads_run(spec, dtype, False)}
        last = str(spec["steps"])
        # The two modes must give visibly different runs, or the test could not tell them apart.
        differ = max(abs(a - b) for pa, pb in zip(r["float64"]["none"]["checkpoints"][last], r["float64"]["zeros"]["checkpoints"][last])
                     for ra, rb in zip(pa, pb) for a, b in zip(ra, rb))
        assert differ > 1e-3, (spec["name"], differ)
        r["modes_differ_by"] = differ
        runs.append(r)
    return {"init": [mat(t) for t in HEADS_INIT], "runs": runs}


# ---- GradScaler, as aten writes it ----
def update_scale(scale, tracker, found_inf, growth, backoff, interval):
    """aten _amp_update_scale_ (AmpKernels.cu, 1.13) on float32 scale and int tracker."""
    if found_inf:
        return np.float32(scale * np.float32(backoff)), 0
    successful = tracker + 1
    if successful == interval:
        new_scale = np.float32(scale * np.float32(growth))
        return (new_scale if np.isfinite(new_scale) else scale), 0
    return scale, successful


def scaler_run(spec, dtype=torch.float32):
    kind = spec["model"]
    params = [t.clone().to(dtype).requires_grad_(True) for t in INIT[kind]]
    opt = make_optimizer(spec, params)
    scale, tracker = np.float32(spec["init_scale"]), 0
    inject = {}
    for k, i, e, v in spec["inject"]:
        inject.setdefault(k, []).append((i, e, float(v)))
    losses, scales, trackers, taken, checkpoints = [], [], [], [], {}
    for k in range(spec["steps"]):
        x, y = batch(k, dtype)
        for p in params:
            p.grad = None
        loss = F.mse_loss(forward(kind, params, x), y)
        (loss * torch.tensor(float(scale), dtype=dtype)).backward()
        for i, e, v in inject.get(k, []):
            params[i].grad.view(-1)[e] = v
        inv = torch.tensor(float(np.float32(1.0 / float(scale))), dtype=dtype)
        found = False
        for p in params:
            p.grad.mul_(inv)
            found |= not bool(torch.isfinite(p.grad).all())
        if "clip_norm" in spec and not found:
            torch.nn.utils.clip_grad_norm_(params, spec["clip_norm"])
        if not found:
            opt.step()
        taken.append(not found)
        losses.append(num(loss.item()))
        scale, tracker = update_scale(scale, tracker, found, spec["growth"], spec["backoff"], spec["interval"])
        scales.append(float(scale))
        trackers.append(tracker)
        if k + 1 in CHECKPOINTS or k + 1 == spec["steps"]:
            checkpoints[str(k + 1)] = [mat(p) for p in params]
    return {"losses": losses, "scales": scales, "trackers": trackers, "taken": taken, "checkpoints": checkpoints}


INF, NAN = "Infinity", "NaN"
SCALER_RUNS = [
    {"name": "scaler_sgd_momentum_tanh", "model": "tanh", "steps": 150, "init_scale": 65536.0, "growth": 2.0, "backoff": 0.5,
     "interval": 10, "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9},
     "inject": [[3, 0, 5, INF], [4, 2, 1, NAN], [5, 3, 0, "-Infinity"], [27, 1, 2, INF], [28, 1, 2, INF],
                [60, 0, 0, NAN], [61, 0, 0, NAN], [62, 0, 0, NAN], [100, 2, 3, INF], [111, 3, 1, NAN]]},
    {"name": "scaler_adam_clip_masked", "model": "masked", "steps": 150, "init_scale": 1024.0, "growth": 2.0, "backoff": 0.5,
     "interval": 7, "clip_norm": 0.5, "optimizer": {"kind": "adam", "lr": 1e-2, "weight_decay": 1e-3},
     "inject": [[0, 2, 0, INF], [14, 1, 4, NAN], [15, 3, 1, INF], [16, 0, 2, NAN], [50, 2, 5, "-Infinity"], [90, 0, 0, INF]]},
    {"name": "scaler_adamw_norm_factors", "model": "norm", "steps": 120, "init_scale": 4096.0, "growth": 4.0, "backoff": 0.25,
     "interval": 5, "optimizer": {"kind": "adamw", "lr": 1e-2, "weight_decay": 0.05},
     "inject": [[2, 4, 1, NAN], [9, 0, 3, INF], [10, 0, 3, INF], [40, 5, 0, NAN], [75, 2, 2, INF]]},
]

CEILING = {"init_scale": 2.0 ** 120, "growth": 2.0, "backoff": 0.5, "interval": 2, "steps": 40, "found": [12, 13, 30]}


def ceiling():
    scale, tracker = np.float32(CEILING["init_scale"]), 0
    scales, trackers = [], []
    for k in range(CEILING["steps"]):
        scale, tracker = update_scale(scale, tracker, k in CEILING["found"], CEILING["growth"], CEILING["backoff"], CEILING["interval"])
        scales.append(float(scale))
        trackers.append(tracker)
    return dict(CEILING, scales=scales, trackers=trackers)


# ---- long mixed-precision runs: the 40 script's emulation (Half activations, float32 master weights), 150 steps ----
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mixed_precision40_reference as shared  # noqa: E402  (forward, backward and the GradScaler loop; main() not run)

mixed_rng = np.random.default_rng(44)


class MixedDense:
    def __init__(self, n_in, n_out):
        bound = 1 / math.sqrt(n_in)
        self.w = torch.tensor(mixed_rng.uniform(-bound, bound, (n_in, n_out)), dtype=torch.float32)
        self.b = torch.tensor(mixed_rng.uniform(-bound, bound, (n_out,)), dtype=torch.float32)


def mixed_batch(rows, n_in, n_out, big_target=None):
    x = torch.tensor(mixed_rng.normal(0, 1, (rows, n_in)), dtype=torch.float32)
    t = torch.tensor(mixed_rng.normal(0, 0.5, (rows, n_out)), dtype=torch.float32)
    if big_target is not None:
        t[0, :] = big_target
    return x, t


MIXED_BIG = {"relu_gelu_long": (17, 18, 80), "tanh_leaky_long": (40, 41, 100)}


def mixed_runs():
    a_spec = [("dense", (4, 8)), ("relu", ()), ("dense", (8, 8)), ("gelu", ()), ("dense", (8, 3))]
    a_batches = [mixed_batch(6, 4, 3, big_target=(30000.0 if k in MIXED_BIG["relu_gelu_long"] else None)) for k in range(150)]
    a = shared.run("relu_gelu_long", a_spec, a_batches,
                   {"init_scale": 256.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 12}, 0.5, 1e-2, dense=MixedDense)
    b_spec = [("dense", (5, 8)), ("tanh", ()), ("dense", (8, 6)), ("leaky_relu", (0.1,)), ("dense", (6, 2))]
    b_batches = [mixed_batch(7, 5, 2, big_target=(30000.0 if k in MIXED_BIG["tanh_leaky_long"] else None)) for k in range(120)]
    b = shared.run("tanh_leaky_long", b_spec, b_batches,
                   {"init_scale": 64.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 10}, 0.0, 5e-3, dense=MixedDense)
    for r in (a, b):
        for k, st in enumerate(r["steps"]):
            # Away from Half's overflow (65504) except where it is meant: summation order cannot flip a skip.
            if not st["skipped"]:
                assert st["max_scaled_gradient"] < 0.5 * 65504, (r["name"], k, st["max_scaled_gradient"])
            assert st["max_abs_output"] < 0.5 * 65504
            assert st["skipped"] == (k in MIXED_BIG[r["name"]]), (r["name"], k)
            # Weights kept at the checkpoints only (the file stays small); the scale, skip and loss of every step are kept.
            if k + 1 not in CHECKPOINTS and k + 1 != len(r["steps"]):
                del st["params"]
    return [a, b]


out = {
    "versions": {"python": sys.version.split()[0], "torch": torch.__version__, "numpy": np.__version__},
    "x": mat(X), "y": mat(Y), "mask": mat(A), "bias_mask": mat(BIAS_MASK), "batch": BATCH,
    "labels": LABELS.tolist(), "binary": mat(BINARY), "class_weights": CLASS_WEIGHTS, "pos_weight": POS_WEIGHT,
    "init": {k: [mat(t) for t in v] for k, v in INIT.items()},
    "runs": [dict(spec, float64=run(spec, torch.float64), float32=run(spec, torch.float32)) for spec in RUNS],
    "scaler": [dict(spec, float32=scaler_run(spec)) for spec in SCALER_RUNS],
    "scaler_ceiling": ceiling(),
    "mixed": mixed_runs(),
    "heads": heads(),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "trajectories44-reference.json"), "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
