"""PyTorch (float64) references for tests/BlasNet.Tests/Neural/TorchParity39Tests.cs (audit neural39).

Writes neural39-torch-reference.json beside this script. Every input is a seeded torch draw (generator seed 39) stored in
the file; the C# tests rebuild the same layers from the stored numbers and compare. Non-finite numbers are strings
("NaN", "Infinity", "-Infinity"). Matrices are nested lists, rows first; a weight is stored inputs x outputs (BlasNet's
layout, y = x @ W + b), so torch's nn.Linear would hold its transpose.
- "layers": forward and backward (autograd, dy given) of dense, masked dense (x @ (W*A) + b*m with a 0/1 connection
  matrix A and bias mask m), relu, leaky_relu, tanh, sigmoid, gelu (approximate='none', torch's default: the erf form),
  gelu approximate='tanh', layer_norm (random gain and bias), dropout in eval mode; random shapes, batch 1 included.
- "losses": mse_loss; margin_ranking_loss (±1 targets, margins incl. 0 and negative, reductions mean and sum); a Siamese
  scorer (dense, tanh, dense; both branches through the same weights) under MarginRankingLoss; cross_entropy with logits
  of ±1e4 (label smoothing and class weights in some cases); binary_cross_entropy_with_logits at ±1e3 (pos_weight in some).
- "optimizers": torch.optim.SGD (momentum, weight decay) and Adam (betas, eps, weight decay) stepped 8 times on three
  parameters (one masked: zero values and zero gradients at masked entries) with a gradient schedule where a parameter's
  grad is None in some steps (skipped, state kept) and all zeros in others (state advances).
- "clip_norm": torch.nn.utils.clip_grad_norm_ (norm_type 2) on gradient lists with None entries, max_norm above, below,
  at the norm and where the 1e-6 dominates; and with inf / NaN entries (the returned norm).
- "clip_value": torch.nn.utils.clip_grad_value_ (NaN entries included).
- "grad_scaler": torch.cuda.amp.GradScaler's update rule (aten's _amp_update_scale_: CUDA only in torch 1.13, so it is
  simulated here as written there: a float32 scale, backoff on a found inf with the growth tracker reset, growth after
  growth_interval clean steps unless the grown float32 scale is inf) and its unscale (gradients times the float32
  reciprocal of the scale, double reciprocal rounded to float32), with SGD stepped on float32 parameters when no inf
  was found.
- "hard_layers": layer_norm on rows with a large common offset (1e4 to 1e8: the variance from a cancelling sum), with its
  exact values from mpmath at 50 digits beside torch's ("exact": torch's carry the rounding of the row mean, 6e-6 relative
  at offset 3e7 and sigma 7e-4), GELU in both forms, tanh and sigmoid over wide ranges including their tails.
Run: /usr/bin/python3 tests/data/neural39_torch_reference.py
"""
import json, math, os, sys
import mpmath
import numpy as np
import torch
import torch.nn.functional as F

g = torch.Generator().manual_seed(39)
dt = torch.float64


def randn(*shape, scale=1.0):
    return torch.randn(*shape, generator=g, dtype=dt) * scale


def randint(lo, hi):
    return int(torch.randint(lo, hi + 1, (1,), generator=g).item())


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from json_numbers import num  # noqa: E402  (NaN and +-inf as strings)


def mat(t):
    t = t.detach()
    if t.dim() == 0:
        return num(t.item())
    if t.dim() == 1:
        return [num(v) for v in t.tolist()]
    return [[num(v) for v in row] for row in t.tolist()]


