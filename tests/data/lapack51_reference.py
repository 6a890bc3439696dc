#!/usr/bin/env python3
"""Writes lapack51-reference.json: SciPy's LAPACK (scipy.linalg.lapack dgeqrf, dgeqp3, dormqr, dtrtrs, dpotrf, dpotrs,
Fortran, column-major) and scipy.linalg (lstsq, cho_solve, solve_triangular, matrix_rank) on a fixed set of matrices, for
BlasNet's Lapack audit 51 (tests/BlasNet.Tests/Core/LapackScipyReference51Tests.cs).

The set: seeded random well-conditioned matrices (square, tall, wide, lda > m), ill-conditioned ones (cond 1e8 and 1e15,
built as U·diag(σ)·Vᵀ from seeded orthogonal factors), exactly rank-deficient integer matrices, an exactly singular
Cholesky case (integer, every rounding exact), indefinite matrices, triangles with a zero on the diagonal, n = 0,
nrhs = 0, and NaN/±∞ entries. Arrays are column-major with their leading dimension; padding rows hold 0.5 and must come
back untouched. Non-finite numbers are the strings "NaN", "Infinity", "-Infinity".

What the tests check is written beside each case: INFO equal to SciPy's; a backward error (A − QR, A − LLᵀ, op(A)x − b)
within a stated multiple of ε (never bit equality); the factor or solution against SciPy's where the problem is
well-conditioned ("compare": true); Geqp3's pivots where the column norms have no ties and its numerical rank where every
|R[i,i]|/|R[0,0]| is at least a factor 100 away from the 1e-12 threshold.
Run: /usr/bin/python3 tests/data/lapack51_reference.py
"""
import json, math, os
import numpy as np
import scipy
from scipy.linalg import lapack
import scipy.linalg as sla

rng = np.random.default_rng(51)
PAD = 0.5


def enc(v):
    v = float(v)
    if math.isnan(v): return "NaN"
    if math.isinf(v): return "Infinity" if v > 0 else "-Infinity"
    return v


def colmajor(a, ld):
    """Column-major storage of a (m×n) with leading dimension ld, padding rows PAD."""
    m, n = a.shape
    s = np.full(max(1, ld * n if n else 1), PAD) if n else np.zeros(0)
    for j in range(n):
        s[j * ld:j * ld + m] = a[:, j]
        s[j * ld + m:(j + 1) * ld] = PAD
    return [enc(x) for x in s[:(n - 1) * ld + m]] if m and n else []


def from_store(s, m, n, ld):
    return np.array([[s[j * ld + i] for j in range(n)] for i in range(m)]) if m and n else np.zeros((m, n))


def orth(k):
    q, r = np.linalg.qr(rng.standard_normal((k, k)))
    return q * np.sign(np.diag(r))


def conditioned(m, n, cond):
    k = min(m, n)
    s = np.logspace(0, -math.log10(cond), k)
    return orth(m)[:, :k] @ np.diag(s) @ orth(n)[:k, :]


def rank_deficient(m, n, r):
    return rng.integers(-4, 5, (m, r)).astype(float) @ rng.integers(-4, 5, (r, n)).astype(float)


cases = []

# ---- Geqrf / Geqp3 ----
qr_inputs = [
    ("well 6x4", rng.standard_normal((6, 4)), 6, True),
    ("well 4x6", rng.standard_normal((4, 6)), 4, True),
    ("well 5x5 lda 8", rng.standard_normal((5, 5)), 8, True),
    ("well 1x3", rng.standard_normal((1, 3)), 1, True),
    ("well 7x1", rng.standard_normal((7, 1)), 7, True),
    ("cond 1e8 8x5", conditioned(8, 5, 1e8), 8, False),
    ("cond 1e15 8x5", conditioned(8, 5, 1e15), 8, False),
    ("cond 1e15 6x6 lda 9", conditioned(6, 6, 1e15), 9, False),
    ("rank 2 of 6x4 integers", rank_deficient(6, 4, 2), 6, False),
    ("rank 3 of 5x7 integers", rank_deficient(5, 7, 3), 5, False),
    ("zero column 5x3", np.column_stack([rng.standard_normal(5), np.zeros(5), rng.standard_normal(5)]), 5, False),
    ("zero matrix 4x3", np.zeros((4, 3)), 4, False),
    ("m 0", np.zeros((0, 3)), 1, False),
    ("n 0", np.zeros((4, 0)), 4, False),
]
nan_qr = rng.standard_normal((5, 4)); nan_qr[2, 2] = np.nan
inf_qr = rng.standard_normal((5, 4)); inf_qr[1, 3] = np.inf
qr_inputs += [("NaN at (2,2) 5x4", nan_qr, 5, False), ("Inf at (1,3) 5x4", inf_qr, 5, False)]

