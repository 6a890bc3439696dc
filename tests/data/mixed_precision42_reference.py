"""References for tests/BlasNet.Tests/Neural/MixedPrecision42Tests.cs (audit neural42): the activations on Half storage
that mixed_precision40_reference.py does not cover (ActivationKind's LeakyRelu and Sigmoid), in mixed-precision training
runs against PyTorch 1.13 on the CPU with the same emulation as that script (its docstring says what is rounded where).

Writes mixed-precision42-reference.json beside this script. What the two new stages round (HalfActivationStage's docs):
- sigmoid forward: float32 sigmoid of the Half input rounded once to Half; backward: the exact dy*y*(1 - y) of the Half
  dy and saved Half output (float64 here: 11-bit operands, exact) rounded once to Half.
- leaky ReLU with float32 slope s: forward x > 0 ? x : Half(x*s), backward x > 0 ? dy : Half(dy*s), the product exact
  (float64 here: an 11-bit times a 24-bit significand) rounded once to Half. float64 -> float16 goes through NumPy's
  direct conversion (npy_doublebits_to_halfbits), one rounding, not through float32.
Run "leaky_sigmoid" clips (unscale_ then clip_grad_norm_) and has one step (4) whose target row is 2000: the loss gradient
times the scale overflows Half, so the step is skipped and the scale backed off. Run "sigmoid_leaky" (slope 0.01) has no
clipping and grows the scale. torch.optim.Adam on the float32 master weights; GradScaler's rule as in the 40 script.
Run: /usr/bin/python3 tests/data/mixed_precision42_reference.py
"""
import json, math, os
import numpy as np
import torch

rng = np.random.default_rng(42)


def half(t):
    """float32 rounded to Half (ties to even) and widened back to float32 exactly."""
    return t.to(torch.float16).to(torch.float32)


def half_of_double(t):
    """float64 rounded once to Half (NumPy's direct conversion) and widened to float32 exactly."""
    return torch.from_numpy(t.numpy().astype(np.float16).astype(np.float32))


class Dense:
    def __init__(self, n_in, n_out):
        bound = 1 / math.sqrt(n_in)
        self.w = torch.tensor(rng.uniform(-bound, bound, (n_in, n_out)), dtype=torch.float32)
        self.b = torch.tensor(rng.uniform(-bound, bound, (n_out,)), dtype=torch.float32)


def slope_of(arg):
    return float(np.float32(arg[0]))  # the float32 slope the Half stage uses, exactly


def forward(layers, kinds, args, x):
    saved = []
    h = half(x)
    for layer, kind, arg in zip(layers, kinds, args):
        saved.append(h)
        if kind == "dense":
            h = half(h @ layer.w + layer.b)
        elif kind == "sigmoid":
            h = half(torch.sigmoid(h))
        elif kind == "leaky_relu":
            h = torch.where(h > 0, h, half_of_double(h.double() * slope_of(arg)))
        else:
            raise ValueError(kind)
    return h, saved


def backward(layers, kinds, args, saved, out, dy):
    grads = {}
    for i in range(len(layers) - 1, -1, -1):
        layer, kind, arg, x = layers[i], kinds[i], args[i], saved[i]
        y = saved[i + 1] if i + 1 < len(saved) else out
        if kind == "dense":
            grads[i] = (half(x.t() @ dy), half(dy.sum(0)))
            if i > 0:
                dy = half(dy @ layer.w.t())
        elif kind == "sigmoid":
            yd = y.double()
            dy = half_of_double(dy.double() * yd * (1 - yd))
        elif kind == "leaky_relu":
            dy = torch.where(x > 0, dy, half_of_double(dy.double() * slope_of(arg)))
    return grads


