"""SciPy reference values for BlasNet's Symm and Syr2k (tests/data/symmetric-level3-reference.json).

scipy.linalg.blas.dsymm / dsyr2k (Fortran BLAS, column-major) on NumPy arrays: every matrix is stored in the JSON as
its logical rows (what a row-major BlasNet span holds), and uplo/side/trans mean the same on both sides (the triangle of
the logical matrix). The unreferenced triangle of A (symm) holds 99.0 and the untouched triangle of C (syr2k) holds
-77.0, so a routine that read or wrote them would disagree. Inputs are small integers and halves from a seeded generator,
so every value is exact in double. Run: python3 tests/data/symmetric-level3-reference.py > tests/data/symmetric-level3-reference.json
"""
import json, sys
import numpy as np
import scipy
from scipy.linalg import blas

rng = np.random.default_rng(20261204)

def values(shape):
    return rng.integers(-4, 5, size=shape) / 2.0

def symm_case(side, uplo, m, n, alpha, beta):
    order = m if side == "Left" else n
    a = values((order, order))
    for i in range(order):
        for j in range(order):
            if (uplo == "Upper" and j < i) or (uplo == "Lower" and j > i):
                a[i, j] = 99.0
    b = values((m, n)); c = values((m, n))
    out = blas.dsymm(alpha, a, b, beta=beta, c=c.copy(), side=0 if side == "Left" else 1, lower=0 if uplo == "Upper" else 1)
    return dict(routine="symm", side=side, uplo=uplo, m=m, n=n, alpha=alpha, beta=beta,
                a=a.tolist(), b=b.tolist(), c=c.tolist(), expected=np.asarray(out).tolist())

def syr2k_case(uplo, trans, n, k, alpha, beta):
    shape = (n, k) if trans == "None" else (k, n)
    a = values(shape); b = values(shape); c = values((n, n))
    for i in range(n):
        for j in range(n):
            if (uplo == "Upper" and j < i) or (uplo == "Lower" and j > i):
                c[i, j] = -77.0
    out = blas.dsyr2k(alpha, a, b, beta=beta, c=c.copy(), trans=0 if trans == "None" else 1, lower=0 if uplo == "Upper" else 1)
    return dict(routine="syr2k", uplo=uplo, trans=trans, n=n, k=k, alpha=alpha, beta=beta,
                a=a.tolist(), b=b.tolist(), c=c.tolist(), expected=np.asarray(out).tolist())

cases = [
    symm_case("Left", "Upper", 3, 4, 1.5, 0.5),
    symm_case("Left", "Lower", 4, 2, -1.0, 0.0),
    symm_case("Right", "Upper", 2, 5, 2.0, -1.0),
    symm_case("Right", "Lower", 5, 3, 0.5, 1.0),
    symm_case("Left", "Upper", 1, 1, 3.0, 2.0),
    syr2k_case("Upper", "None", 4, 3, 1.0, 0.5),
    syr2k_case("Lower", "None", 3, 5, -0.5, 0.0),
    syr2k_case("Upper", "Transposed", 5, 2, 2.0, 1.0),
    syr2k_case("Lower", "Transposed", 4, 4, 1.5, -2.0),
    syr2k_case("Lower", "None", 1, 1, 1.0, 1.0),
]
json.dump(dict(generator="tests/data/symmetric-level3-reference.py", numpy=np.__version__, scipy=scipy.__version__,
               python=sys.version.split()[0], cases=cases), sys.stdout, indent=1)
print()
