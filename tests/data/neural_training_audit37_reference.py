"""PyTorch (float64 autograd) references for tests/BlasNet.Tests/Neural/Audit37NeuralTests.cs.

Writes neural-training-audit37-reference.json beside this script:
- "training": a Siamese scorer (a masked dense layer with a fixed 0/1 connection matrix and bias mask, tanh, a dense
  head; both branches through the same weights) trained with the margin ranking loss (target 1, mean), plus a
  "pooler" dense layer that gets a gradient (from a mean squared error) only on even steps, so the optimizer sees it
  without a gradient (grad None after zero_grad(set_to_none=True)) on odd steps; every step clips the global L2 norm
  with clip_grad_norm_. Adam (weight decay), SGD (momentum and weight decay) and Adam with beta1 < 0.5.
  The masked layer is x @ (W * A) + b * m with W stored inputs x outputs (BlasNet's layout), so the masked entries
  have exactly zero gradient, as in BlasNet's MaskedDense.
- "margin": torch.nn.functional.margin_ranking_loss forward and gradients at ties, at the hinge kink, for margin 0,
  negative margins, targets of both signs and reduction sum, float64 and float32.
- "adam_float32": torch.optim.Adam on a float32 tensor for beta1 = 0, 0.2 and 0.9; "sgd_runs" inside it: torch.optim.SGD
  (momentum, weight decay) on the same tensor and gradients.
- "activations": backward of relu, tanh, sigmoid, leaky_relu at 0, +-0, +-inf and NaN (autograd, float32).
Run: /usr/bin/python3 tests/data/neural_training_audit37_reference.py
"""
import json, math, os, sys
import torch

torch.manual_seed(37)
dt = torch.float64
n_in, n_hidden, batch, steps = 4, 5, 6, 12
A = torch.tensor([[1, 0, 1, 0, 1],
                  [0, 0, 1, 1, 0],
                  [1, 0, 0, 1, 1],
                  [0, 0, 0, 0, 0]], dtype=dt)  # column 1: a unit with no input; row 3: an input with no connection
bias_mask = torch.tensor([1, 1, 0, 1, 1], dtype=dt)
W0 = (torch.rand(n_in, n_hidden, dtype=dt) * 2 - 1) * 0.8 * A
b0 = (torch.rand(n_hidden, dtype=dt) * 2 - 1) * 0.5 * bias_mask
H0 = (torch.rand(n_hidden, 1, dtype=dt) * 2 - 1) * 0.8
c0 = (torch.rand(1, dtype=dt) * 2 - 1) * 0.5
P0 = (torch.rand(n_in, 1, dtype=dt) * 2 - 1) * 0.8
q0 = (torch.rand(1, dtype=dt) * 2 - 1) * 0.5
X1 = [torch.randn(batch, n_in, dtype=dt) for _ in range(steps)]
X2 = [torch.randn(batch, n_in, dtype=dt) for _ in range(steps)]
T = [torch.randn(batch, 1, dtype=dt) for _ in range(steps)]
margin, max_norm = 0.5, 0.5

def run(make_optimizer, clip):
    W, b, H, c, P, q = (t.clone().requires_grad_(True) for t in (W0, b0, H0, c0, P0, q0))
    params = [W, b, H, c, P, q]
    opt = make_optimizer(params)
    norms, losses = [], []
    def score(x):
        return torch.tanh(x @ (W * A) + b * bias_mask) @ H + c
    for k in range(steps):
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.margin_ranking_loss(score(X1[k]), score(X2[k]), torch.ones(batch, 1, dtype=dt), margin=margin)
        total = loss
        if k % 2 == 0:
            total = total + torch.nn.functional.mse_loss(X1[k] @ P + q, T[k])
        total.backward()
        assert (P.grad is None) == (k % 2 == 1)
        losses.append(loss.item())
        norms.append(torch.nn.utils.clip_grad_norm_(params, max_norm).item() if clip else None)
        opt.step()
    assert torch.all(W.detach()[A == 0] == 0) and torch.all(b.detach()[bias_mask == 0] == 0)
    return {"losses": losses, "norms": norms,
            "W": W.detach().tolist(), "b": b.detach().tolist(), "H": H.detach().tolist(), "c": c.detach().tolist(),
            "P": P.detach().tolist(), "q": q.detach().tolist()}

training = {
    "margin": margin, "max_norm": max_norm, "A": A.tolist(), "bias_mask": bias_mask.tolist(),
    "W0": W0.tolist(), "b0": b0.tolist(), "H0": H0.tolist(), "c0": c0.tolist(), "P0": P0.tolist(), "q0": q0.tolist(),
    "X1": [x.tolist() for x in X1], "X2": [x.tolist() for x in X2], "T": [t.tolist() for t in T],
    "runs": {
        "adam_decay_clip": run(lambda p: torch.optim.Adam(p, lr=0.05, weight_decay=0.01), True),
        "sgd_momentum_decay_clip": run(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01), True),
        "adam_low_beta1": run(lambda p: torch.optim.Adam(p, lr=0.03, betas=(0.3, 0.99), eps=1e-6), False),
    },
}

def margin_case(x1, x2, y, m, reduction, dtype):
    a = torch.tensor(x1, dtype=dtype, requires_grad=True)
    b = torch.tensor(x2, dtype=dtype, requires_grad=True)
    loss = torch.nn.functional.margin_ranking_loss(a, b, torch.tensor(y, dtype=dtype), margin=m, reduction=reduction)
    loss.backward()
    return {"x1": enc(x1), "x2": enc(x2), "y": y, "margin": m, "reduction": reduction, "dtype": str(dtype).replace("torch.", ""),
            "loss": enc(loss.item()), "grad1": enc(a.grad.tolist()), "grad2": enc(b.grad.tolist())}

