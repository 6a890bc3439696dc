#!/usr/bin/python3
"""SciPy's quad (QUADPACK QAGS/QAGI/QAGP) on the problems whose evaluation counts
tests/BlasNet.Tests/Quadrature/ExtrapolationCountsTests.cs pins (epsabs 0, epsrel 1e-10, limit 500 unless noted),
for comparison with BlasNet's ExtrapolatingIntegrator. Debian's /usr/bin/python3 with python3-scipy.
"""
import math
import warnings

import numpy as np
import scipy
from scipy.integrate import quad

INF = np.inf
D = dict(epsabs=0, epsrel=1e-10, limit=500)
SD = dict(epsabs=1.49e-8, epsrel=1.49e-8, limit=50)
CASES = [
    ("sqrt", math.sqrt, 0, 1, D),
    ("log", np.log, 0, 1, D),
    ("x^-0.9", lambda x: x ** -0.9, 0, 1, D),
    ("inverse sqrt", lambda x: 1 / math.sqrt(x), 0, 1, D),
    ("sin(100x) [0,pi]", lambda x: math.sin(100 * x), 0, math.pi, D),
    ("cos(20x)", lambda x: math.cos(20 * x), 0, 1, D),
    ("lorentz", lambda x: 1 / (1 + x * x), 0, 1, D),
    ("exp(-x) [0,inf)", lambda x: math.exp(-x), 0, INF, D),
    ("exp(-x^2) R", lambda x: math.exp(-x * x), -INF, INF, D),
    ("lorentz (-inf,0]", lambda x: 1 / (1 + x * x), -INF, 0, D),
    ("|x-1/3|^-1/2 bp", lambda x: 1 / math.sqrt(abs(x - 1 / 3)), 0, 1, dict(D, points=[1 / 3])),
    ("log|x-1| bp [0,2]", lambda x: np.log(abs(x - 1)), 0, 2, dict(D, points=[1])),
    ("1/x divergent", lambda x: 1 / x, 0, 1, D),
    ("x^-0.9999", lambda x: x ** -0.9999, 0, 1, D),
    ("sqrt*sin(50x) limit 10", lambda x: math.sqrt(x) * math.sin(50 * x), 0, 1, dict(D, limit=10)),
    ("log(x)cos(1000x)", lambda x: np.log(x) * math.cos(1000 * x), 0, 1, D),
    ("sqrt scipy", math.sqrt, 0, 1, SD),
    ("log scipy", np.log, 0, 1, SD),
    ("x^-1/2 log x", lambda x: np.log(x) / math.sqrt(x), 0, 1, D),
    ("exp(-x)/sqrt(x) [0,inf)", lambda x: math.exp(-x) / math.sqrt(x), 0, INF, D),
]


def main():
    print(f"scipy {scipy.__version__}")
    for name, f, a, b, kw in CASES:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value, err, info = quad(f, a, b, full_output=1, **kw)[:3]
        print(f"{name:26s} neval {info['neval']:6d} intervals {info['last']:4d} value {value!r} err {err:.3g}")


if __name__ == "__main__":
    main()