# ---------------------------------------------------------------- layers
layers = []
kinds = ["dense", "masked", "relu", "leaky_relu", "tanh", "sigmoid", "gelu", "gelu_tanh", "layer_norm", "dropout_eval"]
for kind in kinds:
    for case in range(4):
        batch = 1 if case == 0 else randint(2, 7)
        n_in = randint(1, 6)
        n_out = randint(1, 6)
        x = randn(batch, n_in, scale=2.0).requires_grad_(True)
        entry = {"kind": kind, "x": None}
        params = {}
        if kind == "dense":
            W = randn(n_in, n_out, scale=0.7).requires_grad_(True)
            b = randn(n_out, scale=0.5).requires_grad_(True)
            y = x @ W + b
            params = {"W": W, "b": b}
        elif kind == "masked":
            A = (torch.rand(n_in, n_out, generator=g, dtype=dt) < 0.6).to(dt)
            m = (torch.rand(n_out, generator=g, dtype=dt) < 0.7).to(dt)
            W = (randn(n_in, n_out, scale=0.7) * A).requires_grad_(True)
            b = (randn(n_out, scale=0.5) * m).requires_grad_(True)
            y = x @ (W * A) + b * m
            params = {"W": W, "b": b}
            entry["A"] = mat(A)
            entry["m"] = mat(m)
        elif kind == "relu":
            y = torch.relu(x)
        elif kind == "leaky_relu":
            slope = [0.01, 0.2, -0.3, 1.5][case]
            entry["slope"] = slope
            y = F.leaky_relu(x, slope)
        elif kind == "tanh":
            y = torch.tanh(x)
        elif kind == "sigmoid":
            y = torch.sigmoid(x)
        elif kind == "gelu":
            y = F.gelu(x)  # approximate='none': x Φ(x) with the erf
        elif kind == "gelu_tanh":
            y = F.gelu(x, approximate="tanh")
        elif kind == "layer_norm":
            eps = [1e-5, 1e-3, 1e-5, 0.1][case]
            entry["eps"] = eps
            gamma = randn(n_in, scale=0.8).requires_grad_(True)
            beta = randn(n_in, scale=0.5).requires_grad_(True)
            y = F.layer_norm(x, (n_in,), gamma, beta, eps)
            params = {"gamma": gamma, "beta": beta}
        elif kind == "dropout_eval":
            entry["p"] = [0.1, 0.5, 0.9, 0.3][case]
            drop = torch.nn.Dropout(entry["p"])
            drop.eval()
            y = drop(x)
        dy = randn(*y.shape)
        y.backward(dy)
        entry["x"] = mat(x)
        entry["dy"] = mat(dy)
        entry["y"] = mat(y)
        entry["dx"] = mat(x.grad)
        entry["params"] = {k: mat(v) for k, v in params.items()}
        entry["grads"] = {k: mat(v.grad) for k, v in params.items()}
        layers.append(entry)

# ---------------------------------------------------------------- losses
losses = {"mse": [], "margin": [], "siamese": [], "cross_entropy": [], "bce": []}
for case in range(5):
    batch = 1 if case == 0 else randint(2, 8)
    cols = randint(1, 4)
    p = randn(batch, cols, scale=3.0).requires_grad_(True)
    t = randn(batch, cols)
    loss = F.mse_loss(p, t)
    loss.backward()
    losses["mse"].append({"prediction": mat(p), "target": mat(t), "loss": num(loss.item()), "grad": mat(p.grad)})

for case in range(6):
    batch = 1 if case == 0 else randint(2, 9)
    margin = [0.0, 0.5, -0.25, 1.0, 2.0, 0.3][case]
    for reduction in ("mean", "sum"):
        x1 = randn(batch, 1).requires_grad_(True)
        x2 = randn(batch, 1).requires_grad_(True)
        y = torch.where(torch.rand(batch, 1, generator=g, dtype=dt) < 0.5, -1.0, 1.0).to(dt)
        loss = torch.nn.MarginRankingLoss(margin=margin, reduction=reduction)(x1, x2, y)
        loss.backward()
        losses["margin"].append({"margin": margin, "reduction": reduction, "x1": mat(x1), "x2": mat(x2), "y": mat(y),
                                 "loss": num(loss.item()), "d1": mat(x1.grad), "d2": mat(x2.grad)})

for case in range(3):
    batch = 1 if case == 0 else randint(2, 7)
    n_in, hidden = randint(2, 5), randint(2, 5)
    margin = [0.5, 1.0, 0.0][case]
    reduction = ["mean", "sum", "mean"][case]
    W1 = randn(n_in, hidden, scale=0.6).requires_grad_(True)
    b1 = randn(hidden, scale=0.3).requires_grad_(True)
    W2 = randn(hidden, 1, scale=0.6).requires_grad_(True)
    b2 = randn(1, scale=0.3).requires_grad_(True)
    X1, X2 = randn(batch, n_in), randn(batch, n_in)
    y = torch.where(torch.rand(batch, 1, generator=g, dtype=dt) < 0.5, -1.0, 1.0).to(dt)
    score = lambda X: torch.tanh(X @ W1 + b1) @ W2 + b2
    loss = torch.nn.MarginRankingLoss(margin=margin, reduction=reduction)(score(X1), score(X2), y)
    loss.backward()
    losses["siamese"].append({"margin": margin, "reduction": reduction, "X1": mat(X1), "X2": mat(X2), "y": mat(y),
                              "W1": mat(W1), "b1": mat(b1), "W2": mat(W2), "b2": mat(b2), "loss": num(loss.item()),
                              "dW1": mat(W1.grad), "db1": mat(b1.grad), "dW2": mat(W2.grad), "db2": mat(b2.grad)})