def enc(v):
    """A number as text .NET's double.Parse reads (JSON has no NaN or infinity)."""
    if isinstance(v, list):
        return [enc(u) for u in v]
    return "NaN" if math.isnan(v) else "Infinity" if v == math.inf else "-Infinity" if v == -math.inf else repr(float(v))

nan, inf = float("nan"), float("inf")
margin_cases = {
    # x1 == x2 with margin 0: the hinge argument is exactly 0, clamp_min's backward passes the gradient.
    "tie_margin0": margin_case([1.5, -2.0, 0.25, 3.0], [1.5, -2.0, 1.0, -1.0], [1, 1, 1, 1], 0.0, "mean", dt),
    # x1 - x2 == margin: the kink; the gradient is passed there too.
    "kink_margin1": margin_case([2.0, 1.0, 0.5], [1.0, 1.0, 2.0], [1, 1, 1], 1.0, "mean", dt),
    # negative margin: a pair inside the margin by less than |margin| has no loss.
    "negative_margin": margin_case([0.0, 0.0, 1.0, -3.0], [0.4, 0.6, 1.0, 1.0], [1, 1, 1, 1], -0.5, "mean", dt),
    "sum_reduction": margin_case([0.3, 2.0, -1.0, 0.7], [0.1, 0.0, 1.0, 0.7], [1, 1, 1, 1], 0.5, "sum", dt),
    # target -1 asks for x2 > x1: mixed signs with active, inactive and tied pairs (the sign of each zero gradient too).
    "mixed_targets": margin_case([0.3, 2.0, -1.0, 0.7, 1.0, 5.0], [0.1, 0.0, 1.0, 0.7, 1.0, -5.0], [1, -1, -1, 1, -1, -1], 0.5, "mean", dt),
    "mixed_targets_margin0_ties": margin_case([1.0, 1.0, 2.0, -2.0], [1.0, 1.0, 3.0, -3.0], [1, -1, -1, -1], 0.0, "mean", dt),
    "mixed_targets_float32": margin_case([0.1, 0.7, -0.3], [0.2, 0.1, 0.4], [-1, -1, 1], 0.25, "mean", torch.float32),
    "nan_score": margin_case([nan, 1.0, 0.0], [0.0, 0.0, 0.0], [1, 1, 1], 0.5, "mean", dt),
    "float32_tie_order": margin_case([2.1790736], [0.24876732], [1], 1.9303062, "mean", torch.float32),
}

def act(name, fn, xs):
    x = torch.tensor(xs, dtype=torch.float32, requires_grad=True)
    y = fn(x)
    y.backward(torch.ones_like(y))
    return {"x": enc(xs), "y": enc(y.tolist()), "dx": enc(x.grad.tolist())}

xs = [0.0, -0.0, inf, -inf, nan, 1e-30, -1e-30, 9.0, -9.0, 20.0, -20.0, 90.0, -90.0]
activations = {
    "relu": act("relu", torch.relu, xs),
    "tanh": act("tanh", torch.tanh, xs),
    "sigmoid": act("sigmoid", torch.sigmoid, xs),
    "leaky_relu_0.01": act("leaky", lambda t: torch.nn.functional.leaky_relu(t, 0.01), xs),
}

# float32 Adam, 19 entries (vector lanes and a scalar tail), gradients whose magnitude changes by up to 1e6 between steps:
# with beta1 = 0 the first moment is the gradient itself (lerp's large-weight form), beta1 = 0.2 uses that form too.
g32 = torch.Generator().manual_seed(3737)
adam32_w0 = (torch.rand(19, generator=g32) - 0.5).float()
adam32_grads = [(torch.randn(19, generator=g32) * 10.0 ** torch.randint(-3, 4, (19,), generator=g32)).float() for _ in range(4)]
adam32 = {"w0": enc(adam32_w0.tolist()), "grads": [enc(g.tolist()) for g in adam32_grads], "runs": {}}
for b1, b2 in ((0.0, 0.0), (0.0, 0.99), (0.2, 0.9), (0.9, 0.999)):
    w = adam32_w0.clone().requires_grad_(True)
    opt = torch.optim.Adam([w], lr=0.1, betas=(b1, b2), weight_decay=0.01)
    for g in adam32_grads:
        w.grad = g.clone()
        opt.step()
    adam32["runs"][f"{b1}_{b2}"] = {"beta1": b1, "beta2": b2, "w": enc(w.detach().tolist())}

# float32 SGD with momentum and weight decay on the same tensor and gradients (PyTorch's d = g + λw, b = μb + d).
sgd32 = {}
for mu, wd in ((0.9, 0.01), (0.0, 0.05), (0.5, 0.0)):
    w = adam32_w0.clone().requires_grad_(True)
    opt = torch.optim.SGD([w], lr=0.01, momentum=mu, weight_decay=wd)
    for g in adam32_grads:
        w.grad = g.clone()
        opt.step()
    sgd32[f"{mu}_{wd}"] = {"momentum": mu, "weight_decay": wd, "w": enc(w.detach().tolist())}
adam32["sgd_runs"] = sgd32

out = {"versions": {"python": sys.version.split()[0], "torch": torch.__version__},
       "training": training, "adam_float32": adam32, "margin": margin_cases, "activations": activations}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "neural-training-audit37-reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, allow_nan=False)
print("wrote", path)
