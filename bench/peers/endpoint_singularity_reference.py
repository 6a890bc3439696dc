#!/usr/bin/python3
"""Reference values for integrands that are infinite at a finite limit
(tests/BlasNet.Tests/Quadrature/EndpointSingularityTests.cs): mpmath at 40 digits, principal values split
symmetrically about the pole (PV = integral over [c - d, c + d] of (f(x) - f(2c - x))/(x - c) on one side,
which is regular, plus the rest), and SciPy 1.10.1's quad(weight='cauchy') (QUADPACK QAWC) on the same
problems at epsabs 0, epsrel 1e-10, showing where QUADPACK fails.
Run with Debian's /usr/bin/python3 (python3-mpmath, python3-scipy).
"""
import math
import warnings

import mpmath as mp
import numpy as np
from scipy.integrate import quad

mp.mp.dps = 40


def pv(f, a, b, c):
    """PV integral_a^b f(x)/(x - c) dx for a < c < b: the symmetric part folded onto one side, plus the rest."""
    a, b, c = mp.mpf(a), mp.mpf(b), mp.mpf(c)
    d = min(c - a, b - c)
    sym = mp.quad(lambda u: (f(c + u) - f(c - u)) / u, [0, d])
    rest = mp.quad(lambda x: f(x) / (x - c), [a, c - d]) if c - d > a else 0
    rest += mp.quad(lambda x: f(x) / (x - c), [c + d, b]) if c + d < b else 0
    return sym + rest


CASES = [
    # numpy's log and sqrt give -inf/inf at 0 where math's raise, as a C integrand would.
    ("PV log(x)/(x - 1) on [0, 2]", lambda x: mp.log(x), np.log, 0, 2, 1),
    ("PV log(x)/(x - 1/2) on [0, 1]", lambda x: mp.log(x), np.log, 0, 1, 0.5),
    ("PV x^-1/2/(x - 0.3) on [0, 1]", lambda x: 1 / mp.sqrt(x), lambda x: 1 / np.sqrt(x), 0, 1, 0.3),
    ("PV log(2 - x)/(x - 1.5) on [0, 2]", lambda x: mp.log(2 - x), lambda x: np.log(2 - x), 0, 2, 1.5),
]


def main():
    print("PV log(x)/(x - 1) on [0, 2], closed form pi^2/4:", mp.nstr(mp.pi ** 2 / 4, 20))
    for name, fm, fp, a, b, c in CASES:
        exact = pv(fm, a, b, c)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value, err, info = quad(fp, a, b, weight="cauchy", wvar=c, epsabs=0, epsrel=1e-10, limit=500,
                                    full_output=1)[:3]
        print(f"{name:36s} exact {mp.nstr(exact, 20):>24s}  scipy {value!r} err {err:.1e} neval {info['neval']} "
              f"{info.get('message', '')!r}"[:200])
    # Infinite range with a log at the finite limit: PV integral_0^inf log(x) e^-x/(x - 1) dx.
    f = lambda x: mp.log(x) * mp.exp(-x)
    exact = pv(f, 0, 2, 1) + mp.quad(lambda x: f(x) / (x - 1), [2, mp.inf])
    print(f"{'PV log(x) e^-x/(x - 1) on [0, inf)':36s} exact {mp.nstr(exact, 20):>24s}")
    print("integral_1^inf e^-x log(x - 1) dx = -euler/e:", mp.nstr(-mp.euler / mp.e, 20))


if __name__ == "__main__":
    main()
