#!/usr/bin/env python3
"""Writes lapack47-netlib-reference.json: the 137 cases of lapack51-reference.json (same inputs, same order, same fields)
with every LAPACK output recomputed by the netlib reference LAPACK 3.11 on the reference BLAS 3.11 (Debian's liblapack3
and libblas3, /usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3 and blas/libblas.so.3) through ctypes and the Fortran calling
convention, for BlasNet's audit lapack47 (tests/BlasNet.Tests/Core/LapackNetlibReference47Tests.cs).

Why: SciPy's LAPACK here is the system liblapack.so.3, which Debian's alternatives point at OpenBLAS's, the same code as two
of BlasNet's providers. Netlib's liblapack.so.3 itself links "libblas.so.3", which the alternatives also resolve to OpenBLAS,
so the script runs itself again with LD_LIBRARY_PATH naming the reference BLAS and LAPACK directories first and then checks
/proc/self/maps: no OpenBLAS file may be mapped into the process (it stops otherwise). NumPy and SciPy (used only to read
the inputs and for matrix_rank) then run on the reference libraries too.

Every output field of lapack51 is replaced by netlib's: Geqrf/Geqp3 INFO, R, τ, jpvt and the numerical rank (the same
"far from 1e-12" rule); Ormqr's product; Trtrs's INFO and X; Potrf's INFO (BlasNet's documented rule for a non-finite
triangle, its lead block factored by netlib; netlib's own dpotrf INFO kept as "referenceInfo") and factor; Potrs's X; and
the matrix forms through the same routines: QrPivoted's rank (dgeqp3) and least-squares x (dgeqp3, dormqr, dtrtrs),
Cholesky's INFO and x (dpotrf, dpotrs), SolveTriangular's x or the singular position (dtrtrs). Input-only fields (a, b, c,
lda, compare, pivotsComparable, matrixRank, nonFinite, cond, ...) are copied. The script also prints where netlib and
SciPy (lapack51) differ: INFO, pivots, rank, and values beyond the tolerances the tests use.
Run: /usr/bin/python3 tests/data/lapack47_netlib_reference.py
"""
import os, sys

REF_DIRS = "/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack"
if os.environ.get("LAPACK47_REFERENCE_CHILD") != "1":
    env = dict(os.environ, LAPACK47_REFERENCE_CHILD="1",
               LD_LIBRARY_PATH=REF_DIRS + (":" + os.environ["LD_LIBRARY_PATH"] if os.environ.get("LD_LIBRARY_PATH") else ""))
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)

import ctypes as C, copy, json, math
import numpy as np
import scipy

LAPACK_PATH = "/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3"
BLAS_PATH = "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"
C.CDLL(BLAS_PATH, mode=C.RTLD_GLOBAL)
LIB = C.CDLL(LAPACK_PATH)
np.linalg.matrix_rank(np.eye(3))  # make NumPy load whatever BLAS/LAPACK it links before the check below


def mapped_libraries():
    with open("/proc/self/maps") as fh:
        return sorted({line.split()[-1] for line in fh if ".so" in line.split()[-1]})


MAPPED = mapped_libraries()
if any("openblas" in p.lower() or "mkl" in p.lower() or "blis" in p.lower() for p in MAPPED):
    sys.exit("an optimized BLAS is mapped into the process: " + ", ".join(p for p in MAPPED if "blas" in p.lower() or "mkl" in p.lower()))
BLAS_LAPACK_MAPPED = [os.path.realpath(p) for p in MAPPED if "blas" in p or "lapack" in p]
for need in (LAPACK_PATH, BLAS_PATH):
    if os.path.realpath(need) not in BLAS_LAPACK_MAPPED:
        sys.exit(f"{need} is not mapped: {BLAS_LAPACK_MAPPED}")

I = C.c_int
D = C.POINTER(C.c_double)
ONE = C.c_size_t(1)  # Fortran's hidden CHARACTER length, passed for every character argument (see LapackNative.cs)


