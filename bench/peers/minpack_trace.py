#!/usr/bin/env python3
"""MINPACK trace peer for LevenbergMarquardt (issue 11, MINPACK parity).

Runs SciPy's MINPACK (lmdif: forward differences, factor = step bound 100) on one NIST StRD problem from
one start and prints every residual call, so the iteration can be compared line by line with BlasNet's
trace (tests/BlasNet.Tests/Optimization/MinpackTraceTests.cs writes the same format to the test output).
A call that changes one coordinate of the last base point by a tiny amount is a finite-difference
column; any other call is a trial step.

    /usr/bin/python3 bench/peers/minpack_trace.py BoxBOD 1 [--tol 1e-15] [--scaling jac|1] [--api leastsq|least_squares]
    /usr/bin/python3 bench/peers/minpack_trace.py summary [--tol 1e-15] [--scaling jac|1]

--scaling jac is MINPACK's own default (mode 1, diag from the Jacobian column norms; scipy.optimize.leastsq
with diag=None, or least_squares(x_scale='jac')); --scaling 1 is least_squares' default x_scale=1.0
(mode 2, diag = 1). `summary` prints LRE, evaluations and status for all 54 runs.
"""
import os
import sys

import numpy as np
from scipy.optimize import least_squares, leastsq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from least_squares_scipy import load_nist, nist_residual, lre  # noqa: E402


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def fit(fun, x0, tol, scaling, api):
    if api == "leastsq":
        diag = None if scaling == "jac" else np.ones_like(x0)
        x, _, info, _, ier = leastsq(fun, x0, full_output=True, ftol=tol, xtol=tol, gtol=tol,
                                     maxfev=100000, factor=100.0, diag=diag)
        return x, info["nfev"], ier
    r = least_squares(fun, x0, method="lm", ftol=tol, xtol=tol, gtol=tol,
                      x_scale="jac" if scaling == "jac" else 1.0, max_nfev=100000)
    return r.x, r.nfev, r.status


def trace(name, start, tol, scaling, api):
    p = next(q for q in load_nist() if q["name"] == name)
    fun = nist_residual(p)
    calls = []

    def logged(b):
        r = fun(b)
        calls.append((np.array(b, float), float(np.linalg.norm(r))))
        return r

    x0 = np.array(p[f"start{start}"], float)
    x, nfev, status = fit(logged, x0, tol, scaling, api)
    print(f"# {name} start {start}: {api}, scaling={scaling}, tol={tol}, factor=100")
    base = None
    for k, (b, norm) in enumerate(calls, 1):
        kind = "trial"
        if base is not None:
            moved = np.nonzero(b != base)[0]
            if len(moved) == 1 and abs(b[moved[0]] - base[moved[0]]) <= 1e-7 * max(abs(base[moved[0]]), 1.0):
                kind = f"fd[{moved[0]}]"
        if kind == "trial":
            base = b
        print(f"{k:4d} {kind:6s} |r|={norm:.17g} b=[{', '.join(f'{v:.17g}' for v in b)}]")
    print(f"# end: nfev={nfev} status={status} LRE(b)={lre(x, p['certified_values']):.2f} "
          f"b=[{', '.join(f'{v:.17g}' for v in x)}]")


def summary(tol, scaling, api):
    print(f"# {api}, scaling={scaling}, tol={tol}, factor=100, forward differences")
    ok = 0
    for p in load_nist():
        fun = nist_residual(p)
        for s in (1, 2):
            x, nfev, status = fit(fun, np.array(p[f"start{s}"], float), tol, scaling, api)
            e = lre(x, p["certified_values"])
            ok += e >= 6
            print(f"{p['name']:10s} {s}  LRE {e:6.2f}  nfev {nfev:6d}  status {status}")
    print(f"# LRE(b) >= 6: {ok} of 54")


if __name__ == "__main__":
    tol = float(arg("--tol", "1e-15"))
    scaling = arg("--scaling", "jac")
    api = arg("--api", "leastsq")
    if sys.argv[1] == "summary":
        summary(tol, scaling, api)
    else:
        trace(sys.argv[1], int(sys.argv[2]), tol, scaling, api)
