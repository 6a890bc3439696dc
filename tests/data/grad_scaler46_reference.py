"""Audit kn46: GradScaler's scale sequence in PyTorch 1.13 for given skip patterns, for GradScaler46Tests.

torch.cuda.amp.GradScaler.update calls torch._amp_update_scale_, which torch 1.13 implements for CUDA only
(aten/src/ATen/native/cuda/AmpKernels.cu, amp_update_scale_cuda_kernel): the scale is a float32 tensor, the factors are
doubles, and each update is `*current_scale = (*current_scale) * backoff_factor` or
`new_scale = static_cast<float>((*current_scale) * growth_factor)` (kept only if finite): the product of the float32
scale and the double factor formed in double and rounded once to float32. The CPU build here cannot run that kernel, so
the same arithmetic is done with torch tensors: scale.double() * factor, then .float() (round to nearest).

Not the same as multiplying float32 by float32 factors (torch.tensor(1.7, dtype=float32)): 1.7 and 0.3 are not exact in
float32, and that product drifts further (reported in "float32_factors" for the record; BlasNet's old GradScaler doc
quoted such a number, 58.654316, as PyTorch's).

Run: /usr/bin/python3 tests/data/grad_scaler46_reference.py > tests/data/grad-scaler46-reference.json
"""
import json
import random
import sys

import torch


def run(init_scale, growth, backoff, interval, bad):
    scale = torch.tensor(init_scale, dtype=torch.float32)
    scale32 = torch.tensor(init_scale, dtype=torch.float32)  # float32-factor variant, for the record only
    tracker = 0
    scales, scales32 = [], []
    for found_inf in bad:
        if found_inf:
            scale = (scale.double() * backoff).float()
            scale32 = scale32 * torch.tensor(backoff, dtype=torch.float32)
            tracker = 0
        else:
            tracker += 1
            if tracker == interval:
                grown = (scale.double() * growth).float()
                if torch.isfinite(grown):
                    scale = grown
                scale32 = scale32 * torch.tensor(growth, dtype=torch.float32)
                tracker = 0
        scales.append(float(scale))
        scales32.append(float(scale32))
    return {"init_scale": init_scale, "growth_factor": growth, "backoff_factor": backoff, "growth_interval": interval,
            "found_inf": bad, "scale_after": scales, "float32_factors": scales32}


rng = random.Random(46)
runs = []
for init_scale, growth, backoff, interval, iters, p_bad in [
        (1000.0, 1.7, 0.3, 2, 40, 0.3),
        (1000.0, 1.7, 0.3, 1, 400, 0.35),
        (65536.0, 2.0, 0.5, 2, 200, 0.3),
        (3.0, 1.1, 0.7, 1, 400, 0.45)]:
    runs.append(run(init_scale, growth, backoff, interval, [rng.random() < p_bad for _ in range(iters)]))
json.dump({"source": "torch %s, amp_update_scale_cuda_kernel's arithmetic (tests/data/grad_scaler46_reference.py)" % torch.__version__,
           "runs": runs}, sys.stdout, separators=(",", ":"))