def dptr(a):
    return a.ctypes.data_as(D)


def ipt(v):
    return C.byref(I(v))


def ch(s):
    return C.c_char_p(s.encode())


def dec(v):
    if isinstance(v, str):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[v]
    return float(v)


def enc(v):
    v = float(v)
    if math.isnan(v): return "NaN"
    if math.isinf(v): return "Infinity" if v > 0 else "-Infinity"
    return v


def stored(values, length_at_least=1):
    """A column-major Fortran array from the stored elements (length ≥ 1: an empty operand still gets a slot)."""
    s = np.array([dec(v) for v in values], dtype=np.float64)
    if s.size < length_at_least:
        s = np.concatenate([s, np.full(length_at_least - s.size, 0.5)])
    return s


def at(s, i, j, ld):
    return s[j * ld + i]


# ---- netlib calls (column-major arrays with their leading dimension) ----
def geqrf(m, n, a, lda):
    tau = np.zeros(max(1, min(m, n)))
    info, lwork, q = I(0), I(-1), np.zeros(1)
    LIB.dgeqrf_(ipt(m), ipt(n), dptr(a), ipt(lda), dptr(tau), dptr(q), C.byref(lwork), C.byref(info))
    work = np.zeros(max(1, int(q[0])))
    lwork = I(work.size)
    LIB.dgeqrf_(ipt(m), ipt(n), dptr(a), ipt(lda), dptr(tau), dptr(work), C.byref(lwork), C.byref(info))
    return tau[:min(m, n)], info.value


def geqp3(m, n, a, lda):
    tau = np.zeros(max(1, min(m, n)))
    jpvt = np.zeros(max(1, n), dtype=np.int32)
    info, lwork, q = I(0), I(-1), np.zeros(1)
    jp = jpvt.ctypes.data_as(C.POINTER(C.c_int))
    LIB.dgeqp3_(ipt(m), ipt(n), dptr(a), ipt(lda), jp, dptr(tau), dptr(q), C.byref(lwork), C.byref(info))
    work = np.zeros(max(1, int(q[0])))
    lwork = I(work.size)
    LIB.dgeqp3_(ipt(m), ipt(n), dptr(a), ipt(lda), jp, dptr(tau), dptr(work), C.byref(lwork), C.byref(info))
    return [int(j) - 1 for j in jpvt[:n]], tau[:min(m, n)], info.value


def ormqr(side, trans, m, n, k, a, lda, tau, c, ldc):
    info, lwork, q = I(0), I(-1), np.zeros(1)
    args = (ch(side), ch(trans), ipt(m), ipt(n), ipt(k), dptr(a), ipt(lda), dptr(tau), dptr(c), ipt(ldc))
    LIB.dormqr_(*args, dptr(q), C.byref(lwork), C.byref(info), ONE, ONE)
    work = np.zeros(max(1, int(q[0])))
    lwork = I(work.size)
    LIB.dormqr_(*args, dptr(work), C.byref(lwork), C.byref(info), ONE, ONE)
    return info.value


def trtrs(uplo, trans, diag, n, nrhs, a, lda, b, ldb):
    info = I(0)
    LIB.dtrtrs_(ch(uplo), ch(trans), ch(diag), ipt(n), ipt(nrhs), dptr(a), ipt(lda), dptr(b), ipt(ldb), C.byref(info), ONE, ONE, ONE)
    return info.value


def potrf(uplo, n, a, lda):
    info = I(0)
    LIB.dpotrf_(ch(uplo), ipt(n), dptr(a), ipt(lda), C.byref(info), ONE)
    return info.value


def potrs(uplo, n, nrhs, a, lda, b, ldb):
    info = I(0)
    LIB.dpotrs_(ch(uplo), ipt(n), ipt(nrhs), dptr(a), ipt(lda), dptr(b), ipt(ldb), C.byref(info), ONE)
    return info.value


