"""Audit scale47: GradScaler's scale and unscaled gradients as PyTorch 1.13 forms them, for GradScaler47Tests.

PyTorch keeps the loss scale in a float32 tensor: GradScaler._lazy_init_scale_growth_tracker does
torch.full((1,), init_scale, dtype=torch.float32), so an InitScale that is not a float32 value is rounded to nearest.
Each update (torch._amp_update_scale_, amp_update_scale_cuda_kernel, CUDA-only in 1.13, so done here with torch tensors
as tests/data/grad_scaler46_reference.py does) forms the float32 scale times the double factor in double and rounds once
to float32. GradScaler.unscale_ (_unscale_grads_) takes inv_scale = self._scale.double().reciprocal().float() and
_amp_foreach_non_finite_check_and_unscale_ multiplies each float32 gradient by it in float32; that product is done here
with torch's CPU float32 multiply (grad * inv_scale), which rounds the same single product the same way.

Every iteration: a float32 "scaled gradient" of 7 entries (seeded), entry 0 set to +inf on the iterations marked
found_inf; recorded are the scale used, the unscaled gradient and the scale after the update. Floats are written as
Python floats (doubles holding the float32 values exactly); +inf, which JSON has no number for, as the string "Infinity".

Run: /usr/bin/python3 tests/data/grad_scaler47_reference.py > tests/data/grad-scaler47-reference.json
"""
import json
import math
import random
import sys

import torch


def num(v):
    v = float(v)
    return v if math.isfinite(v) else ("Infinity" if v > 0 else "-Infinity" if v < 0 else "NaN")


def run(rng, init_scale, growth, backoff, interval, iters, p_bad):
    scale = torch.full((1,), init_scale, dtype=torch.float32)
    tracker = 0
    steps = []
    for _ in range(iters):
        found_inf = rng.random() < p_bad
        grad = torch.tensor([rng.uniform(-1, 1) * 10 ** rng.uniform(-4, 0) for _ in range(7)], dtype=torch.float32) * scale
        if found_inf:
            grad[0] = float("inf")
        inv_scale = scale.double().reciprocal().float()
        unscaled = grad * inv_scale
        assert bool(torch.isfinite(unscaled).all()) == (not found_inf)
        used = float(scale)
        if found_inf:
            scale = (scale.double() * backoff).float()
            tracker = 0
        else:
            tracker += 1
            if tracker == interval:
                grown = (scale.double() * growth).float()
                if bool(torch.isfinite(grown)):
                    scale = grown
                tracker = 0
        steps.append({"found_inf": found_inf, "scale": used, "scaled_grad": [num(v) for v in grad],
                      "unscaled_grad": [num(v) for v in unscaled], "scale_after": float(scale)})
    return {"init_scale": init_scale, "growth_factor": growth, "backoff_factor": backoff, "growth_interval": interval,
            "steps": steps}


rng = random.Random(47)
runs = [run(rng, *args) for args in [
    (1000.3, 1.3, 0.45, 1, 60, 0.4),     # InitScale not a float32 value; neither factor a power of two
    (0.1, 1.7, 0.3, 2, 60, 0.3),         # a scale below 1, so unscaling enlarges the gradients
    (65536.0, 2.0, 0.5, 1, 40, 0.4),     # PyTorch's default factors
    (3.0e38, 1.1, 0.7, 1, 30, 0.2)]]     # growth that would overflow float32 is refused
json.dump({"source": "torch %s; GradScaler's float32 scale, update and unscale arithmetic (tests/data/grad_scaler47_reference.py)" % torch.__version__,
           "runs": runs}, sys.stdout, separators=(",", ":"))
