"""Session 51 (nn54): what PyTorch 1.13's GradScaler does when an activation gradient overflows fp16 even at scale 1,
and how many steps in a row a dynamic scaler skips in healthy fp16 runs.

torch 1.13's CPU autocast refuses fp16 and torch.cuda.amp.GradScaler is CUDA-only (no GPU here), so, as nn53's
pytorch_half_range_weight.py did, CUDA autocast's fp16 linear is written out with casts (operands and result rounded to
fp16; autograd's cast backward rounds each activation gradient and weight gradient to fp16, as the fp16 kernels' results
are) and the scaler's update as aten's _amp_update_scale_ (float32 scale; found inf/NaN -> scale * 0.5 and the step
skipped; 2000 clean steps -> scale * 2; no floor). A `floor` run adds max(scale, floor) to the back-off: TF2's
tf.keras LossScaleOptimizer (maximum(scale / 2, 1)), DeepSpeed's and BlasNet's MinScale = 1.
Run: /usr/bin/python3 pytorch_stuck_at_min_scale.py
"""
import torch, torch.nn.functional as F

def linear16(x, w, b):  # CUDA autocast's fp16 linear, emulated
    return F.linear(x.half().float(), w.half().float(), b.half().float()).half().float()

def f32(v):
    return float(torch.tensor(v, dtype=torch.float32))

class Scaler:
    def __init__(self, init=65536.0, interval=2000, floor=None):
        self.scale, self.tracker, self.interval, self.floor = f32(init), 0, interval, floor
        self.skipped, self.run, self.runs, self.at_floor_run, self.max_at_floor_run = 0, 0, [], 0, 0
    def update(self, found_inf):
        if found_inf:
            at_floor = self.floor is not None and self.scale <= self.floor
            self.skipped += 1; self.run += 1
            self.at_floor_run = self.at_floor_run + 1 if at_floor else self.at_floor_run
            self.max_at_floor_run = max(self.max_at_floor_run, self.at_floor_run)
            self.scale = f32(self.scale * 0.5)
            if self.floor is not None: self.scale = max(self.scale, self.floor)
            self.tracker = 0
        else:
            if self.run: self.runs.append(self.run)
            self.run = 0; self.at_floor_run = 0
            self.tracker += 1
            if self.tracker == self.interval:
                g = f32(self.scale * 2.0)
                if g != float("inf"): self.scale = g
                self.tracker = 0

def stuck_case(floor, steps=400):
    """The brief's case: Linear(3, 4) -> ReLU -> Linear(4, 2) whose head weights (1e4) make the activation gradient
    dy.W2^T about 1e7 at scale 1, beyond fp16's 65504; the forward pass and the weight gradients stay in range.
    The same weights as BlasNet's probe (blasnet_stuck_at_min_scale.fsx); Adam lr 1e-3, MSE."""
    w1 = torch.tensor([[0.1, 0.2, 0.3, 0.4], [0.2, 0.1, 0.4, 0.3], [0.3, 0.4, 0.1, 0.2]]).t().contiguous().requires_grad_()
    b1 = torch.full((4,), 0.1, requires_grad=True)
    w2 = torch.tensor([[1e4, -5e3], [5e3, 1e4], [-5e3, 5e3], [1e4, 1e4]]).t().contiguous().requires_grad_()
    b2 = torch.zeros(2, requires_grad=True)
    params = [w1, b1, w2, b2]
    x = torch.tensor([[0.5, 0.25, 1.0], [1.0, 0.5, 0.25], [0.25, 1.0, 0.5], [0.75, 0.75, 0.75]])
    y = torch.tensor([[0.0, 0.2], [0.4, 0.0], [0.2, 0.4], [0.0, 0.2]])
    opt = torch.optim.Adam(params, lr=1e-3)
    sc = Scaler(floor=floor)
    first_taken, trail = None, []
    for s in range(steps):
        opt.zero_grad()
        out = linear16(linear16(x, w1, b1).relu(), w2, b2)
        loss = F.mse_loss(out, y)
        (loss * sc.scale).backward()
        inv = f32(1.0 / sc.scale)
        found = any(not torch.isfinite(p.grad).all() for p in params)
        scale_used = sc.scale
        if not found:
            for p in params: p.grad.mul_(inv)
            opt.step()
            if first_taken is None: first_taken = (s + 1, scale_used)
        sc.update(found)
        if s + 1 in (1, 16, 17, 20, 26, 27, 30, 50, 100, 200, 400): trail.append((s + 1, loss.item(), scale_used, not found))
    name = "no floor (PyTorch)" if floor is None else f"floor {floor} (TF2 Keras / DeepSpeed / BlasNet MinScale)"
    print(f"stuck case, {name}: {sc.skipped} of {steps} skipped; first step taken: {first_taken}; final scale {sc.scale}; "
          f"longest run of skips at the floor {sc.max_at_floor_run}; W2[0,0] {w2[0,0].item():.6g}")
    for t in trail: print(f"  step {t[0]}: loss {t[1]:.6g}, scale used {t[2]:.6g}, taken {t[3]}")