for name, a, lda, well in qr_inputs:
    m, n = a.shape
    nonfinite_col = next((j for j in range(n) if not np.all(np.isfinite(a[:, j]))), None)
    for routine in ("geqrf", "geqp3"):
        case = {"routine": routine, "name": name, "m": m, "n": n, "lda": lda, "a": colmajor(a, lda),
                "compare": well, "firstNonFiniteColumn": nonfinite_col}
        if m and n:
            if routine == "geqrf":
                qr, tau, work, info = lapack.dgeqrf(np.asfortranarray(a.copy()))
            else:
                qr, jpvt, tau, work, info = lapack.dgeqp3(np.asfortranarray(a.copy()))
                case["jpvt"] = [int(j) - 1 for j in jpvt]
                norms = np.linalg.norm(a, axis=0)
                srt = np.sort(norms)
                case["pivotsComparable"] = bool(np.all(np.isfinite(norms)) and (n < 2 or np.all(np.diff(srt) > 1e-6 * srt[-1])))
                d = np.abs(np.diag(qr))
                if np.all(np.isfinite(d)) and d[0] > 0:
                    ratios = d / d[0]
                    far = np.all((ratios > 100e-12) | (ratios < 0.01e-12))
                    case["rank"] = int(np.sum(ratios > 1e-12)) if far else None
                    case["matrixRank"] = int(np.linalg.matrix_rank(a))
                else:
                    case["rank"] = None
            case["info"] = int(info)
            case["r"] = [[enc(qr[i, j]) if j >= i else 0.0 for j in range(n)] for i in range(min(m, n))]
            case["tau"] = [enc(t) for t in tau]
        else:
            case["info"] = 0
            case["jpvt"] = list(range(n)) if routine == "geqp3" else None
        cases.append(case)

# ---- Ormqr: SciPy's own geqrf output as input ----
for name, m_a, k_a, lda in [("6x4 reflectors", 6, 4, 6), ("7x3 reflectors lda 9", 7, 3, 9)]:
    a = rng.standard_normal((m_a, k_a))
    qr, tau, work, info = lapack.dgeqrf(np.asfortranarray(a))
    for side in ("L", "R"):
        for trans in ("N", "T"):
            for k in (k_a, k_a - 1):
                shape = (m_a, 3) if side == "L" else (2, m_a)
                c = rng.standard_normal(shape)
                ldc = shape[0] + (2 if k == k_a else 0)
                lwork = max(1, 64 * max(shape))
                cq, work, info = lapack.dormqr(side, trans, qr[:, :k], tau[:k], np.asfortranarray(c.copy()), lwork)
                cases.append({"routine": "ormqr", "name": f"{name} {side}{trans} k={k}", "side": side, "trans": trans,
                              "m": shape[0], "n": shape[1], "k": k, "order": m_a, "lda": lda,
                              "a": colmajor(qr[:, :k], lda), "tau": [enc(t) for t in tau[:k]], "ldc": ldc,
                              "c": colmajor(c, ldc), "info": int(info), "expected": [[enc(v) for v in row] for row in cq]})

# ---- Trtrs ----
def tri(n, lower, well=True):
    t = rng.standard_normal((n, n))
    t = np.tril(t) if lower else np.triu(t)
    if well: t[np.diag_indices(n)] = np.sign(np.diag(t)) * (2 + np.abs(np.diag(t)))
    return t


