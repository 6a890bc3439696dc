"""Reference values for BlasNet's triangular band and packed solves (tests/data/triangular-band-packed-solves-reference.json).

Each case gives a dense, row-major triangular A (zeros outside its band or triangle; with diag = "U" the stored diagonal
is a value that must not be read), the right-hand side x, and the solution of op(A) y = x that SciPy's Fortran BLAS
wrappers scipy.linalg.blas.dtbsv and dtpsv (column-major) return. The column-major band and packed arrays are built here
from the dense A by the Fortran BLAS documentation's formulas, independently of BlasNet's row-major layout, which the
tests build from the same dense A. Every uplo/trans/diag combination for each routine, k = 0 and k >= n among them.
Run: /usr/bin/python3 tests/data/triangular_band_packed_solves_reference.py
"""
import json
import numpy as np
import scipy
import scipy.linalg.blas as fb

rng = np.random.default_rng(20261205)
cases = []


def triangle(n, lower, k):
    # Three decimals off the diagonal (short, exact in the JSON); a diagonal of magnitude 1.5..2.5 keeps the solve tame.
    A = np.round(rng.uniform(-1, 1, size=(n, n)), 3)
    A[A == 0] = 0.5
    for i in range(n):
        A[i, i] = np.round(rng.choice([-1, 1]) * rng.uniform(1.5, 2.5), 3)
        for j in range(n):
            if (j > i if lower else j < i) or abs(i - j) > k:
                A[i, j] = 0.0
    return A


def rhs(n):
    return np.round(rng.uniform(-2, 2, size=n), 3)


flags = [(lower, trans, unit) for lower in (0, 1) for trans in (0, 1) for unit in (0, 1)]
for idx, (lower, trans, unit) in enumerate(flags):
    n, k = [(5, 2), (6, 1), (4, 5), (7, 3), (1, 0), (6, 0), (5, 4), (8, 2)][idx]
    A = triangle(n, lower, k)
    # Fortran band storage of a triangle: upper AB(k + 1 + i - j, j) = A(i, j), lower AB(1 + i - j, j) (one-based).
    ab = np.zeros((k + 1, n), order="F")
    for j in range(n):
        for i in (range(j, min(n, j + k + 1)) if lower else range(max(0, j - k), j + 1)):
            ab[(i - j) if lower else (k + i - j), j] = A[i, j]
    x = rhs(n)
    out = fb.dtbsv(k, ab, x.copy(), lower=lower, trans=trans, diag=unit)
    cases.append(dict(routine="tbsv", uplo="L" if lower else "U", trans="T" if trans else "N", diag="U" if unit else "N",
                      n=n, k=k, a=A.ravel().tolist(), x=x.tolist(), expected=np.asarray(out).tolist()))

for idx, (lower, trans, unit) in enumerate(flags):
    n = [4, 5, 6, 3, 1, 7, 2, 5][idx]
    A = triangle(n, lower, n)
    # Fortran packed storage: the columns of the triangle one after another.
    if lower:
        ap = np.array([A[i, j] for j in range(n) for i in range(j, n)])
    else:
        ap = np.array([A[i, j] for j in range(n) for i in range(0, j + 1)])
    x = rhs(n)
    out = fb.dtpsv(n, ap, x.copy(), lower=lower, trans=trans, diag=unit)
    cases.append(dict(routine="tpsv", uplo="L" if lower else "U", trans="T" if trans else "N", diag="U" if unit else "N",
                      n=n, a=A.ravel().tolist(), x=x.tolist(), expected=np.asarray(out).tolist()))

doc = dict(origin="scipy.linalg.blas dtbsv/dtpsv (Fortran, column-major) on dense A given row-major; produced by tests/data/triangular_band_packed_solves_reference.py",
           versions=dict(scipy=scipy.__version__, numpy=np.__version__), cases=cases)
with open(__file__.replace("triangular_band_packed_solves_reference.py", "triangular-band-packed-solves-reference.json"), "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