def fortran(mat):
    """Column-major copy of a 2-D NumPy array with leading dimension max(1, rows)."""
    m, n = mat.shape
    return np.asfortranarray(mat, dtype=np.float64).ravel(order="F").copy() if m and n else np.zeros(1), max(1, m)


here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "lapack51-reference.json")) as fh:
    src = json.load(fh)

differences = []  # (case, what) where netlib and SciPy (lapack51) disagree beyond the tests' tolerances


def note(case, what):
    differences.append(f"{case['routine']} {case.get('name')} {case.get('uplo', '')}: {what}")


def rel_diff(x, y, scale):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    both = np.isfinite(x) & np.isfinite(y)
    if not np.array_equal(np.isfinite(x), np.isfinite(y)):
        return math.inf
    return float(np.max(np.abs(x[both] - y[both])) / scale) if both.any() and scale > 0 else 0.0


cases = []
for old in src["cases"]:
    c = copy.deepcopy(old)
    r = c["routine"]
    if r in ("geqrf", "geqp3"):
        m, n, lda = c["m"], c["n"], c["lda"]
        if m and n:
            a = stored(c["a"])
            if r == "geqrf":
                tau, info = geqrf(m, n, a, lda)
            else:
                jpvt, tau, info = geqp3(m, n, a, lda)
                c["jpvt"] = jpvt
                d = np.abs([at(a, i, i, lda) for i in range(min(m, n))])
                if np.all(np.isfinite(d)) and d[0] > 0:
                    ratios = d / d[0]
                    far = np.all((ratios > 100e-12) | (ratios < 0.01e-12))
                    c["rank"] = int(np.sum(ratios > 1e-12)) if far else None
                else:
                    c["rank"] = None
                if c.get("pivotsComparable") and c.get("matrixRank") is not None:
                    k = c["matrixRank"]
                    if jpvt[:k] != old["jpvt"][:k]: note(c, f"pivots {jpvt} against SciPy's {old['jpvt']}")
                if c.get("rank") != old.get("rank"): note(c, f"rank {c.get('rank')} against SciPy's {old.get('rank')}")
            c["info"] = int(info)
            c["r"] = [[enc(at(a, i, j, lda)) if j >= i else 0.0 for j in range(n)] for i in range(min(m, n))]
            c["tau"] = [enc(t) for t in tau]
            if c["info"] != old["info"]: note(c, f"INFO {c['info']} against SciPy's {old['info']}")
            if c["compare"]:
                norm = float(np.linalg.norm([dec(v) for v in old["a"]]))
                if rel_diff([[dec(v) for v in row] for row in c["r"]], [[dec(v) for v in row] for row in old["r"]], norm) > 1e-12 or \
                        rel_diff([dec(t) for t in c["tau"]], [dec(t) for t in old["tau"]], 1) > 1e-12:
                    note(c, "R or τ differs by more than 1e-12")
    elif r == "ormqr":
        m, n, k, lda, ldc, order = c["m"], c["n"], c["k"], c["lda"], c["ldc"], c["order"]
        a, tau, cc = stored(c["a"]), stored(c["tau"]), stored(c["c"])
        info = ormqr(c["side"], c["trans"], m, n, k, a, lda, tau, cc, ldc)
        c["info"] = int(info)
        c["expected"] = [[enc(at(cc, i, j, ldc)) for j in range(n)] for i in range(m)]
        norm = float(np.linalg.norm([dec(v) for v in old["c"]]))
        eps = 2.0 ** -53
        if info != old["info"] or rel_diff(c["expected"], old["expected"], norm) > 10 * order * k * eps:
            note(c, "the product differs beyond 10·order·k·ε·‖C‖")
    elif r == "trtrs":
        n, nrhs, lda, ldb = c["n"], c["nrhs"], c["lda"], c["ldb"]
        if n:
            a, b = stored(c["a"]), stored(c["b"])
            info = trtrs("L" if c["uplo"] == "Lower" else "U", c["trans"], "U" if c["unit"] else "N", n, nrhs, a, lda, b, ldb)
            c["info"] = int(info)
            c["x"] = [[enc(at(b, i, j, ldb)) for j in range(nrhs)] for i in range(n)] if info == 0 else None
            if info != old["info"]: note(c, f"INFO {info} against SciPy's {old['info']}")
            elif info == 0 and nrhs:
                xs, xo = np.array([[dec(v) for v in row] for row in c["x"]]), np.array([[dec(v) for v in row] for row in old["x"]])
                if not np.array_equal(np.isfinite(xs), np.isfinite(xo)):
                    note(c, "a different pattern of non-finite components")
                elif c["compare"] and rel_diff(xs, xo, float(np.max(np.abs(xo)))) > 1e-12:
                    note(c, "X differs by more than 1e-12·max|X|")
    elif r == "potrf":
        n, lda = c["n"], c["lda"]
        if n:
            lower = c["uplo"] == "Lower"
            a0 = stored(c["a"])
            a = a0.copy()
            own = potrf("L" if lower else "U", n, a, lda)
            c["referenceInfo"] = int(own)
            c.pop("scipyInfo", None)
            full = np.array([[at(a0, i, j, lda) for j in range(n)] for i in range(n)])
            tri = np.tril(full) if lower else np.triu(full)
            bad = [k for k in range(n) if not np.all(np.isfinite(tri[:k + 1, :k + 1]))]
            if bad:
                # BlasNet's documented INFO (NaN-and-infinity.md): the smallest minor holding a NaN or ±∞, unless netlib's
                # factorization of the finite leading block before it already fails.
                k = bad[0] + 1
                lead = 0
                if k > 1:
                    block, ld = fortran(full[:k - 1, :k - 1])
                    lead = potrf("L" if lower else "U", k - 1, block, ld)
                info, factor = (lead if lead > 0 else k), None
            else:
                info = own
                factor = [[enc(at(a, i, j, lda)) if (i >= j if lower else i <= j) else 0.0 for j in range(n)] for i in range(n)] if own == 0 else None
            c["info"] = int(info)
            c["factor"] = factor
            if info != old["info"]: note(c, f"INFO {info} against lapack51's {old['info']}")
            if own != old.get("scipyInfo", own): note(c, f"netlib's dpotrf INFO {own}, SciPy's {old.get('scipyInfo')}")
            if factor is not None and old.get("factor") is not None and c["compare"]:
                fs, fo = np.array([[dec(v) for v in row] for row in factor]), np.array([[dec(v) for v in row] for row in old["factor"]])
                if rel_diff(fs, fo, float(np.max(np.abs(np.diag(fo))))) > 1e-12: note(c, "factor differs by more than 1e-12")
    elif r == "potrs":
        n, nrhs, lda, ldb = c["n"], c["nrhs"], c["lda"], c["ldb"]
        f, b = stored(c["factor"]), stored(c["b"])
        info = potrs("L" if c["uplo"] == "Lower" else "U", n, nrhs, f, lda, b, ldb) if nrhs else 0
        c["info"] = int(info)
        c["x"] = [[enc(at(b, i, j, ldb)) for j in range(nrhs)] for i in range(n)]
        if nrhs and c["compare"]:
            xs, xo = np.array([[dec(v) for v in row] for row in c["x"]]), np.array([[dec(v) for v in row] for row in old["x"]])
            if info != old["info"] or rel_diff(xs, xo, float(np.max(np.abs(xo)))) > 1e-12: note(c, "X differs by more than 1e-12·max|X|")
    cases.append(c)

