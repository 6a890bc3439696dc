#!/usr/bin/env python3
"""Writes triangular-products-reference.json: SciPy's dtrmv and dtrmm (scipy.linalg.blas, Fortran BLAS, column-major)
on fixed formula inputs, for BlasNet's Trmv/Trmm tests (tests/BlasNet.Tests/Core/TriangularProductTests.cs).

Matrices are stored row by row as the logical matrix A (SciPy is handed np.asfortranarray(A), so its column-major
storage holds the same A; BlasNet is handed the row-major storage with the same uplo and trans). Every element of A is
written, the other triangle and the diagonal too: the test overwrites the elements a correct routine never reads
(the other triangle, and the diagonal when diag is unit) with NaN before calling BlasNet.
Run: /usr/bin/python3 tests/data/triangular_products_reference.py
"""
import json, math, os
import numpy as np
import scipy
from scipy.linalg import blas

def mat(rows, cols, seed):
    return np.array([[math.sin(seed + 1.7 * i + 0.9 * j) * (1 + 0.25 * ((i + 2 * j) % 3)) for j in range(cols)]
                     for i in range(rows)])

cases = []
n = 5
for lower in (0, 1):
    for trans in (0, 1):
        for diag in (0, 1):
            a = mat(n, n, 1 + lower + 2 * trans + 4 * diag)
            x = mat(1, n, 11 + lower + 2 * trans)[0]
            y = blas.dtrmv(np.asfortranarray(a), x.copy(), lower=lower, trans=trans, diag=diag)
            cases.append({"routine": "trmv", "uplo": "Lower" if lower else "Upper", "trans": bool(trans),
                          "unit": bool(diag), "n": n, "a": a.tolist(), "x": x.tolist(), "result": y.tolist()})
m, k = 4, 3
for side in (0, 1):
    for lower in (0, 1):
        for trans in (0, 1):
            for diag in (0, 1):
                order = m if side == 0 else k
                a = mat(order, order, 21 + side + 2 * lower + 4 * trans + 8 * diag)
                b = mat(m, k, 51 + side + 2 * lower)
                alpha = -1.25
                r = blas.dtrmm(alpha, np.asfortranarray(a), np.asfortranarray(b), side=side, lower=lower, trans_a=trans, diag=diag)
                cases.append({"routine": "trmm", "side": "Right" if side else "Left", "uplo": "Lower" if lower else "Upper",
                              "trans": bool(trans), "unit": bool(diag), "m": m, "n": k, "alpha": alpha,
                              "a": a.tolist(), "b": b.tolist(), "result": np.asarray(r).tolist()})

out = {"origin": "scipy.linalg.blas.dtrmv / dtrmm (column-major Fortran BLAS) on the formula inputs of "
                 "tests/data/triangular_products_reference.py",
       "versions": {"scipy": scipy.__version__, "numpy": np.__version__}, "cases": cases}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "triangular-products-reference.json"), "w") as f:
    json.dump(out, f, indent=1)
print(len(cases), "cases")
