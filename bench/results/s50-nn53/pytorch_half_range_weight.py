"""Session 50 (nn53): what PyTorch 1.13 does with a float32 weight of 7e4 (beyond fp16's 65504) in an fp16 layer.

torch 1.13's CPU autocast takes only bfloat16 (fp16 is refused: "AutocastCPU only support Bfloat16") and
torch.cuda.amp.GradScaler is CUDA-only; this machine has no GPU. So CUDA autocast's rule for nn.Linear (cast the
input, the weight and the bias to fp16, product accumulated in fp32, result fp16) is written out with explicit casts,
and GradScaler's update (aten _amp_update_scale_: found_inf -> scale *= backoff 0.5, growth 2 after 2000 clean steps,
no floor; the optimizer step skipped) as in its source. Same model as HalfRangeWeight53Tests' second test: Linear(3, 4)
with W[0, 0] = 7e4, ReLU, Linear(4, 2), MSE, inputs with column 0 about 1e-3 (products with 7e4 about 70).
Run: /usr/bin/python3 pytorch_half_range_weight.py
"""
import torch, torch.nn.functional as F

def linear16(x, lin):  # CUDA autocast's fp16 linear, emulated: operands rounded to fp16, result rounded to fp16
    return F.linear(x.half().float(), lin.weight.half().float(), lin.bias.half().float()).half().float()

def run(mode, steps=200):
    torch.manual_seed(0)
    l1, l2 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
    with torch.no_grad(): l1.weight[0, 0] = 7e4
    x = torch.tensor([[1e-3, .1, .1], [4e-3, .1, .1], [7e-3, .1, .1], [1e-2, .1, .1]])
    y = torch.tensor([[0, .2], [.4, 0], [.2, .4], [0, .2]])
    opt = torch.optim.SGD(list(l1.parameters()) + list(l2.parameters()), lr=1e-4)
    as_fp16 = l1.weight[0, 0].half().item()
    scale, skipped, trail = 65536.0, 0, []
    for s in range(steps):
        opt.zero_grad()
        if mode == "fp16":
            h = linear16(x, l1).relu()
            out = linear16(h, l2)
        else:  # CPU autocast, bfloat16 (the only dtype torch 1.13 takes on the CPU)
            with torch.autocast("cpu", dtype=torch.bfloat16):
                out = l2(l1(x).relu()).float()
        loss = F.mse_loss(out, y)
        (loss * scale).backward()
        grads = [p.grad for p in opt.param_groups[0]["params"]]
        found_inf = any(not torch.isfinite(g).all() for g in grads)
        if found_inf:
            skipped += 1
            scale = float(torch.tensor(scale * 0.5, dtype=torch.float32))  # the scale is a float32 tensor
        else:
            for g in grads: g.div_(scale)
            opt.step()
        if s in (0, 1, 15, 16, 19, 99, 149, 165, 166, 199): trail.append((s + 1, loss.item(), scale))
    print(f"{mode}: W[0,0] = 7e4 rounded to fp16 = {as_fp16}; {skipped} of {steps} steps skipped")
    for t in trail: print(f"  after step {t[0]}: loss {t[1]}, scale {t[2]}")

print("torch", torch.__version__)
run("fp16")
run("bf16")
