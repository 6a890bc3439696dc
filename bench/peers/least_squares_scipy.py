#!/usr/bin/env python3
"""SciPy peer for the least-squares benchmarks (LeastSquaresBenchmarks.cs).

Runs scipy.optimize.least_squares(method='lm') on the 27 NIST StRD nonlinear
regression problems from both starting points, and on the large four-Gaussian
fit of tests/data/large-fit.md, printing accuracy (log relative error against
the certified values), evaluations and wall time. Usage:

    python3 bench/peers/least_squares_scipy.py [nist|large|all] [--tol 1e-15] [--xscale jac|1] [--repeat 3] [--clock cpu|wall]

Run it with the same thread count as the .NET side (e.g. OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1).
"""
import json
import math
import os
import sys
import time

import numpy as np
from scipy.optimize import least_squares

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "tests", "data")

PI = 3.141592653589793238462643383279


def _gauss(b, x):
    return (b[0] * np.exp(-b[1] * x) + b[2] * np.exp(-(x - b[3]) ** 2 / b[4] ** 2)
            + b[5] * np.exp(-(x - b[6]) ** 2 / b[7] ** 2))


def _lanczos(b, x):
    return b[0] * np.exp(-b[1] * x) + b[2] * np.exp(-b[3] * x) + b[4] * np.exp(-b[5] * x)


def _rational33(b, x):
    return (b[0] + b[1] * x + b[2] * x ** 2 + b[3] * x ** 3) / (1 + b[4] * x + b[5] * x ** 2 + b[6] * x ** 3)


MODELS = {
    "Misra1a": lambda b, x: b[0] * (1 - np.exp(-b[1] * x)),
    "Chwirut2": lambda b, x: np.exp(-b[0] * x) / (b[1] + b[2] * x),
    "Chwirut1": lambda b, x: np.exp(-b[0] * x) / (b[1] + b[2] * x),
    "Lanczos3": _lanczos,
    "Gauss1": _gauss,
    "Gauss2": _gauss,
    "DanWood": lambda b, x: b[0] * x ** b[1],
    "Misra1b": lambda b, x: b[0] * (1 - (1 + b[1] * x / 2) ** (-2)),
    "Kirby2": lambda b, x: (b[0] + b[1] * x + b[2] * x ** 2) / (1 + b[3] * x + b[4] * x ** 2),
    "Hahn1": _rational33,
    "Nelson": lambda b, x: b[0] - b[1] * x[0] * np.exp(-b[2] * x[1]),
    "MGH17": lambda b, x: b[0] + b[1] * np.exp(-x * b[3]) + b[2] * np.exp(-x * b[4]),
    "Lanczos1": _lanczos,
    "Lanczos2": _lanczos,
    "Gauss3": _gauss,
    "Misra1c": lambda b, x: b[0] * (1 - (1 + 2 * b[1] * x) ** (-0.5)),
    "Misra1d": lambda b, x: b[0] * b[1] * x * ((1 + b[1] * x) ** (-1)),
    "Roszman1": lambda b, x: b[0] - b[1] * x - np.arctan(b[2] / (x - b[3])) / PI,
    "ENSO": lambda b, x: (b[0] + b[1] * np.cos(2 * PI * x / 12) + b[2] * np.sin(2 * PI * x / 12)
                          + b[4] * np.cos(2 * PI * x / b[3]) + b[5] * np.sin(2 * PI * x / b[3])
                          + b[7] * np.cos(2 * PI * x / b[6]) + b[8] * np.sin(2 * PI * x / b[6])),
    "MGH09": lambda b, x: b[0] * (x ** 2 + x * b[1]) / (x ** 2 + x * b[2] + b[3]),
    "Thurber": _rational33,
    "BoxBOD": lambda b, x: b[0] * (1 - np.exp(-b[1] * x)),
    "Rat42": lambda b, x: b[0] / (1 + np.exp(b[1] - b[2] * x)),
    "MGH10": lambda b, x: b[0] * np.exp(b[1] / (x + b[2])),
    "Eckerle4": lambda b, x: (b[0] / b[1]) * np.exp(-0.5 * ((x - b[2]) / b[1]) ** 2),
    "Rat43": lambda b, x: b[0] / ((1 + np.exp(b[1] - b[2] * x)) ** (1 / b[3])),
    "Bennett5": lambda b, x: b[0] * (b[1] + x) ** (-1 / b[2]),
}


def load_nist():
    with open(os.path.join(DATA, "nist-strd", "problems.json")) as f:
        problems = json.load(f)["problems"]
    for p in problems:
        with open(os.path.join(DATA, "nist-strd", p["file"])) as f:
            lines = f.read().split("\n")
        rows = [list(map(float, l.split())) for l in lines[p["data_first_line"] - 1:p["data_last_line"]] if l.strip()]
        a = np.array(rows)
        y = a[:, 0]
        x = a[:, 1] if a.shape[1] == 2 else a[:, 1:].T
        p["y"], p["x"] = y, x
    return problems