for case in range(6):
    batch = 1 if case == 0 else randint(2, 6)
    classes = randint(2, 5)
    z = randn(batch, classes, scale=3.0)
    # extreme logits: whole rows at ±1e4 and single entries
    z[0, randint(0, classes - 1)] = 1e4 if case % 2 == 0 else -1e4
    if batch > 1:
        z[1] = torch.where(torch.rand(classes, generator=g, dtype=dt) < 0.5, -1e4, 1e4).to(dt)
    z = z.requires_grad_(True)
    labels = torch.randint(0, classes, (batch,), generator=g)
    smoothing = [0.0, 0.0, 0.1, 0.0, 0.25, 0.05][case]
    weight = (torch.rand(classes, generator=g, dtype=dt) + 0.2) if case in (3, 4) else None
    loss = F.cross_entropy(z, labels, weight=weight, label_smoothing=smoothing)
    loss.backward()
    losses["cross_entropy"].append({"logits": mat(z), "labels": labels.tolist(), "smoothing": smoothing,
                                    "weight": None if weight is None else mat(weight), "loss": num(loss.item()),
                                    "grad": mat(z.grad)})

for case in range(5):
    batch = 1 if case == 0 else randint(2, 6)
    cols = randint(1, 4)
    z = randn(batch, cols, scale=3.0)
    z[0, 0] = 1e3
    if batch > 1:
        z[1, cols - 1] = -1e3
    if batch > 2:
        z[2, 0] = -1e3
    z = z.requires_grad_(True)
    t = torch.rand(batch, cols, generator=g, dtype=dt)
    t[0, 0] = 0.0  # confidently wrong at +1e3
    if batch > 1:
        t[1, cols - 1] = 1.0  # confidently wrong at -1e3
    pos_weight = (torch.rand(cols, generator=g, dtype=dt) * 3 + 0.1) if case in (2, 4) else None
    loss = F.binary_cross_entropy_with_logits(z, t, pos_weight=pos_weight)
    loss.backward()
    losses["bce"].append({"logits": mat(z), "targets": mat(t), "pos_weight": None if pos_weight is None else mat(pos_weight),
                          "loss": num(loss.item()), "grad": mat(z.grad)})

# ---------------------------------------------------------------- optimizers
shapes = [(3, 4), (1, 4), (2, 2)]
mask0 = (torch.rand(*shapes[0], generator=g, dtype=dt) < 0.6).to(dt)
init = [randn(*s, scale=0.8) for s in shapes]
init[0] = init[0] * mask0
steps = 8
schedule = []  # per step, per parameter: None, "zero" or a gradient
for k in range(steps):
    row = []
    for i, s in enumerate(shapes):
        r = torch.rand(1, generator=g).item()
        if (k, i) in ((1, 1), (2, 1), (5, 2)):
            r = 0.0  # certain gaps: a parameter without a gradient
        if (k, i) in ((3, 0), (4, 2)):
            r = 0.2  # certain zero gradients
        if r < 0.15:
            row.append(None)
        elif r < 0.25:
            row.append(torch.zeros(*s, dtype=dt))
        else:
            grad = randn(*s)
            if i == 0:
                grad = grad * mask0
            row.append(grad)
    schedule.append(row)