def kahan(n, theta=1.2):
    s, c = math.sin(theta), math.cos(theta)
    k = np.triu(-c * np.ones((n, n)), 1) + np.eye(n)
    return np.diag([s ** i for i in range(n)]) @ k


def reach(a_op, b, lower):
    """Which components of op(A) x = b are not finite when NaN/∞ reach exactly the components that depend on them through
    nonzero coefficients (NaN-and-infinity.md, Trtrs): the substitution-order closure, column by column."""
    n, nrhs = b.shape
    bad = np.zeros((n, nrhs), dtype=bool)
    order = range(n) if lower else range(n - 1, -1, -1)
    for col in range(nrhs):
        for i in order:
            deps = range(0, i) if lower else range(i + 1, n)
            bad[i, col] = (not np.isfinite(b[i, col])) or (not np.isfinite(a_op[i, i])) or \
                any(a_op[i, j] != 0 and (not np.isfinite(a_op[i, j]) or bad[j, col]) for j in deps)
    return bad


trtrs_inputs = []
for lower in (False, True):
    for trans in ("N", "T"):
        for unit in (False, True):
            trtrs_inputs.append((f"well 5 {'L' if lower else 'U'}{trans}{'U' if unit else 'N'}", tri(5, lower), lower, trans, unit,
                                 rng.standard_normal((5, 2)), 5, 5, True))
trtrs_inputs += [
    ("well 6 lda 8 ldb 7", tri(6, True), True, "N", False, rng.standard_normal((6, 3)), 8, 7, True),
    ("Kahan 12 (cond ~1e9)", kahan(12), False, "N", False, rng.standard_normal((12, 2)), 12, 12, False),
    ("Kahan 30 transposed (cond ~1e15)", kahan(30, 1.3), False, "T", False, rng.standard_normal((30, 1)), 30, 30, False),
    ("graded diagonal 1e-15", np.triu(rng.standard_normal((5, 5)), 1) + np.diag([1, 1e-4, 1e-8, 1e-12, 1e-15]), False, "N", False,
     rng.standard_normal((5, 2)), 5, 5, False),
]
z = tri(5, False); z[2, 2] = 0.0
trtrs_inputs += [("zero diagonal at 2", z, False, "N", False, rng.standard_normal((5, 2)), 5, 5, False),
                 ("zero diagonal at 2, nrhs 0", z, False, "N", False, np.zeros((5, 0)), 5, 5, False),
                 ("zero diagonal at 2, unit diag", z, False, "N", True, rng.standard_normal((5, 1)), 5, 5, False),
                 ("nrhs 0", tri(4, True), True, "N", False, np.zeros((4, 0)), 4, 4, False),
                 ("n 0", np.zeros((0, 0)), True, "N", False, np.zeros((0, 2)), 1, 1, False)]
nan_a = tri(5, True); nan_a[3, 1] = np.nan
inf_a = tri(5, False); inf_a[0, 3] = np.inf
inf_b = rng.standard_normal((5, 2)); inf_b[1, 0] = np.inf; inf_b[3, 1] = np.nan
zb = rng.standard_normal((5, 1)); zb[:3, 0] = 0.0
trtrs_inputs += [("NaN in A (3,1)", nan_a, True, "N", False, rng.standard_normal((5, 2)), 5, 5, False),
                 ("Inf in A (0,3) transposed", inf_a, False, "T", False, rng.standard_normal((5, 2)), 5, 5, False),
                 ("Inf and NaN in B", tri(5, True), True, "N", False, inf_b, 5, 5, False),
                 ("Inf in A (0,3), zeros in b", inf_a, False, "N", False, zb, 5, 5, False)]

