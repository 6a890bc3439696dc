#!/usr/bin/python3
"""Reference values for QAWS with f infinite at an end where the weight is regular (exponent 0, no log)
(tests/BlasNet.Tests/Quadrature/PlainEndSingularityTests.cs): closed forms (Beta function and its
derivative), mpmath quad at 40 digits as a check, and SciPy 1.10.1's quad(weight='alg'/'alg-loga') (QUADPACK
QAWS) on the same problems at its defaults (epsabs 1.49e-8, epsrel 1.49e-8, limit 50) and at epsabs 0,
epsrel 1e-10, with numpy's f (inf at the end, as a C integrand would give).
Run with Debian's /usr/bin/python3 (python3-mpmath, python3-scipy).
"""
import warnings

import mpmath as mp
import numpy as np
from scipy.integrate import quad

mp.mp.dps = 40

CASES = [
    # name, f (mpmath), f (numpy), a, b, scipy weight, wvar, mpmath weight, closed form
    ("1/sqrt(1-x), alg(-1/2, 0) on [0, 1]", lambda x: 1 / mp.sqrt(1 - x), lambda x: 1 / np.sqrt(1 - x),
     0, 1, "alg", (-0.5, 0.0), lambda x: x ** -0.5, mp.pi),
    ("1/sqrt(x), alg(0, -1/2) on [0, 1]", lambda x: 1 / mp.sqrt(x), lambda x: 1 / np.sqrt(x),
     0, 1, "alg", (0.0, -0.5), lambda x: (1 - x) ** -0.5, mp.pi),
    ("log(1-x), alg(-1/2, 0) on [0, 1]", lambda x: mp.log(1 - x), lambda x: np.log(1 - x),
     0, 1, "alg", (-0.5, 0.0), lambda x: x ** -0.5, -4 + 4 * mp.log(2)),
    ("(1-x)^-0.9, alg(0, 0) on [0, 1]", lambda x: (1 - x) ** mp.mpf(-0.9), lambda x: (1 - x) ** -0.9,
     0, 1, "alg", (0.0, 0.0), lambda x: 1, mp.mpf(10)),
    ("1/sqrt(1-x), alg-loga(-1/2, 0) on [0, 1]", lambda x: 1 / mp.sqrt(1 - x), lambda x: 1 / np.sqrt(1 - x),
     0, 1, "alg-loga", (-0.5, 0.0), lambda x: x ** -0.5 * mp.log(x), -2 * mp.pi * mp.log(2)),
]


def main():
    for name, fm, fp, a, b, weight, wvar, wm, closed in CASES:
        # tanh-sinh loses digits on (1 - x)^-0.9; the closed form is the reference, mpmath the check.
        numeric = mp.quad(lambda x: wm(x) * fm(x), [a, (a + b) / mp.mpf(2), b])
        exact = closed
        print(name)
        print("  closed form:", mp.nstr(closed, 20), " mpmath quad:", mp.nstr(numeric, 20))
        for label, kw in (("defaults", {}), ("epsabs 0, epsrel 1e-10", {"epsabs": 0, "epsrel": 1e-10})):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with np.errstate(all="ignore"):
                    r = quad(fp, a, b, weight=weight, wvar=wvar, full_output=1, **kw)
            value, err, info = r[0], r[1], r[2]
            status = "ok" if len(r) == 3 else r[3].split(".")[0][:70]
            true = abs(value - float(exact)) if np.isfinite(value) else float("nan")
            print(f"  scipy {label}: value {value!r} est.err {err:.2e} true err {true:.2e} neval {info['neval']}"
                  f" [{status}]")


if __name__ == "__main__":
    main()
