"""References for tests/BlasNet.Tests/Neural/MixedPrecision40Tests.cs (audit neural40): Half conversions and a
mixed-precision training run against NumPy's float16 and PyTorch 1.13 on the CPU.

Writes mixed-precision40-reference.json beside this script.
- "to_half": float32 bit patterns (every class: ±0, float32 subnormals, Half's subnormal range with its ties and the
  float32 neighbours of each tie, 2^-25 and its neighbours, the smallest normal, 65504, 65519.99, 65520 and up, ±inf,
  quiet NaNs with payloads and signs, ties to even across the normal range, and seeded random bit patterns of every
  exponent) with numpy.float32.astype(numpy.float16)'s bits. NumPy 1.24 converts in software (npy_floatbits_to_halfbits),
  independent of .NET's. Signalling NaNs are not included: NumPy keeps them signalling, .NET quiets them (both NaN).
- "training": two runs of BlasNet's documented mixed precision emulated in PyTorch (see "mixed_step" below): Half
  activations between layers, float32 master weights multiplied in float32 (BlasNet's HalfDenseStage multiplies the Half
  activations by the float32 weights; it does not round the weights), every product rounded once to Half, weight and bias
  gradients rounded through Half before they reach the float32 master gradient, dx rounded to Half, GELU run in float32
  between Half activations (FloatFallbackStage), tanh forward in float32 rounded to Half and its backward dy*(1 - y^2)
  exact (float64 of Half inputs) rounded once, the MSE loss in float32 on the widened output, its gradient times the
  loss scale rounded to Half. GradScaler: torch.cuda.amp.GradScaler's rule (aten's _amp_update_scale_, CUDA only in
  torch 1.13, so simulated here as written there): unscale by the float32 reciprocal, a found inf skips optimizer.step()
  entirely (moments and step count untouched) and backs the scale off with the growth tracker reset; growth after
  growth_interval clean steps. Run "relu_gelu" clips with clip_grad_norm_ after unscale_ (torch's documented recipe) and
  has a deliberately huge input at one step whose forward stays finite in Half but whose loss gradient times the scale
  overflows Half; run "tanh" has no clipping and grows the scale twice. torch.optim.Adam on float32 master weights.
Run: /usr/bin/python3 tests/data/mixed_precision40_reference.py
"""
import json, math, os
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(40)


def f32_bits(values):
    return [int(b) for b in np.asarray(values, dtype=np.float32).view(np.uint32)]


def conversions():
    bits = []
    add = lambda b: bits.append(int(b) & 0xFFFFFFFF)
    for s in (0, 0x80000000):
        for b in (0, 1, 2, 0x007FFFFF, 0x00400000, 0x7F800000, 0x7F7FFFFF, 0x7FC00000, 0x7FC00001, 0x7FFFFFFF, 0x7FD55555):
            add(s | b)
        # Half's subnormals k * 2^-24 (k = 0..1024), the ties (k + 1/2) * 2^-24 and the float32 neighbours of each tie.
        for k in list(range(0, 40)) + list(range(1000, 1025)):
            for v in (k * 2.0 ** -24, (k + 0.5) * 2.0 ** -24):
                b = int(np.float32(v).view(np.uint32))
                for d in (-1, 0, 1):
                    add(s | (b + d))
        # 2^-25 (rounds to 0, a tie with 2^-24), 2^-26, the smallest normal 2^-14 and its neighbourhood.
        for v in (2.0 ** -25, 2.0 ** -26, 3 * 2.0 ** -26, 2.0 ** -14, 2.0 ** -14 - 2.0 ** -25, 2.0 ** -15):
            b = int(np.float32(v).view(np.uint32))
            for d in (-2, -1, 0, 1, 2):
                add(s | (b + d))
        # The top of the range: 65504 (largest), its ties upward (65520 = first overflow), 65536, float32's largest.
        for v in (65504.0, 65519.0, 65520.0, 65536.0, 131008.0, 1e10, 2048.0, 2049.0, 2050.0, 2051.0, 4097.0, 4099.0, 1.0, 0.1, 1 / 3):
            b = int(np.float32(v).view(np.uint32))
            for d in (-2, -1, 0, 1, 2):
                add(s | (b + d))
    # Ties to even in the normal range: float32 mantissas ending in 1 followed by 12 zeros (a tie for Half), even and odd
    # kept bits, every Half exponent.
    for e in range(-14, 16):
        for m10 in (0, 1, 2, 3, 0x3FE, 0x3FF, 0x155, 0x2AA):
            tie = ((e + 127) << 23) | (m10 << 13) | 0x1000
            for d in (-1, 0, 1):
                add(tie + d)
                add(0x80000000 | (tie + d))
    # Seeded random bit patterns: any exponent, and exponents near Half's range.
    for b in rng.integers(0, 2 ** 32, size=1500, dtype=np.uint64):
        add(b)
    for _ in range(1500):
        e = int(rng.integers(127 - 27, 127 + 17))
        add((int(rng.integers(0, 2)) << 31) | (e << 23) | int(rng.integers(0, 2 ** 23)))
    bits = list(dict.fromkeys(bits))
    # No signalling NaNs (see the docstring): a NaN here has the quiet bit.
    bits = [b for b in bits if not ((b & 0x7F800000) == 0x7F800000 and (b & 0x7FFFFF) != 0 and not (b & 0x400000))]
    f = np.array(bits, dtype=np.uint32).view(np.float32)
    h = f.astype(np.float16).view(np.uint16)
    return {"float_bits": bits, "half_bits": [int(x) for x in h]}


