"""Reference values for BlasNet's band and packed level 2 routines (tests/data/band-packed-reference.json).

Each case gives a dense, row-major matrix A (zeros outside its band or triangle), x, and for the products y, alpha and beta (for the updates y and alpha), and the y that SciPy's
Fortran BLAS wrappers (scipy.linalg.blas.dgbmv, dsbmv, dspmv, dtbmv, dtpmv, dspr, dspr2; column-major) return. The column-major band and packed
arrays are built here from the dense A by the Fortran BLAS documentation's formulas, independently of BlasNet's row-major
layout, which the tests build from the same dense A. Run: /usr/bin/python3 tests/data/band_packed_reference.py
"""
import json
import numpy as np
import scipy
import scipy.linalg.blas as fb

rng = np.random.default_rng(20261204)
cases = []


def values(shape):
    # Three decimals: short, exactly reproducible numbers in the JSON, never 0.
    v = np.round(rng.uniform(-2, 2, size=shape), 3)
    v[v == 0] = 0.5
    return v


def col_band(A, kl, ku):
    """Fortran band storage: AB(ku + 1 + i - j, j) = A(i, j) (one-based), i.e. ab[ku + i - j, j] zero-based."""
    m, n = A.shape
    ab = np.zeros((kl + ku + 1, n), order="F")
    for j in range(n):
        for i in range(max(0, j - ku), min(m, j + kl + 1)):
            ab[ku + i - j, j] = A[i, j]
    return ab


for (m, n, kl, ku, trans, alpha, beta) in [(5, 4, 1, 2, 0, 1.5, 0.0), (4, 6, 2, 1, 0, -0.75, 0.5),
                                           (6, 5, 0, 3, 1, 2.0, -1.0), (3, 7, 2, 0, 1, 1.0, 0.25)]:
    A = values((m, n))
    for i in range(m):
        for j in range(n):
            if j < i - kl or j > i + ku:
                A[i, j] = 0.0
    x = values(m if trans else n)
    y = values(n if trans else m)
    # SciPy 1.10's dgbmv wrapper checks len(x) against m (not n) for trans = 0 and len(y) likewise the other way round;
    # the Fortran routine reads only the first len(x) and writes the first len(y) elements, so both are padded with
    # zeros to max(m, n) and the result cut back.
    pad = max(m, n)
    xp, yp = np.concatenate([x, np.zeros(pad - len(x))]), np.concatenate([y, np.zeros(pad - len(y))])
    out = fb.dgbmv(m, n, kl, ku, alpha, col_band(A, kl, ku), xp, beta=beta, y=yp, trans=trans)[:len(y)]
    cases.append(dict(routine="gbmv", trans="T" if trans else "N", m=m, n=n, kl=kl, ku=ku, alpha=alpha, beta=beta,
                      a=A.ravel().tolist(), x=x.tolist(), y=y.tolist(), expected=np.asarray(out).tolist()))

for (n, k, lower, alpha, beta) in [(5, 2, 0, 1.25, 0.0), (6, 1, 1, -1.0, 0.5), (4, 3, 0, 0.5, 2.0), (7, 2, 1, 2.0, -0.5)]:
    A = values((n, n))
    A = np.triu(A) + np.triu(A, 1).T
    for i in range(n):
        for j in range(n):
            if abs(i - j) > k:
                A[i, j] = 0.0
    ab = np.zeros((k + 1, n), order="F")
    for j in range(n):
        if lower:
            for i in range(j, min(n, j + k + 1)):
                ab[i - j, j] = A[i, j]
        else:
            for i in range(max(0, j - k), j + 1):
                ab[k + i - j, j] = A[i, j]
    x, y = values(n), values(n)
    out = fb.dsbmv(k, alpha, ab, x, beta=beta, y=y.copy(), lower=lower)
    cases.append(dict(routine="sbmv", uplo="L" if lower else "U", n=n, k=k, alpha=alpha, beta=beta,
                      a=A.ravel().tolist(), x=x.tolist(), y=y.tolist(), expected=np.asarray(out).tolist()))

