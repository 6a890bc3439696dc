"""Writes symmetric-level2-reference.json: SciPy's dsymv, dsyr and dsyr2 (scipy.linalg.blas) on small fixed cases.

Inputs are multiples of 1/8 in [-2, 2] from a seeded NumPy generator, so every product and partial sum is exact in double
and in float: any summation order gives the stored value. Matrices are logical (row i = the i-th list), which is how
BlasNet reads a row-major array; `lower` selects the triangle that SciPy (and BlasNet, as Triangle.Lower) reads or writes.
The other triangle of `a` holds 99 here; the tests put NaN there instead, so reading it would show. Run with
/usr/bin/python3 from the repository root: python3 tests/data/symmetric-level2-reference.py
"""
import json
import os

import numpy as np
import scipy
from scipy.linalg import blas

rng = np.random.default_rng(20261204)


def dyadic(*shape):
    return rng.integers(-16, 17, size=shape).astype(np.float64) / 8


def with_sentinel(a, lower):
    a = a.copy()
    other = np.triu(np.ones(a.shape, bool), 1) if lower else np.tril(np.ones(a.shape, bool), -1)
    a[other] = 99.0
    return a


def strided(v, inc):
    out = np.full(1 + (len(v) - 1) * inc if len(v) else 0, 77.0)
    out[::inc] = v
    return out


cases = []
for n in (1, 3, 5, 8):
    for lower in (0, 1):
        for inc_x, inc_y in ((1, 1), (2, 3)):
            a = with_sentinel(dyadic(n, n), lower)
            x, y = dyadic(n), dyadic(n)
            alpha, beta = (1.5, -0.5) if inc_x == 1 else (-0.75, 2.0)
            xs, ys = strided(x, inc_x), strided(y, inc_y)
            cases.append({
                "routine": "symv", "n": n, "lower": bool(lower), "alpha": alpha, "beta": beta,
                "a": a.tolist(), "x": xs.tolist(), "incX": inc_x, "y": ys.tolist(), "incY": inc_y,
                "expected": blas.dsymv(alpha, a, xs, beta=beta, y=ys.copy(), incx=inc_x, incy=inc_y, lower=lower).tolist(),
            })
            a = with_sentinel(dyadic(n, n), lower)
            cases.append({
                "routine": "syr", "n": n, "lower": bool(lower), "alpha": alpha,
                "a": a.tolist(), "x": xs.tolist(), "incX": inc_x,
                "expected": blas.dsyr(alpha, xs, incx=inc_x, n=n, lower=lower, a=a.copy()).tolist(),
            })
            a = with_sentinel(dyadic(n, n), lower)
            cases.append({
                "routine": "syr2", "n": n, "lower": bool(lower), "alpha": alpha,
                "a": a.tolist(), "x": xs.tolist(), "incX": inc_x, "y": ys.tolist(), "incY": inc_y,
                "expected": blas.dsyr2(alpha, xs, ys, incx=inc_x, incy=inc_y, n=n, lower=lower, a=a.copy()).tolist(),
            })

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "symmetric-level2-reference.json"), "w") as f:
    json.dump({"generator": "tests/data/symmetric-level2-reference.py",
               "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
               "sentinel": 99.0, "cases": cases}, f, indent=1)
