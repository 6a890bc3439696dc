#!/usr/bin/python3
"""SciPy's quad_vec on the families of tests/BlasNet.Tests/Quadrature/VectorIntegrationTests.cs, and the
evaluation count of one scalar quad per component, to set beside Quad.IntegrateVector's counts.

Same target as BlasNet's default: epsabs = 0, epsrel = 1e-10, norm 'max', limit 500. quad_vec's neval
counts points (each gives the whole vector), as BlasNet's Evaluations does. Debian's python3-scipy.
"""
import math

import numpy as np
import scipy
from scipy.integrate import quad, quad_vec

INF = np.inf
CASES = [
    ("x^k, k=0..9 on [0,1]", 10, lambda k, x: x**k, 0, 1, lambda k: 1 / (k + 1)),
    ("exp(-(k+1)x), k=0..7 on [0,inf)", 8, lambda k, x: math.exp(-(k + 1) * x), 0, INF, lambda k: 1 / (k + 1)),
    ("e^x cos(kx), k=0..11 on [0,pi]", 12, lambda k, x: math.exp(x) * math.cos(k * x), 0, math.pi,
     lambda k: ((-1) ** k * math.exp(math.pi) - 1) / (1 + k * k)),
]


def main():
    print(f"scipy {scipy.__version__}, numpy {np.__version__}")
    print(f"{'family':34s} {'quad_vec neval':>14s} {'max true error':>14s} {'sum of m quad neval':>20s}")
    for name, m, f, a, b, exact in CASES:
        vec = lambda x: np.array([f(k, x) for k in range(m)])
        res, err, info = quad_vec(vec, a, b, epsabs=0, epsrel=1e-10, norm="max", limit=500, full_output=True)
        true = max(abs(res[k] - exact(k)) for k in range(m))
        scalar = sum(quad(lambda x, k=k: f(k, x), a, b, epsabs=0, epsrel=1e-10, limit=500, full_output=1)[2]["neval"]
                     for k in range(m))
        print(f"{name:34s} {info.neval:14d} {true:14.1e} {scalar:20d}")


if __name__ == "__main__":
    main()
