"""Session 52 (gs56): what PyTorch 1.13's standalone GradScaler (torch.cuda.amp.GradScaler) does (1) when every iteration's
gradients overflow, with no scale at which they fit and with one below 1 at which they do, and (2) when no parameter of an
optimizer has a gradient.

torch 1.13 on this CUDA-less machine disables the scaler ("CUDA is not available. Disabling."), its scale() and
_MultiDeviceReplicator assert CUDA tensors, and its two kernels (_amp_foreach_non_finite_check_and_unscale_,
_amp_update_scale_) have no CPU implementation. So the scaler's own Python (grad_scaler.py: unscale_, step, update, their
asserts and per-optimizer bookkeeping) is run unchanged with only those pieces replaced: the availability check and the
CUDA asserts are lifted, and the two kernels are written out from aten/src/ATen/native/cuda/AmpKernels.cu (multiply each
gradient by the float32 inverse scale and set found_inf when a result is not finite; the float32 scale times the double
factor rounded once to float32, growth kept only if finite). Nothing in the control flow under test is emulated.
The runs record the scale after each iteration and whether the step was taken, for GradScalerAtFloor56Tests.
Run: /usr/bin/python3 tests/data/gs56_reference.py > tests/data/gs56-reference.json
"""
import json
import sys

import torch
import torch.cuda.amp.grad_scaler as gs

gs.amp_definitely_not_available = lambda: False


def _replicator_init(self, master_tensor):  # the original asserts master_tensor.is_cuda
    self.master = master_tensor
    self._per_device_tensors = {}


gs._MultiDeviceReplicator.__init__ = _replicator_init


def _unscale(grads, found_inf, inv_scale):  # amp_non_finite_check_and_unscale_cuda_
    for g in grads:
        g.mul_(inv_scale)
        if not torch.isfinite(g).all():
            found_inf.fill_(1.0)


def _update(scale, tracker, found_inf, growth, backoff, interval):  # amp_update_scale_cuda_kernel
    if found_inf.item():
        scale.copy_((scale.double() * backoff).float())
        tracker.fill_(0)
    else:
        t = int(tracker.item()) + 1
        if t == interval:
            grown = (scale.double() * growth).float()
            if torch.isfinite(grown):
                scale.copy_(grown)
            t = 0
        tracker.fill_(t)
    return scale


torch._amp_foreach_non_finite_check_and_unscale_ = _unscale
torch._amp_update_scale_ = _update


def scaler():
    s = torch.cuda.amp.GradScaler()
    s._lazy_init_scale_growth_tracker(torch.device("cpu"))  # what scale() does first (it asserts a CUDA loss)
    return s


def overflow_run(grad_at_scale, iterations):
    """grad_at_scale(scale) is the scaled gradient backward would leave; the loop is the documented recipe."""
    s, w = scaler(), torch.nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([w], lr=1e-3)
    raised, taken, scales = None, [], []
    for i in range(iterations):
        opt.zero_grad()
        w.grad = grad_at_scale(s.get_scale())
        before = w.detach().clone()
        try:
            s.step(opt)
            s.update()
        except Exception as e:  # none expected: recorded if it happens
            raised = f"{type(e).__name__}: {e}"
            break
        taken.append(not torch.equal(before, w.detach()))
        scales.append(s.get_scale())
    return {"iterations": iterations, "raised": raised, "taken": taken, "scale_after": scales, "w": w.tolist(),
            "w_finite": bool(torch.isfinite(w).all())}


def half(v):
    return torch.tensor(v, dtype=torch.float32).half().float()


runs = {
    # (1a) A NaN in every batch: no scale helps. The scaler never raises; it halves to 0 (then 1/scale = inf).
    "nan_every_iteration": overflow_run(lambda sc: torch.tensor([float("nan"), 1.0]), 300),
    # (1b) An fp16 gradient of 1e7 x scale (the activation gradient of nn54's probe): inf until scale x 1e7 fits fp16
    # (65504), at scale 2^-8; PyTorch's floorless scaler gets there and trains. With a floor at 1 every iteration is skipped.
    "fp16_gradient_1e7_times_scale": overflow_run(lambda sc: torch.stack([half(1e7 * sc), half(sc)]), 300),
}


def no_gradient_cases():
    out = {}
    # (2a) No parameter of the optimizer has a gradient (an unused branch, a frozen model, an optimizer over a copy).
    s, w = scaler(), torch.nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([w], lr=0.1)
    try:
        s.step(opt); out["no_gradient_step"] = "no error"
    except AssertionError as e:
        out["no_gradient_step"] = f"AssertionError: {e}"
    # (2b) update() with nothing recorded.
    s2 = scaler()
    try:
        s2.update(); out["update_without_step"] = "no error"
    except AssertionError as e:
        out["update_without_step"] = f"AssertionError: {e}"
    # (2c) Some parameters without a gradient (the unused pooler): no error, the step is taken, the unused one unchanged.
    s3, used, unused = scaler(), torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.ones(2))
    opt3 = torch.optim.SGD([used, unused], lr=0.1)
    used.grad = torch.full((2,), 65536.0)
    s3.step(opt3); s3.update()
    out["some_without_gradient"] = {"used": used.tolist(), "unused": unused.tolist(), "scale": s3.get_scale()}
    # (2d) Two optimizers, an alternating schedule: the one whose branch did not run this iteration asserts.
    s4, a, b = scaler(), torch.nn.Parameter(torch.ones(1)), torch.nn.Parameter(torch.ones(1))
    oa, ob = torch.optim.SGD([a], lr=0.1), torch.optim.SGD([b], lr=0.1)
    a.grad = torch.full((1,), 65536.0)
    s4.step(oa)
    try:
        s4.step(ob); out["alternating_other_optimizer"] = "no error"
    except AssertionError as e:
        out["alternating_other_optimizer"] = f"AssertionError: {e}"
    # (2e) 1.13's default zero_grad() (set_to_none=False) keeps a zero gradient once a parameter had one: an iteration that
    # reaches none of the optimizer's parameters is then checked as finite and counts as clean (the scale grows).
    s5, c = scaler(), torch.nn.Parameter(torch.ones(1))
    o5 = torch.optim.SGD([c], lr=0.1)
    s5._growth_interval = 1
    c.grad = torch.full((1,), 65536.0)
    s5.step(o5); s5.update()
    grown = []
    for _ in range(3):
        o5.zero_grad(set_to_none=False)  # 1.13's default
        s5.step(o5); s5.update(); grown.append(s5.get_scale())
    out["zero_grad_not_none_then_no_backward"] = {"scales": grown, "c": c.tolist()}
    return out


json.dump({"source": "torch %s, torch.cuda.amp.GradScaler's own Python with the CUDA kernels written out (tests/data/gs56_reference.py)" % torch.__version__,
           "overflow_runs": runs, "no_gradient": no_gradient_cases()}, sys.stdout, separators=(",", ":"))