configs = [
    {"kind": "sgd", "lr": 0.1, "momentum": 0.0, "weight_decay": 0.0},
    {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 0.0},
    {"kind": "sgd", "lr": 0.05, "momentum": 0.8, "weight_decay": 0.01},
    {"kind": "sgd", "lr": 0.1, "momentum": 0.0, "weight_decay": 0.05},
    {"kind": "adam", "lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    {"kind": "adam", "lr": 0.02, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.01},
    {"kind": "adam", "lr": 0.05, "beta1": 0.3, "beta2": 0.9, "eps": 1e-8, "weight_decay": 0.1},
]
optimizer_runs = []
for c in configs:
    params = [t.clone().requires_grad_(True) for t in init]
    if c["kind"] == "sgd":
        opt = torch.optim.SGD(params, lr=c["lr"], momentum=c["momentum"], weight_decay=c["weight_decay"])
    else:
        opt = torch.optim.Adam(params, lr=c["lr"], betas=(c["beta1"], c["beta2"]), eps=c["eps"], weight_decay=c["weight_decay"])
    trajectory = []
    for k in range(steps):
        opt.zero_grad(set_to_none=True)
        for p, grad in zip(params, schedule[k]):
            p.grad = None if grad is None else grad.clone()
        opt.step()
        trajectory.append([mat(p) for p in params])
    assert torch.all(params[0].detach()[mask0 == 0] == 0)
    if c["kind"] == "adam":
        c = dict(c, steps_per_parameter=[int(opt.state[p]["step"]) if p in opt.state else 0 for p in params])
    optimizer_runs.append({"config": c, "trajectory": trajectory})
optimizers = {"shapes": [list(s) for s in shapes], "mask0": mat(mask0), "init": [mat(t) for t in init],
              "schedule": [[None if gr is None else mat(gr) for gr in row] for row in schedule], "runs": optimizer_runs}

# ---------------------------------------------------------------- clipping
clip_norm = []
for case in range(8):
    grads = [randn(randint(1, 3), randint(1, 4), scale=[1.0, 1.0, 1.0, 1.0, 1e-7, 1.0, 1.0, 1.0][case]) for _ in range(3)]
    if case in (1, 5):
        grads[1] = None
    if case == 6:
        grads[0][0, 0] = math.inf
    if case == 7:
        grads[2][0, 0] = math.nan
    total = math.sqrt(sum(float((t * t).sum()) for t in grads if t is not None))
    max_norm = [0.5 * total, 2.0 * total, total, 0.1, 1e-6, 0.3 * total, 1.0, 1.0][case]
    params = []
    for t in grads:
        p = torch.zeros(1, dtype=dt, requires_grad=True) if t is None else torch.zeros_like(t, requires_grad=True)
        p.grad = None if t is None else t.clone()
        params.append(p)
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    clip_norm.append({"grads": [None if t is None else mat(t) for t in grads], "max_norm": max_norm, "norm": num(norm.item()),
                      "clipped": [None if p.grad is None else mat(p.grad) for p in params]})
clip_value = []
for case in range(3):
    grads = [randn(randint(1, 3), randint(1, 4), scale=2.0) for _ in range(2)]
    if case == 2:
        grads[0][0, 0] = math.nan
        grads[1][0, 0] = -math.inf
    value = [0.5, 1.7, 1.0][case]
    params = []
    for t in grads:
        p = torch.zeros_like(t, requires_grad=True)
        p.grad = t.clone()
        params.append(p)
    torch.nn.utils.clip_grad_value_(params, value)
    clip_value.append({"grads": [mat(t) for t in grads], "clip_value": value, "clipped": [mat(p.grad) for p in params]})

# ---------------------------------------------------------------- GradScaler (simulated: CUDA-only kernels in torch 1.13)
f32 = np.float32


def update_scale(scale, tracker, found_inf, growth_factor, backoff_factor, growth_interval):
    """aten/src/ATen/native/cuda/AmpKernels.cu, _amp_update_scale_cuda_kernel: the scale is a float, the factors doubles."""
    if found_inf:
        return f32(float(scale) * backoff_factor), 0
    successful = tracker + 1
    if successful == growth_interval:
        with np.errstate(over="ignore"):
            new_scale = f32(float(scale) * growth_factor)
        return (new_scale if np.isfinite(new_scale) else scale), 0
    return scale, successful


scaler_runs = []
for case, (init_scale, growth, backoff, interval, iters) in enumerate(
        [(65536.0, 2.0, 0.5, 3, 14), (1024.0, 2.0, 0.5, 1, 10), (1000.0, 1.7, 0.3, 2, 16), (2.0 ** 120, 2.0 ** 10, 0.5, 1, 6)]):
    w = (torch.rand(2, 3, generator=g, dtype=torch.float32) - 0.5)
    w0 = w.clone()
    scale, tracker = f32(init_scale), 0
    iterations = []
    for k in range(iters):
        scaled = (torch.randn(2, 3, generator=g, dtype=torch.float32) * float(scale) * 1e-3).to(torch.float32)
        bad = torch.rand(1, generator=g).item() < 0.3 or (case == 0 and k in (2, 3))
        if case == 3:
            bad = False  # growth into float32's limit: the grown scale would be inf, so it stays
        if bad:
            scaled[torch.randint(0, 2, (1,), generator=g).item(), torch.randint(0, 3, (1,), generator=g).item()] = \
                [math.inf, -math.inf, math.nan][k % 3]
        inv = torch.tensor(1.0 / float(scale), dtype=torch.float64).to(torch.float32)  # _scale.double().reciprocal().float()
        unscaled = scaled * inv
        found = not bool(torch.isfinite(unscaled).all())
        before = w.clone()
        if not found:
            w = w - torch.tensor(0.1, dtype=torch.float32) * unscaled  # torch.optim.SGD(lr=0.1) on float32
        iterations.append({"scaled_grad": mat(scaled.double()), "scale_before": float(scale), "found_inf": found,
                           "unscaled_grad": None if found else mat(unscaled.double()), "w_after": mat(w.double())})
        scale, tracker = update_scale(scale, tracker, found, growth, backoff, interval)
        iterations[-1]["scale_after"] = float(scale)
        iterations[-1]["tracker_after"] = tracker
    scaler_runs.append({"init_scale": init_scale, "growth_factor": growth, "backoff_factor": backoff,
                        "growth_interval": interval, "w0": mat(w0.double()), "iterations": iterations})
# ---------------------------------------------------------------- hard inputs (drawn last, so the cases above keep their draws)
# layer_norm on rows with a large common offset (the variance from a cancelling sum), GELU (both forms), tanh and sigmoid
# over wide ranges including the tails.
hard = []


def layer_norm_exact(x, dy, gamma, beta, eps):
    """y, dx, dgamma, dbeta of layer_norm from the stored doubles, in mpmath at 50 digits (torch's float64 result carries
    the rounding of the row mean, which dominates when the rows sit on a large offset)."""
    mpmath.mp.dps = 50
    n = len(gamma)
    ys, dxs = [], []
    dgamma, dbeta = [mpmath.mpf(0)] * n, [mpmath.mpf(0)] * n
    for row, drow in zip(x, dy):
        xs = [mpmath.mpf(v) for v in row]
        mu = sum(xs) / n
        r = 1 / mpmath.sqrt(sum((v - mu) ** 2 for v in xs) / n + mpmath.mpf(eps))
        h = [(v - mu) * r for v in xs]
        ys.append([float(h[j] * mpmath.mpf(gamma[j]) + mpmath.mpf(beta[j])) for j in range(n)])
        gg = [mpmath.mpf(drow[j]) * mpmath.mpf(gamma[j]) for j in range(n)]
        mg = sum(gg) / n
        mgh = sum(gg[j] * h[j] for j in range(n)) / n
        dxs.append([float(r * (gg[j] - mg - h[j] * mgh)) for j in range(n)])
        for j in range(n):
            dgamma[j] += mpmath.mpf(drow[j]) * h[j]
            dbeta[j] += mpmath.mpf(drow[j])
    return {"y": ys, "dx": dxs, "gamma": [float(v) for v in dgamma], "beta": [float(v) for v in dbeta]}

for offset, scale in ((1e4, 1.0), (1e6, 0.5), (1e8, 3.0), (-3e7, 1e-3)):
    n_in = randint(3, 8)
    x = (randn(randint(1, 4), n_in, scale=scale) + offset).requires_grad_(True)
    gamma = randn(n_in, scale=0.8).requires_grad_(True)
    beta = randn(n_in, scale=0.5).requires_grad_(True)
    y = F.layer_norm(x, (n_in,), gamma, beta, 1e-5)
    dy = randn(*y.shape)
    y.backward(dy)
    hard.append({"kind": "layer_norm", "eps": 1e-5, "x": mat(x), "dy": mat(dy), "y": mat(y), "dx": mat(x.grad),
                 "params": {"gamma": mat(gamma), "beta": mat(beta)}, "grads": {"gamma": mat(gamma.grad), "beta": mat(beta.grad)},
                 "exact": layer_norm_exact(x.detach().tolist(), dy.tolist(), gamma.detach().tolist(), beta.detach().tolist(), 1e-5)})
for kind, fn, lo, hi in (("gelu", F.gelu, -12.0, 12.0), ("gelu_tanh", lambda t: F.gelu(t, approximate="tanh"), -6.0, 12.0),
                         ("tanh", torch.tanh, -25.0, 25.0), ("sigmoid", torch.sigmoid, -40.0, 40.0)):
    x = (torch.rand(3, 16, generator=g, dtype=dt) * (hi - lo) + lo).requires_grad_(True)
    y = fn(x)
    dy = randn(*y.shape)
    y.backward(dy)
    hard.append({"kind": kind, "x": mat(x), "dy": mat(dy), "y": mat(y), "dx": mat(x.grad), "params": {}, "grads": {}})

out = {
    "versions": {"torch": torch.__version__, "numpy": np.__version__, "mpmath": mpmath.__version__, "python": sys.version.split()[0]},
    "layers": layers, "losses": losses, "optimizers": optimizers, "clip_norm": clip_norm, "clip_value": clip_value,
    "grad_scaler": scaler_runs, "hard_layers": hard,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "neural39-torch-reference.json"), "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
print("layers", len(layers), "optimizer runs", len(optimizer_runs), "scaler runs", len(scaler_runs))