def nist_residual(p):
    model, x, y = MODELS[p["name"]], p["x"], p["y"]
    if p["name"] == "Nelson":
        ly = np.log(y)
        return lambda b: ly - model(b, x)
    return lambda b: y - model(b, x)


def lre(est, cert):
    est, cert = np.asarray(est, float), np.asarray(cert, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.abs(est - cert) / np.abs(cert)
    if not np.all(np.isfinite(rel)):
        return 0.0
    m = rel.max()
    return 16.0 if m == 0 else float(min(16.0, -math.log10(m)))


def run_nist(tol, x_scale, repeat):
    ok = 0
    ok_b = 0
    print(f"# scipy least_squares(method='lm', ftol=xtol=gtol={tol}, x_scale={x_scale}), jac='2-point'")
    print("problem    start  LRE(b)  LRE(sd)  nfev  status  time_ms")
    for p in load_nist():
        fun = nist_residual(p)
        m, n = len(p["y"]), len(p["parameters"])
        for s in (1, 2):
            x0 = np.array(p[f"start{s}"], float)
            t0 = time.perf_counter()
            for _ in range(repeat):
                r = least_squares(fun, x0, method="lm", ftol=tol, xtol=tol, gtol=tol, x_scale=x_scale,
                                  max_nfev=100000)
            dt = (time.perf_counter() - t0) / repeat * 1e3
            lb = lre(r.x, p["certified_values"])
            try:
                # Covariance from the QR of J (never inv(JᵀJ), which squares the condition number).
                rr = np.linalg.qr(r.jac, mode="r")
                rinv = np.linalg.inv(rr)
                cov = rinv @ rinv.T * (2 * r.cost / (m - n))
                sd = np.sqrt(np.diag(cov))
                ls = lre(sd, p["certified_std_devs"])
            except np.linalg.LinAlgError:
                ls = 0.0
            ok += lb >= 6 and ls >= 3
            ok_b += lb >= 6
            print(f"{p['name']:10s} {s}  {lb:6.2f}  {ls:6.2f}  {r.nfev:6d}  {r.status}  {dt:8.2f}")
    print(f"# runs with LRE(b) >= 6: {ok_b} of 54; with LRE(b) >= 6 and LRE(sd) >= 3: {ok} of 54")


def large_data():
    m = 200000
    h = 10.0 / 199999.0
    i = np.arange(m, dtype=float)
    x = i * h
    p_true = np.array([1.0, 2.0, 0.5, 0.8, 4.0, 0.7, 0.6, 6.0, 0.4, 0.4, 8.0, 0.9])
    y = gauss4(p_true, x) + 0.01 * np.sin(12345.6789 * i)
    return x, y


def gauss4(p, x):
    f = np.zeros_like(x)
    for k in range(4):
        a, mu, s = p[3 * k:3 * k + 3]
        f += a * np.exp(-(x - mu) ** 2 / (2 * s * s))
    return f


def gauss4_jac(p, x):
    j = np.empty((x.size, 12))
    for k in range(4):
        a, mu, s = p[3 * k:3 * k + 3]
        d = x - mu
        g = np.exp(-d * d / (2 * s * s))
        j[:, 3 * k] = g
        j[:, 3 * k + 1] = a * g * d / s ** 2
        j[:, 3 * k + 2] = a * g * d * d / s ** 3
    return j


def run_large(repeat):
    x, y = large_data()
    p0 = np.array([0.8, 2.2, 0.6, 0.9, 3.8, 0.6, 0.5, 6.3, 0.5, 0.5, 7.7, 0.8])
    fun = lambda p: gauss4(p, x) - y
    for label, jac in (("2-point", "2-point"), ("analytic", lambda p: gauss4_jac(p, x))):
        times = []
        for _ in range(repeat):
            t0 = CLOCK()
            r = least_squares(fun, p0, jac=jac, method="lm")
            times.append(CLOCK() - t0)
        print(f"large fit, jac={label}: cost={r.cost:.10f} nfev={r.nfev} njev={r.njev} status={r.status} "
              f"best={min(times) * 1e3:.1f} ms median={sorted(times)[len(times) // 2] * 1e3:.1f} ms")


# --clock cpu: process CPU time (time.process_time), for a machine shared with other jobs; wall time otherwise.
CLOCK = time.process_time if "--clock" in sys.argv and sys.argv[sys.argv.index("--clock") + 1] == "cpu" else time.perf_counter

if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    tol = float(sys.argv[sys.argv.index("--tol") + 1]) if "--tol" in sys.argv else 1e-15
    xs = sys.argv[sys.argv.index("--xscale") + 1] if "--xscale" in sys.argv else "1"
    x_scale = "jac" if xs == "jac" else float(xs)
    if what in ("nist", "all"):
        run_nist(tol, x_scale, repeat=3)
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    if what in ("large", "all"):
        run_large(repeat=repeat)
