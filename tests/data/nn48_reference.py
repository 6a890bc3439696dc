"""Audit nn48: what PyTorch 1.13 (CPU, float64) gives for NaN and +-inf in the inputs, weights and upstream gradients of
the layers Dense (torch.nn.functional.linear), MaskedDense, LayerNorm (torch.nn.functional.layer_norm) and Dropout
(NonFiniteLayers48Tests, C#, and NonFiniteLayers48Tests.fs).

Shapes are BlasNet's: x is batch x inputs, the weight W is inputs x outputs (torch's Linear weight is its transpose), the
bias 1 x outputs. Each case starts from finite seeded values and writes one or two non-finite entries into x, W, b (gain and
bias for LayerNorm) or dy; recorded: the forward output y = layer(x) and, after y.backward(dy), dx, dW (dgain) and db.

MaskedDense: PyTorch has no masked linear layer; two ways of writing one are recorded. "select" applies the 0/1 mask by
selection, torch.where(mask != 0, W, 0), and zeroes the weight gradient where the mask is 0 (what BlasNet's MaskedDense
does: masked entries are fixed, and a NaN/inf written into one has no effect). "multiply" is F.linear(x, (W * mask).T), the
form of torch.nn.utils.prune: a NaN or inf in a masked entry leaks (NaN * 0 = NaN), and the weight gradient of a masked
entry is (x^T dy) * 0, NaN where x^T dy is not finite. The tests hold BlasNet to "select" and check that the two differ
exactly where the MaskedDense docs say.

Dropout: PyTorch draws its own mask, so the rule is recorded instead of a mask: torch.nn.functional.dropout(x, p) in
training mode on 4000 entries each NaN, +inf, -inf and 1.5, and its backward from dy of the same kind, with which
(output, dx) value pairs occur for dropped and kept entries (told apart by dropout on ones with the same generator state).

Floats are stored as Python floats holding the values exactly; +-inf and NaN as "Infinity", "-Infinity", "NaN"
(json_numbers.py). Run: /usr/bin/python3 tests/data/nn48_reference.py > tests/data/nn48-reference.json
"""
import json
import sys

import numpy
import torch
import torch.nn.functional as F

from json_numbers import mat, num

torch.set_default_dtype(torch.float64)
NAN, INF = float("nan"), float("inf")


def seeded(seed, *shape):
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(*shape, generator=g) * 2 - 1)


def put(t, entries):
    t = t.clone()
    for (i, j), v in entries:
        t[i, j] = v
    return t


def dense_case(name, seed, x_at=(), w_at=(), b_at=(), dy_at=()):
    x = put(seeded(seed, 2, 3), x_at)
    w = put(seeded(seed + 1, 3, 2), w_at)
    b = put(seeded(seed + 2, 1, 2), b_at)
    dy = put(seeded(seed + 3, 2, 2), dy_at)
    xr, wr, br = (t.clone().requires_grad_() for t in (x, w, b))
    y = F.linear(xr, wr.T, br[0])
    y.backward(dy)
    return {"name": name, "x": mat(x), "w": mat(w), "b": mat(b), "dy": mat(dy),
            "y": mat(y), "dx": mat(xr.grad), "dw": mat(wr.grad), "db": mat(br.grad)}


def masked_case(name, seed, x_at=(), w_at=(), dy_at=()):
    x = put(seeded(seed, 2, 3), x_at)
    w = put(seeded(seed + 1, 3, 2), w_at)
    b = seeded(seed + 2, 1, 2)
    dy = put(seeded(seed + 3, 2, 2), dy_at)
    mask = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    out = {"name": name, "x": mat(x), "w": mat(w), "mask": mat(mask), "b": mat(b), "dy": mat(dy)}
    for form in ("select", "multiply"):
        xr, wr, br = (t.clone().requires_grad_() for t in (x, w, b))
        we = torch.where(mask != 0, wr, torch.zeros(())) if form == "select" else wr * mask
        y = F.linear(xr, we.T, br[0])
        y.backward(dy)
        dw = wr.grad if form == "multiply" else torch.where(mask != 0, wr.grad, torch.zeros(()))
        out[form] = {"y": mat(y), "dx": mat(xr.grad), "dw": mat(dw), "db": mat(br.grad)}
    return out