for name, a, lower, trans, unit, b, lda, ldb, well in trtrs_inputs:
    n, nrhs = b.shape
    case = {"routine": "trtrs", "name": name, "uplo": "Lower" if lower else "Upper", "trans": trans, "unit": unit,
            "n": n, "nrhs": nrhs, "lda": lda, "ldb": ldb, "a": colmajor(a, lda), "b": colmajor(b, ldb), "compare": well}
    if n:
        x, info = lapack.dtrtrs(np.asfortranarray(a), np.asfortranarray(b.copy()), lower=int(lower),
                                trans={"N": 0, "T": 1}[trans], unitdiag=int(unit))
        case["info"] = int(info)
        case["x"] = [[enc(v) for v in row] for row in x] if info == 0 else None
        op = a.T if trans == "T" else a.copy()
        if unit: op = op.copy(); op[np.diag_indices(n)] = 1.0
        op_lower = lower != (trans == "T")
        op = np.tril(op) if op_lower else np.triu(op)
        if info == 0 and not (np.all(np.isfinite(op)) and np.all(np.isfinite(b))):
            case["nonFinite"] = [[bool(v) for v in row] for row in reach(op, b, op_lower)]
    else:
        case["info"] = 0
        case["x"] = []
    cases.append(case)

# ---- Potrf / Potrs ----
def spd(n, cond=None):
    if cond is None:
        g = rng.standard_normal((n + 3, n))
        return g.T @ g + n * np.eye(n)
    q = orth(n)
    return q @ np.diag(np.logspace(0, -math.log10(cond), n)) @ q.T


L = np.array([[1, 0, 0, 0], [2, 0, 0, 0], [3, 1, 1, 0], [1, 2, 0, 2]], dtype=float)
singular_exact = L @ L.T  # second pivot 4 − 2² = 0 exactly
nan_spd = spd(4); nan_spd[2, 1] = nan_spd[1, 2] = np.nan
inf_spd = spd(4); inf_spd[3, 3] = np.inf
potrf_inputs = [("well 5", spd(5), 5, True), ("well 6 lda 9", spd(6), 9, True), ("well 1", np.array([[4.0]]), 1, True),
                ("cond 1e8", spd(6, 1e8), 6, False), ("cond 1e13", spd(6, 1e13), 6, False),
                ("exactly singular (pivot 2 is 0)", singular_exact, 4, False),
                ("indefinite diag(1, -1, 2)", np.diag([1.0, -1.0, 2.0]), 3, False),
                ("indefinite 2x2 block", np.array([[1.0, 2.0, 0], [2.0, 1.0, 0], [0, 0, 3.0]]), 3, False),
                ("negative first pivot with NaN later", np.diag([-1.0, 1.0, np.nan]), 3, False),
                ("NaN at (2,1)", nan_spd, 4, False), ("Inf at (3,3)", inf_spd, 4, False), ("n 0", np.zeros((0, 0)), 1, False)]
for name, a, lda, well in potrf_inputs:
    n = a.shape[0]
    for lower in (True, False):
        case = {"routine": "potrf", "name": name, "uplo": "Lower" if lower else "Upper", "n": n, "lda": lda,
                "a": colmajor(a, lda), "compare": well}
        if n:
            f, info = lapack.dpotrf(np.asfortranarray(a.copy()), lower=int(lower), clean=1)
            case["scipyInfo"] = int(info)
            # BlasNet documents (NaN-and-infinity.md, Potrf) a NaN or ±∞ in the referenced triangle as not positive definite:
            # INFO is the smallest leading minor holding one, unless SciPy's factorization of the finite leading block before
            # it already fails. SciPy's dpotrf (the system LAPACK here, OpenBLAS's) returns 0 for NaN and ∞ in the triangle.
            tri_ref = np.tril(a) if lower else np.triu(a)
            bad = [k for k in range(n) if not np.all(np.isfinite(tri_ref[:k + 1, :k + 1]))]
            if bad:
                k = bad[0] + 1
                lead = lapack.dpotrf(np.asfortranarray(a[:k - 1, :k - 1].copy()), lower=int(lower))[1] if k > 1 else 0
                info = lead if lead > 0 else k
                f = None
            case["info"] = int(info)
            case["factor"] = [[enc(v) for v in row] for row in f] if info == 0 and f is not None else None
            if info == 0 and f is not None:
                for nrhs, ldb in ((2, n), (1, n + 3), (0, n)):
                    b = rng.standard_normal((n, nrhs))
                    x, pinfo = lapack.dpotrs(f, np.asfortranarray(b.copy()), lower=int(lower)) if nrhs else (b, 0)
                    cases.append({"routine": "potrs", "name": f"{name} nrhs {nrhs} ldb {ldb}", "uplo": case["uplo"], "n": n,
                                  "nrhs": nrhs, "lda": lda, "factor": colmajor(f, lda), "a": colmajor(a, n), "ldb": ldb,
                                  "b": colmajor(b, ldb), "info": int(pinfo), "compare": well,
                                  "x": [[enc(v) for v in row] for row in x]})
        else:
            case["info"] = 0
        cases.append(case)