def half(t):
    """Rounded to Half (ties to even) and widened back to float32 exactly."""
    return t.to(torch.float16).to(torch.float32)


class Dense:
    def __init__(self, n_in, n_out):
        bound = 1 / math.sqrt(n_in)
        self.w = torch.tensor(rng.uniform(-bound, bound, (n_in, n_out)), dtype=torch.float32, requires_grad=False)
        self.b = torch.tensor(rng.uniform(-bound, bound, (n_out,)), dtype=torch.float32, requires_grad=False)
        self.w.grad = None
        self.b.grad = None


def gelu32(x):
    return F.gelu(x)  # float32, erf form (approximate='none')


def half_of_double(t):
    """float64 rounded once to Half (NumPy's direct conversion, not through float32) and widened to float32 exactly."""
    return torch.from_numpy(t.numpy().astype(np.float16).astype(np.float32))


def slope_of(arg):
    return float(np.float32(arg[0]))  # the float32 slope the Half stage uses, exactly


def forward(layers, kinds, args, x):
    """BlasNet's mixed forward: returns the Half output (as float32) and the saved Half activations. args: each layer's
    spec arguments (a leaky ReLU's slope). Sigmoid and leaky ReLU are the 42 script's (its docstring says what they round)."""
    saved = []
    h = half(x)  # the model's float32 input rounded to Half on its way into the first GEMM
    for layer, kind, arg in zip(layers, kinds, args):
        saved.append(h)
        if kind == "dense":
            h = half(h @ layer.w + layer.b)
        elif kind == "relu":
            h = torch.where(h > 0, h, torch.zeros_like(h))
        elif kind == "tanh":
            h = half(torch.tanh(h))
        elif kind == "gelu":
            h = half(gelu32(h))
        elif kind == "sigmoid":
            h = half(torch.sigmoid(h))
        elif kind == "leaky_relu":
            h = torch.where(h > 0, h, half_of_double(h.double() * slope_of(arg)))
        else:
            raise ValueError(kind)
    return h, saved


def backward(layers, kinds, args, saved, out, dy):
    """dy: the Half loss gradient (float32 tensor of Half values). Returns {layer index: (dW, db)} in float32."""
    grads = {}
    for i in range(len(layers) - 1, -1, -1):
        layer, kind, arg, x = layers[i], kinds[i], args[i], saved[i]
        y = saved[i + 1] if i + 1 < len(saved) else out
        if kind == "dense":
            grads[i] = (half(x.t() @ dy), half(dy.sum(0)))
            if i > 0:
                dy = half(dy @ layer.w.t())
        elif kind == "relu":
            dy = torch.where(x > 0, dy, torch.zeros_like(dy))
        elif kind == "tanh":
            yd, dd = y.double(), dy.double()
            dy = dd.mul(1 - yd * yd).to(torch.float16).to(torch.float32)
        elif kind == "gelu":
            xg = x.clone().requires_grad_(True)
            gelu32(xg).backward(dy)
            dy = half(xg.grad)
        elif kind == "sigmoid":
            yd = y.double()
            dy = half_of_double(dy.double() * yd * (1 - yd))
        elif kind == "leaky_relu":
            dy = torch.where(x > 0, dy, half_of_double(dy.double() * slope_of(arg)))
    return grads