def run(name, spec, batches, scaler, max_norm, lr):
    layers, kinds, args = [], [], []
    for kind, arg in spec:
        kinds.append(kind)
        args.append(arg)
        layers.append(Dense(*arg) if kind == "dense" else None)
    params = [p for l in layers if l is not None for p in (l.w, l.b)]
    initial = [p.clone() for p in params]
    opt = torch.optim.Adam(params, lr=lr)
    scale = torch.tensor(scaler["init_scale"], dtype=torch.float32)
    tracker = 0
    steps = []
    for x, t in batches:
        out, saved = forward(layers, kinds, args, x)
        assert torch.isfinite(out).all()
        n = out.numel()
        loss = float(((out.double() - t.double()) ** 2).sum() / n)
        dy = half(2 * (out - t) / n * scale)
        grads = backward(layers, kinds, args, saved, out, dy)
        for i, l in enumerate(layers):
            if l is not None:
                l.w.grad, l.b.grad = grads[i][0].clone(), grads[i][1].clone()
        inv = torch.tensor(1.0 / float(scale), dtype=torch.float64).to(torch.float32)
        found_inf = False
        for p in params:
            found_inf |= not bool(torch.isfinite(p.grad).all())
            p.grad.mul_(inv)
        max_scaled = max(float(p.grad.abs().max()) for p in params) * float(scale) if not found_inf else None
        norm = None
        if not found_inf and max_norm > 0:
            norm = float(torch.nn.utils.clip_grad_norm_(params, max_norm))
        used_scale = float(scale)
        if not found_inf:
            opt.step()
        if found_inf:
            scale = scale * torch.tensor(scaler["backoff_factor"], dtype=torch.float32)
            tracker = 0
        else:
            tracker += 1
            if tracker == scaler["growth_interval"]:
                grown = scale * torch.tensor(scaler["growth_factor"], dtype=torch.float32)
                if torch.isfinite(grown):
                    scale = grown
                tracker = 0
        # How many leaky-ReLU and sigmoid entries were on the rounded (non-identity) path, recorded to show the runs use it.
        negatives = sum(int((s <= 0).sum()) for s, k in zip(saved, kinds) if k == "leaky_relu")
        steps.append({"loss": loss, "scale": used_scale, "skipped": found_inf, "unclipped_norm": norm,
                      "max_scaled_gradient": max_scaled, "max_abs_output": float(out.abs().max()),
                      "leaky_negative_inputs": negatives, "params": [p.detach().tolist() for p in params]})
    return {"name": name, "spec": [[k, list(a)] for k, a in spec], "learning_rate": lr, "max_norm": max_norm, "scaler": scaler,
            "initial": [p.tolist() for p in initial],
            "batches": [{"x": x.tolist(), "t": t.tolist()} for x, t in batches], "steps": steps,
            "final_scale": float(scale), "optimizer_steps": sum(1 for s in steps if not s["skipped"])}


def batch(rows, n_in, n_out, big_target=None):
    x = torch.tensor(rng.normal(0, 1, (rows, n_in)), dtype=torch.float32)
    t = torch.tensor(rng.normal(0, 0.5, (rows, n_out)), dtype=torch.float32)
    if big_target is not None:
        t[0, :] = big_target
    return x, t


def training():
    a_spec = [("dense", (4, 8)), ("leaky_relu", (0.1,)), ("dense", (8, 8)), ("sigmoid", ()), ("dense", (8, 3))]
    a_batches = [batch(6, 4, 3, big_target=(2000.0 if k == 4 else None)) for k in range(8)]
    a = run("leaky_sigmoid", a_spec, a_batches,
            {"init_scale": 1024.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 2}, 0.25, 1e-2)
    b_spec = [("dense", (5, 8)), ("sigmoid", ()), ("dense", (8, 6)), ("leaky_relu", (0.01,)), ("dense", (6, 2))]
    b_batches = [batch(7, 5, 2) for _ in range(8)]
    b = run("sigmoid_leaky", b_spec, b_batches,
            {"init_scale": 4096.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 3}, 0.0, 1e-2)
    for r in (a, b):
        for k, s in enumerate(r["steps"]):
            if not s["skipped"]:
                assert s["max_scaled_gradient"] < 0.5 * 65504, (r["name"], k, s["max_scaled_gradient"])
            assert s["max_abs_output"] < 0.5 * 65504
            assert s["leaky_negative_inputs"] > 0, (r["name"], k)
    assert [s["skipped"] for s in a["steps"]] == [k == 4 for k in range(8)], [s["skipped"] for s in a["steps"]]
    assert not any(s["skipped"] for s in b["steps"])
    return [a, b]


out = {"versions": {"numpy": np.__version__, "torch": torch.__version__}, "training": training()}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mixed-precision42-reference.json")
with open(path, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
print("wrote", path, os.path.getsize(path), "bytes")
for r in out["training"]:
    print(r["name"], [(s["scale"], s["skipped"], round(s["loss"], 4), s["max_scaled_gradient"], s["leaky_negative_inputs"]) for s in r["steps"]], r["final_scale"])