# ---- Matrix forms ----
matrix_cases = []
for name, a in [("well 8x5", rng.standard_normal((8, 5))), ("cond 1e8 9x4", conditioned(9, 4, 1e8)),
                ("rank 3 of 7x5", rank_deficient(7, 5, 3)), ("cond 1e15 8x5", conditioned(8, 5, 1e15)),
                ("square 5x5", rng.standard_normal((5, 5))), ("wide 3x6", rng.standard_normal((3, 6)))]:
    b = rng.standard_normal(a.shape[0])
    qr, jpvt, tau, work, info = lapack.dgeqp3(np.asfortranarray(a.copy()))
    d = np.abs(np.diag(qr))
    rank = int(np.sum(d > 1e-12 * d[0]))
    entry = {"form": "qrPivoted", "name": name, "a": a.tolist(), "b": b.tolist(), "rank": rank,
             "matrixRank": int(np.linalg.matrix_rank(a))}
    if rank == a.shape[1] and a.shape[0] >= a.shape[1]:
        entry["x"] = sla.lstsq(a, b, lapack_driver="gelsy")[0].tolist()
        entry["cond"] = float(np.linalg.cond(a))
    matrix_cases.append(entry)
for name, a in [("well 6", spd(6)), ("cond 1e10", spd(5, 1e10)), ("exactly singular", singular_exact),
                ("indefinite", np.diag([2.0, 1.0, -1.0, 3.0]))]:
    b = rng.standard_normal(a.shape[0])
    f, info = lapack.dpotrf(np.asfortranarray(a.copy()), lower=1, clean=1)
    entry = {"form": "cholesky", "name": name, "a": a.tolist(), "b": b.tolist(), "info": int(info)}
    if info == 0:
        entry["x"] = sla.cho_solve((f, True), b).tolist()
        entry["cond"] = float(np.linalg.cond(a))
    matrix_cases.append(entry)
for name, a, lower, trans in [("upper 6", tri(6, False), False, False), ("lower 6 transposed", tri(6, True), True, True),
                              ("Kahan 15", kahan(15), False, False), ("singular lower", np.tril(np.ones((4, 4))) - np.diag([0, 0, 1, 0]), True, False)]:
    b = rng.standard_normal((a.shape[0], 2))
    entry = {"form": "solveTriangular", "name": name, "a": a.tolist(), "b": b.tolist(), "uplo": "Lower" if lower else "Upper",
             "trans": trans}
    try:
        entry["x"] = sla.solve_triangular(a, b, lower=lower, trans=int(trans), check_finite=True).tolist()
        entry["singular"] = None
    except np.linalg.LinAlgError as e:
        entry["singular"] = int(np.flatnonzero(np.diag(a) == 0)[0])
    matrix_cases.append(entry)

out = {"generator": "tests/data/lapack51_reference.py", "numpy": np.__version__, "scipy": scipy.__version__,
       "lapackRoutines": "scipy.linalg.lapack on the system LAPACK 3.11 (Debian: OpenBLAS 0.3.21 liblapack.so.3 through the alternatives)", "pad": PAD, "cases": cases, "matrixForms": matrix_cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lapack51-reference.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=0, allow_nan=False)
print(f"wrote {path}: {len(cases)} span cases, {len(matrix_cases)} matrix-form cases")