matrix_cases = []
for old in src["matrixForms"]:
    e = copy.deepcopy(old)
    a = np.array(e["a"], dtype=float)
    m, n = a.shape
    if e["form"] == "qrPivoted":
        b = np.array(e["b"], dtype=float)
        f, ld = fortran(a)
        jpvt, tau, info = geqp3(m, n, f, ld)
        d = np.abs([at(f, i, i, ld) for i in range(min(m, n))])
        e["rank"] = int(np.sum(d > 1e-12 * d[0]))
        if e["rank"] != old["rank"]: note({"routine": "qrPivoted", "name": e["name"]}, f"rank {e['rank']} against SciPy's {old['rank']}")
        if e["rank"] == n and m >= n:
            qtb = b.copy()
            ormqr("L", "T", m, 1, n, f, ld, tau, qtb, m)
            trtrs("U", "N", "N", n, 1, f, ld, qtb, m)
            x = np.zeros(n)
            for j in range(n): x[jpvt[j]] = qtb[j]
            e["x"] = x.tolist()
            if old.get("cond", 1e300) < 100 and rel_diff(x, old["x"], float(np.max(np.abs(old["x"])))) > 1e-12:
                note({"routine": "qrPivoted", "name": e["name"]}, "x differs by more than 1e-12·max|x|")
        else:
            e.pop("x", None); e.pop("cond", None)
    elif e["form"] == "cholesky":
        b = np.array(e["b"], dtype=float)
        f, ld = fortran(a)
        info = potrf("L", n, f, ld)
        e["info"] = int(info)
        if info != old["info"]: note({"routine": "cholesky", "name": e["name"]}, f"INFO {info} against SciPy's {old['info']}")
        if info == 0:
            x = b.copy()
            potrs("L", n, 1, f, ld, x, n)
            e["x"] = x.tolist()
            e["cond"] = old["cond"]
            if rel_diff(x, old["x"], float(np.max(np.abs(old["x"])))) > 100 * n * 2.0 ** -53 * old["cond"]:
                note({"routine": "cholesky", "name": e["name"]}, "x differs beyond 100·n·ε·cond·max|x|")
        else:
            e.pop("x", None); e.pop("cond", None)
    else:
        bm = np.array(e["b"], dtype=float)
        f, ld = fortran(a)
        x, ldb = fortran(bm)
        info = trtrs("L" if e["uplo"] == "Lower" else "U", "T" if e["trans"] else "N", "N", n, bm.shape[1], f, ld, x, ldb)
        if info > 0:
            e["singular"], e["x"] = info - 1, None
        else:
            e["singular"] = None
            e["x"] = x.reshape(bm.shape, order="F").tolist()
        if e["singular"] != old["singular"]: note({"routine": "solveTriangular", "name": e["name"]}, f"singular at {e['singular']}, SciPy {old['singular']}")
        elif info == 0 and not e["name"].startswith("Kahan") and rel_diff(e["x"], old["x"], 1 + float(np.max(np.abs(old["x"])))) > 1e-12:
            note({"routine": "solveTriangular", "name": e["name"]}, "x differs by more than 1e-12")
    matrix_cases.append(e)

out = {"generator": "tests/data/lapack47_netlib_reference.py", "inputsFrom": "tests/data/lapack51-reference.json",
       "numpy": np.__version__, "scipy": scipy.__version__,
       "lapackRoutines": "netlib reference LAPACK 3.11 on the reference BLAS 3.11 (Debian liblapack3 and libblas3, "
                         f"{LAPACK_PATH} and {BLAS_PATH}) through ctypes; no optimized BLAS mapped into the process",
       "mappedBlasLapack": BLAS_LAPACK_MAPPED,
       "differencesFromScipy": differences, "pad": src["pad"], "cases": cases, "matrixForms": matrix_cases}
path = os.path.join(here, "lapack47-netlib-reference.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=0, allow_nan=False)
print(f"wrote {path}: {len(cases)} span cases, {len(matrix_cases)} matrix-form cases")
print("BLAS/LAPACK mapped: " + ", ".join(BLAS_LAPACK_MAPPED))
print(f"netlib against SciPy (lapack51): {len(differences)} differences beyond the tests' tolerances")
for d in differences: print("  " + d)
