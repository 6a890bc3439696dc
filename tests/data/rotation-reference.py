#!/usr/bin/python3
"""Writes rotation-reference.json: rotg, rotmg, rot and rotm cases for BlasNet's RotationTests.

Two independent sources, each named per case ("source"):
  * "scipy": scipy.linalg.blas (drotg, srotg, drotmg, srotmg, drot, srot, drotm, srotm). On Debian 12, SciPy 1.10.1
    calls the system libblas.so.3, here OpenBLAS 0.3.21. Used for well-scaled cases only: OpenBLAS 0.3.21's drotg
    overflows at a = b = 1e300 and underflows at 1e-200 (measured, see src/BlasNet/NaN-and-infinity.md).
  * "reference-blas": Debian's reference BLAS 3.11 (libblas3, /usr/lib/x86_64-linux-gnu/blas/libblas.so.3) through
    ctypes: rotg there is Anderson's safely scaled algorithm (LAPACK 3.10+), the one BlasNet follows, for the
    extreme, zero, NaN and infinite cases. rotmg cases whose weights are rescaled twice are taken from SciPy instead:
    reference BLAS 3.11 discards the first rescaling there (see ManagedBlas.Rotmg).
Numbers are stored as strings (round-trip repr; "NaN", "Infinity", "-Infinity"); single-precision values are the
exact double value of the float32 result.
Run: /usr/bin/python3 tests/data/rotation-reference.py > tests/data/rotation-reference.json
"""
import ctypes as C, json, math, sys
import numpy as np, scipy, scipy.linalg.blas as B

REF = C.CDLL('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3')

def s(v):
    v = float(v)
    if math.isnan(v): return 'NaN'
    if math.isinf(v): return 'Infinity' if v > 0 else '-Infinity'
    return repr(v)

def ref_rotg(a, b, single):
    t = C.c_float if single else C.c_double
    A, Bv, c, sn = t(a), t(b), t(0), t(0)
    (REF.cblas_srotg if single else REF.cblas_drotg)(C.byref(A), C.byref(Bv), C.byref(c), C.byref(sn))
    return c.value, sn.value, A.value, Bv.value

def ref_rotmg(d1, d2, x1, y1, single):
    t = C.c_float if single else C.c_double
    D1, D2, X1, P = t(d1), t(d2), t(x1), (t * 5)(0, 0, 0, 0, 0)
    f = REF.cblas_srotmg if single else REF.cblas_drotmg
    f.restype = None
    f(C.byref(D1), C.byref(D2), C.byref(X1), t(y1), P)
    return list(P), D1.value, D2.value, X1.value

out = {"versions": {"scipy": scipy.__version__, "numpy": np.__version__, "reference_blas": "Debian libblas3 3.11.0"},
       "rotg": [], "rotmg": [], "rot": [], "rotm": []}

for single in (False, True):
    prec = "float" if single else "double"
    rotg = B.srotg if single else B.drotg
    for a, b in [(3, 4), (-3, 4), (1, 2), (0.5, -0.25), (-7, -1), (2.5, 2.5)]:
        c, sn = rotg(a, b)
        out["rotg"].append({"precision": prec, "a": s(a), "b": s(b), "c": s(c), "s": s(sn), "source": "scipy"})
    big, tiny = (1e300, 1e-300) if not single else (1e30, 1e-30)
    for a, b in [(0, 0), (0, -5), (-5, 0), (big, big), (-big, 3 * big), (tiny, 3 * tiny), (1e-200 if not single else 1e-20, 3e-200 if not single else 3e-20),
                 (1e308 if not single else 3e38, 1e308 if not single else 3e38), (1e-320 if not single else 1e-44, 1e-320 if not single else 1e-44),
                 (4e-310 if not single else 1e-40, 1), (math.nan, 1), (1, math.nan), (0, math.nan), (math.nan, 0),
                 (math.inf, 1), (1, math.inf), (math.inf, math.inf), (-math.inf, 2), (0, math.inf), (math.inf, 0)]:
        c, sn, r, z = ref_rotg(a, b, single)
        out["rotg"].append({"precision": prec, "a": s(np.float32(a) if single else a), "b": s(np.float32(b) if single else b),
                            "c": s(c), "s": s(sn), "r": s(r), "z": s(z), "source": "reference-blas"})

    rotmg = B.srotmg if single else B.drotmg
    for d1, d2, x1, y1 in [(1, 1, 3, 4), (2, 3, 1, 1), (1, 1, 0, 5), (1, 1, 5, 0), (0, 1, 1, 1), (1, 0, 1, 1), (4, 2, 0, 0),
                           (1, -1, 2, 1), (3, 0.5, -2, 7), (0.25, 9, 1.5, -0.5)]:
        p, D1, D2, X1 = ref_rotmg(d1, d2, x1, y1, single)
        out["rotmg"].append({"precision": prec, "d1": s(d1), "d2": s(d2), "x1": s(x1), "y1": s(y1),
                             "param": [s(v) for v in p], "d1_out": s(D1), "d2_out": s(D2), "x1_out": s(X1), "source": "reference-blas"})
    for d1, d2, x1, y1 in [(1e-10, 1e10, 1, 1), (1e-20, 1e-20, 1, 1), (1e20, 1e20, 1, 1), (1e-30 if single else 1e-300, 1, 1, 1), (5e7, 1e-9, 2, 3)]:
        p = rotmg(d1, d2, x1, y1)
        # SciPy returns param only; the weights come from the same library call through ctypes.
        lib = C.CDLL('/usr/lib/x86_64-linux-gnu/libopenblas.so.0')
        t = C.c_float if single else C.c_double
        D1, D2, X1, P = t(d1), t(d2), t(x1), (t * 5)(0, 0, 0, 0, 0)
        (lib.cblas_srotmg if single else lib.cblas_drotmg)(C.byref(D1), C.byref(D2), C.byref(X1), t(y1), P)
        assert all((a == b) for a, b in zip(p, P)), (p, list(P))
        out["rotmg"].append({"precision": prec, "d1": s(d1), "d2": s(d2), "x1": s(x1), "y1": s(y1),
                             "param": [s(v) for v in p], "d1_out": s(D1.value), "d2_out": s(D2.value), "x1_out": s(X1.value), "source": "scipy"})

    dt = np.float32 if single else np.float64
    x = np.array([1.5, -2, 0.25, 4, -0.125, 3], dtype=dt); y = np.array([0.5, 1, -3, 2.5, 7, -1], dtype=dt)
    rot = B.srot if single else B.drot
    for c, sn in [(0.6, 0.8), (0, 1), (1, 0), (-0.28, 0.96)]:
        xo, yo = rot(x.copy(), y.copy(), c, sn)
        out["rot"].append({"precision": prec, "x": [s(v) for v in x], "y": [s(v) for v in y], "c": s(dt(c)), "s": s(dt(sn)),
                           "x_out": [s(v) for v in xo], "y_out": [s(v) for v in yo], "source": "scipy"})
    rotm = B.srotm if single else B.drotm
    for p in [(-1, 0.5, -2, 1.5, 0.25), (0, 9, 0.75, -0.5, 9), (1, 1.25, 9, 9, -0.5), (-2, 2, 3, 4, 5)]:
        xo, yo = rotm(x.copy(), y.copy(), np.array(p, dtype=dt))
        out["rotm"].append({"precision": prec, "x": [s(v) for v in x], "y": [s(v) for v in y], "param": [s(v) for v in p],
                            "x_out": [s(v) for v in xo], "y_out": [s(v) for v in yo], "source": "scipy"})

json.dump(out, sys.stdout, indent=1)
print()