def healthy(seed, hidden=64, depth=3, steps=6000, interval=2000, floor=None, task="regression", lr=1e-3, batch=32):
    """A healthy fp16 MLP (tanh/ReLU mix, Adam), default scaler: the runs of consecutive skips it makes."""
    torch.manual_seed(seed)
    dims = [16] + [hidden] * depth + [4]
    ws = [(torch.randn(dims[i + 1], dims[i]) * (2.0 / dims[i]) ** 0.5).requires_grad_() for i in range(len(dims) - 1)]
    bs = [torch.zeros(dims[i + 1], requires_grad=True) for i in range(len(dims) - 1)]
    teacher = torch.randn(16, 4)
    opt = torch.optim.Adam(ws + bs, lr=lr)
    sc = Scaler(interval=interval, floor=floor)
    first_loss = last_loss = None
    for s in range(steps):
        xb = torch.randn(batch, 16)
        h = xb
        for i, (w, b) in enumerate(zip(ws, bs)):
            h = linear16(h, w, b)
            if i < len(ws) - 1: h = h.relu()
        if task == "regression":
            loss = F.mse_loss(h, torch.sin(xb @ teacher) * 3)
        else:
            loss = F.cross_entropy(h, (xb @ teacher).argmax(1))
        (loss * sc.scale).backward()
        found = any(not torch.isfinite(p.grad).all() for p in ws + bs)
        if not found:
            inv = f32(1.0 / sc.scale)
            for p in ws + bs: p.grad.mul_(inv)
            opt.step()
        opt.zero_grad()
        sc.update(found)
        if s == 0: first_loss = loss.item()
        last_loss = loss.item()
    if sc.run: sc.runs.append(sc.run)
    print(f"healthy {task} seed {seed} width {hidden} depth {depth} interval {interval} lr {lr}: {sc.skipped} of {steps} skipped, "
          f"runs of consecutive skips {sc.runs[:12]}{' ...' if len(sc.runs) > 12 else ''} (longest {max(sc.runs, default=0)}), "
          f"longest at the floor {sc.max_at_floor_run}, final scale {sc.scale:g}, loss {first_loss:.4g} -> {last_loss:.4g}")

# `python3 pytorch_stuck_at_min_scale.py N` runs the healthy configurations from the N-th on (0-based), without the stuck case.
import sys
configs = [dict(seed=seed, task=task) for seed in range(3) for task in ("regression", "classification")]
for seed in range(2):
    configs += [dict(seed=seed, interval=100, steps=3000), dict(seed=seed, interval=100, steps=3000, task="classification"),
                dict(seed=seed, hidden=256, depth=4, interval=100, steps=2000, lr=3e-3),
                dict(seed=seed, interval=100, steps=3000, floor=1.0, lr=1e-2)]
start = int(sys.argv[1]) if len(sys.argv) > 1 else 0
print("torch", torch.__version__)
if start == 0:
    stuck_case(None)
    stuck_case(1.0)
for c in configs[start:]:
    healthy(**c)
