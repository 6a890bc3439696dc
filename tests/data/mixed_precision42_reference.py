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
import json, math, os, sys
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mixed_precision40_reference as shared  # the emulation: forward, backward and the GradScaler loop

rng = np.random.default_rng(42)


class Dense:
    def __init__(self, n_in, n_out):
        bound = 1 / math.sqrt(n_in)
        self.w = torch.tensor(rng.uniform(-bound, bound, (n_in, n_out)), dtype=torch.float32)
        self.b = torch.tensor(rng.uniform(-bound, bound, (n_out,)), dtype=torch.float32)


def leaky_negatives(saved, kinds):
    """How many leaky-ReLU inputs were on the rounded (slope) path in a step, recorded to show the runs use it."""
    return {"leaky_negative_inputs": sum(int((s <= 0).sum()) for s, k in zip(saved, kinds) if k == "leaky_relu")}


def run(name, spec, batches, scaler, max_norm, lr):
    return shared.run(name, spec, batches, scaler, max_norm, lr, dense=Dense, extra=leaky_negatives)


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