def run(name, spec, batches, scaler, max_norm, lr, dense=None, extra=None):
    """One training run; dense: the layer factory (another script's, drawing from its own generator), extra(saved, kinds):
    more fields recorded per step."""
    dense = dense or Dense
    layers, kinds, args = [], [], []
    for kind, shape in spec:
        kinds.append(kind)
        args.append(shape)
        layers.append(dense(*shape) if kind == "dense" else None)
    params = [p for l in layers if l is not None for p in (l.w, l.b)]
    initial = [p.clone() for p in params]
    opt = torch.optim.Adam(params, lr=lr)
    scale = torch.tensor(scaler["init_scale"], dtype=torch.float32)
    tracker = 0
    steps = []
    for x, t in batches:
        out, saved = forward(layers, kinds, args, x)
        assert torch.isfinite(out).all(), "the forward pass must stay finite in Half"
        n = out.numel()
        loss = float(((out.double() - t.double()) ** 2).sum() / n)
        dloss = (2 * (out - t) / n)  # float32
        dy = half(dloss * scale)
        grads = backward(layers, kinds, args, saved, out, dy)
        for i, l in enumerate(layers):
            if l is not None:
                l.w.grad, l.b.grad = grads[i][0].clone(), grads[i][1].clone()
        # unscale_: times the float32 reciprocal, found_inf from the values
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
        # _amp_update_scale_
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
        step = {"loss": loss, "scale": used_scale, "skipped": found_inf, "unclipped_norm": norm,
                "max_scaled_gradient": max_scaled, "max_abs_output": float(out.abs().max())}
        step.update(extra(saved, kinds) if extra else {})
        step["params"] = [p.detach().tolist() for p in params]
        steps.append(step)
    return {"name": name, "spec": [[k, list(s)] for k, s in spec], "learning_rate": lr, "max_norm": max_norm, "scaler": scaler,
            "initial": [p.tolist() for p in initial],
            "batches": [{"x": x.tolist(), "t": t.tolist()} for x, t in batches], "steps": steps,
            "final_scale": float(scale), "optimizer_steps": sum(1 for s in steps if not s["skipped"])}


def batch(rows, n_in, n_out, big=None):
    x = torch.tensor(rng.normal(0, 1, (rows, n_in)), dtype=torch.float32)
    if big is not None:
        x[0, :] = big
    t = torch.tensor(rng.normal(0, 0.5, (rows, n_out)), dtype=torch.float32)
    return x, t


def training():
    relu_spec = [("dense", (4, 8)), ("relu", ()), ("dense", (8, 8)), ("gelu", ()), ("dense", (8, 3))]
    relu_batches = [batch(6, 4, 3, big=(1000.0 if k == 5 else None)) for k in range(10)]
    a = run("relu_gelu", relu_spec, relu_batches,
            {"init_scale": 1024.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 2}, 0.25, 1e-2)
    tanh_spec = [("dense", (5, 8)), ("tanh", ()), ("dense", (8, 6)), ("relu", ()), ("dense", (6, 2))]
    tanh_batches = [batch(7, 5, 2) for _ in range(9)]
    b = run("tanh", tanh_spec, tanh_batches,
            {"init_scale": 4096.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 3}, 0.0, 1e-2)
    for r in (a, b):
        for k, s in enumerate(r["steps"]):
            # Away from Half's overflow (65504) except where it is meant: summation order cannot flip a skip.
            if not s["skipped"]:
                assert s["max_scaled_gradient"] < 0.5 * 65504, (r["name"], k, s["max_scaled_gradient"])
            assert s["max_abs_output"] < 0.5 * 65504
    assert [s["skipped"] for s in a["steps"]] == [k == 5 for k in range(10)], [s["skipped"] for s in a["steps"]]
    assert not any(s["skipped"] for s in b["steps"])
    return [a, b]


def main():
    out = {"versions": {"numpy": np.__version__, "torch": torch.__version__},
           "to_half": conversions(), "training": training()}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mixed-precision40-reference.json")
    with open(path, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")
    for r in out["training"]:
        print(r["name"], [(s["scale"], s["skipped"], round(s["loss"], 4), s["max_scaled_gradient"]) for s in r["steps"]], r["final_scale"])


if __name__ == "__main__":  # mixed_precision42_reference.py imports the emulation (forward, backward, run) without writing
    main()