def layer_norm_case(name, seed, x_at=(), g_at=(), b_at=(), dy_at=(), eps=1e-5):
    x = put(seeded(seed, 3, 4), x_at)
    g = put(1 + 0.5 * seeded(seed + 1, 1, 4), g_at)
    b = put(seeded(seed + 2, 1, 4), b_at)
    dy = put(seeded(seed + 3, 3, 4), dy_at)
    xr, gr, br = (t.clone().requires_grad_() for t in (x, g, b))
    y = F.layer_norm(xr, (4,), gr[0], br[0], eps)
    y.backward(dy)
    return {"name": name, "eps": eps, "x": mat(x), "gain": mat(g), "bias": mat(b), "dy": mat(dy),
            "y": mat(y), "dx": mat(xr.grad), "dgain": mat(gr.grad), "dbias": mat(br.grad)}


def dropout_rule(p):
    rows = []
    for xv in (NAN, INF, -INF, 1.5):
        for dv in (NAN, INF, 1.0):
            torch.manual_seed(48)
            kept = F.dropout(torch.ones(4000), p, training=True) != 0
            torch.manual_seed(48)
            x = torch.full((4000,), xv, requires_grad=True)
            y = F.dropout(x, p, training=True)
            y.backward(torch.full((4000,), dv))
            def pairs(sel):
                seen = {}
                for a, b in zip(y.detach()[sel].tolist(), x.grad[sel].tolist()):
                    seen[(str(num(a)), str(num(b)))] = [num(a), num(b)]
                return [seen[k] for k in sorted(seen)]
            rows.append({"x": num(xv), "dy": num(dv), "dropped": pairs(~kept), "kept": pairs(kept),
                         "droppedCount": int((~kept).sum()), "keptCount": int(kept.sum())})
    return {"p": p, "pairs": rows}


dense = [
    dense_case("x NaN", 10, x_at=[((0, 1), NAN)]),
    dense_case("x +inf", 20, x_at=[((1, 0), INF)]),
    dense_case("x -inf", 30, x_at=[((0, 2), -INF)]),
    dense_case("x +inf and -inf in one row", 40, x_at=[((0, 0), INF), ((0, 1), -INF)]),
    dense_case("W NaN", 50, w_at=[((1, 0), NAN)]),
    dense_case("W +inf", 60, w_at=[((2, 1), INF)]),
    dense_case("W +inf with a zero input", 70, w_at=[((2, 1), INF)], x_at=[((0, 2), 0.0)]),
    dense_case("b NaN", 80, b_at=[((0, 1), NAN)]),
    dense_case("b -inf", 90, b_at=[((0, 0), -INF)]),
    dense_case("dy NaN", 100, dy_at=[((1, 1), NAN)]),
    dense_case("dy +inf", 110, dy_at=[((0, 0), INF)]),
    dense_case("x +inf and dy 0 in its row", 120, x_at=[((1, 1), INF)], dy_at=[((1, 0), 0.0), ((1, 1), 0.0)]),
]
masked = [
    masked_case("masked W NaN", 200, w_at=[((0, 1), NAN)]),
    masked_case("masked W +inf", 210, w_at=[((1, 0), INF)]),
    masked_case("trainable W NaN", 220, w_at=[((2, 0), NAN)]),
    masked_case("x +inf on a masked connection", 230, x_at=[((0, 1), INF)]),
    masked_case("x NaN", 240, x_at=[((1, 2), NAN)]),
    masked_case("dy +inf", 250, dy_at=[((0, 1), INF)]),
]
layer_norm = [
    layer_norm_case("x NaN", 300, x_at=[((1, 2), NAN)]),
    layer_norm_case("x +inf", 310, x_at=[((0, 0), INF)]),
    layer_norm_case("x -inf", 320, x_at=[((2, 3), -INF)]),
    layer_norm_case("x +inf and -inf in one row", 330, x_at=[((1, 0), INF), ((1, 3), -INF)]),
    layer_norm_case("gain NaN", 340, g_at=[((0, 1), NAN)]),
    layer_norm_case("gain +inf", 350, g_at=[((0, 2), INF)]),
    layer_norm_case("bias NaN", 360, b_at=[((0, 3), NAN)]),
    layer_norm_case("bias -inf", 370, b_at=[((0, 0), -INF)]),
    layer_norm_case("dy NaN", 380, dy_at=[((2, 1), NAN)]),
    layer_norm_case("dy +inf", 390, dy_at=[((0, 2), INF)]),
    layer_norm_case("dy +inf and -inf in one row", 400, dy_at=[((1, 0), INF), ((1, 1), -INF)]),
]

json.dump({
    "versions": {"torch": torch.__version__, "numpy": numpy.__version__, "python": sys.version.split()[0]},
    "dense": dense, "maskedDense": masked, "layerNorm": layer_norm,
    "dropout": [dropout_rule(0.5), dropout_rule(1.0)],
}, sys.stdout, indent=1)
print()