for (n, lower, alpha, beta) in [(4, 0, 1.0, 0.0), (5, 1, -2.0, 0.75), (6, 0, 0.5, -1.0), (3, 1, 1.5, 1.0)]:
    A = values((n, n))
    A = np.triu(A) + np.triu(A, 1).T
    # Fortran packed storage, column by column: upper AP(i + j(j+1)/2) = A(i, j), i <= j; lower AP(i + (2n - j - 1)j/2) = A(i, j), i >= j.
    if lower:
        ap = np.array([A[i, j] for j in range(n) for i in range(j, n)])
    else:
        ap = np.array([A[i, j] for j in range(n) for i in range(0, j + 1)])
    x, y = values(n), values(n)
    out = fb.dspmv(n, alpha, ap, x, beta=beta, y=y.copy(), lower=lower)
    cases.append(dict(routine="spmv", uplo="L" if lower else "U", n=n, alpha=alpha, beta=beta,
                      a=A.ravel().tolist(), x=x.tolist(), y=y.tolist(), expected=np.asarray(out).tolist()))

for (n, k, lower, trans, unit) in [(5, 2, 0, 0, 0), (6, 1, 1, 1, 0), (4, 3, 0, 1, 1), (7, 2, 1, 0, 1)]:
    A = values((n, n))
    A = np.tril(A) if lower else np.triu(A)
    for i in range(n):
        for j in range(n):
            if abs(i - j) > k:
                A[i, j] = 0.0
    ab = np.zeros((k + 1, n), order="F")
    for j in range(n):
        for i in (range(j, min(n, j + k + 1)) if lower else range(max(0, j - k), j + 1)):
            ab[(i - j) if lower else (k + i - j), j] = A[i, j]
    x = values(n)
    out = fb.dtbmv(k, ab, x.copy(), lower=lower, trans=trans, diag=unit)
    cases.append(dict(routine="tbmv", uplo="L" if lower else "U", trans="T" if trans else "N", diag="U" if unit else "N",
                      n=n, k=k, a=A.ravel().tolist(), x=x.tolist(), expected=np.asarray(out).tolist()))

for (n, lower, trans, unit) in [(4, 0, 0, 0), (5, 1, 1, 0), (6, 0, 1, 1), (3, 1, 0, 1)]:
    A = values((n, n))
    A = np.tril(A) if lower else np.triu(A)
    if lower:
        ap = np.array([A[i, j] for j in range(n) for i in range(j, n)])
    else:
        ap = np.array([A[i, j] for j in range(n) for i in range(0, j + 1)])
    x = values(n)
    out = fb.dtpmv(n, ap, x.copy(), lower=lower, trans=trans, diag=unit)
    cases.append(dict(routine="tpmv", uplo="L" if lower else "U", trans="T" if trans else "N", diag="U" if unit else "N",
                      n=n, a=A.ravel().tolist(), x=x.tolist(), expected=np.asarray(out).tolist()))

for (n, lower, alpha, rank2) in [(4, 0, 1.5, 0), (5, 1, -0.5, 0), (6, 0, 0.75, 1), (3, 1, -2.0, 1)]:
    A = values((n, n))
    A = np.triu(A) + np.triu(A, 1).T
    if lower:
        ap = np.array([A[i, j] for j in range(n) for i in range(j, n)])
    else:
        ap = np.array([A[i, j] for j in range(n) for i in range(0, j + 1)])
    x, y = values(n), values(n)
    out = fb.dspr2(n, alpha, x, y, ap.copy(), lower=lower) if rank2 else fb.dspr(n, alpha, x, ap.copy(), lower=lower)
    # Back from Fortran's packed order to the dense (symmetric) matrix, so the test reads the result without either layout.
    dense = np.zeros((n, n))
    cols = [(i, j) for j in range(n) for i in (range(j, n) if lower else range(0, j + 1))]
    for (i, j), v in zip(cols, np.asarray(out)):
        dense[i, j] = dense[j, i] = v
    case = dict(routine="spr2" if rank2 else "spr", uplo="L" if lower else "U", n=n, alpha=alpha,
                a=A.ravel().tolist(), x=x.tolist(), expected=dense.ravel().tolist())
    if rank2:
        case["y"] = y.tolist()
    cases.append(case)

doc = dict(origin="scipy.linalg.blas (Fortran, column-major) on dense A given row-major; produced by tests/data/band_packed_reference.py",
           versions=dict(scipy=scipy.__version__, numpy=np.__version__), cases=cases)
with open(__file__.replace("band_packed_reference.py", "band-packed-reference.json"), "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
