#!/usr/bin/python3
"""SciPy's quad (QUADPACK) on the integrals of bench/BlasNet.Benchmarks/QuadratureBenchmarks.cs.

Same target as BlasNet's default: epsabs = 0, epsrel = 1e-10, limit = 500. Prints time per integral
(best of 5 repeats of a timeit loop), evaluations and true error. Debian's python3-scipy.
"""
import math
import timeit

import numpy as np
import scipy
from scipy.integrate import quad

INF = np.inf
CASES = [
    ("lorentz[0,1]", lambda x: 1 / (1 + x * x), 0, 1, math.pi / 4),
    ("cos20x[0,1]", lambda x: math.cos(20 * x), 0, 1, math.sin(20) / 20),
    ("sqrt[0,1]", math.sqrt, 0, 1, 2 / 3),
    ("log[0,1]", lambda x: math.log(x), 0, 1, -1.0),
    ("exp(-x)[0,inf)", lambda x: math.exp(-x), 0, INF, 1.0),
    ("lorentz(-inf,inf)", lambda x: 1 / (1 + x * x), -INF, INF, math.pi),
]

Q02, ECUT, Q2 = 485124412.0, 17909665929.0, 90000000000.0
SEED_EXACT = -1.58637357048562524635e-11


def time_per_call(fn):
    timer = timeit.Timer(fn)
    loops, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=loops)) / loops


def main():
    print(f"scipy {scipy.__version__}, numpy {np.__version__}")
    print(f"{'case':20s} {'time/integral':>14s} {'neval':>6s} {'true error':>11s}")
    for name, f, a, b, exact in CASES:
        value, _, info = quad(f, a, b, epsabs=0, epsrel=1e-10, limit=500, full_output=1)[:3]
        t = time_per_call(lambda: quad(f, a, b, epsabs=0, epsrel=1e-10, limit=500))
        print(f"{name:20s} {t * 1e6:11.2f} us {info['neval']:6d} {abs(value - exact):11.1e}")

    seed = lambda s: 1 / (s - Q02)
    kwargs = dict(weight="cauchy", wvar=Q2, epsabs=1e-20, full_output=1)
    value, _, info = quad(seed, ECUT, 1e9 * Q2, **kwargs)[:3]
    t = time_per_call(lambda: quad(seed, ECUT, 1e9 * Q2, weight="cauchy", wvar=Q2, epsabs=1e-20))
    print(f"{'seed PV truncated':20s} {t * 1e6:11.2f} us {info['neval']:6d} {abs(value - SEED_EXACT) / abs(SEED_EXACT):11.1e} (relative)")


if __name__ == "__main__":
    main()
