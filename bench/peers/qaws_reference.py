#!/usr/bin/python3
"""Reference values for Quad.Integrate with Weight.Algebraic (tests/BlasNet.Tests/Quadrature/WeightTests.cs):
mpmath (40 digits; Beta function, and tanh-sinh quadrature after substitutions that remove the end-point singularities) for the
exact values, SciPy's quad(weight='alg') (QUADPACK QAWS, epsabs 0, epsrel 1e-10) for its evaluation count.
Run with a Python that has mpmath and scipy (Debian: python3-mpmath, python3-scipy).
"""
import math

import mpmath as mp
from scipy.integrate import quad

mp.mp.dps = 40


def weighted_integral(f, a, b, alpha, beta):
    """∫_a^b (x − a)^α (b − x)^β f(x) dx with the singular factors removed by substitution: on [a, m],
    x − a = u^(1/(1+α)) turns (x − a)^α dx into du/(1 + α); on [m, b] likewise with b − x. Tanh-sinh on the
    raw integrand is not reliable here (it gave 0.81363728683 and 0.81363728696 for the last case)."""
    a, b, alpha, beta = mp.mpf(a), mp.mpf(b), mp.mpf(alpha), mp.mpf(beta)
    m = (a + b) / 2
    qa, qb = 1 / (1 + alpha), 1 / (1 + beta)
    left = mp.quad(lambda u: (b - (a + u**qa)) ** beta * f(a + u**qa), [0, (m - a) ** (1 + alpha)]) * qa
    right = mp.quad(lambda v: ((b - v**qb) - a) ** alpha * f(b - v**qb), [0, (b - m) ** (1 + beta)]) * qb
    return left + right
CASES = [
    # (name, f for mpmath, f for scipy, a, b, alpha, beta)
    ("1", lambda x: 1, lambda x: 1.0, 0, 1, -0.5, -0.5),
    ("1", lambda x: 1, lambda x: 1.0, 0, 1, 2.5, -0.9),
    ("1", lambda x: 1, lambda x: 1.0, 0, 1, -0.9, -0.9),
    ("1", lambda x: 1, lambda x: 1.0, 0, 1, -0.99, 0.3),
    ("cos x", mp.cos, math.cos, 0, 1, -0.5, -0.5),
    ("cos x", mp.cos, math.cos, 0, 1, 0.7, -0.3),
    ("exp x", mp.exp, math.exp, -1, 3, -0.5, 0.25),
    ("1/(1+x^2)", lambda x: 1 / (1 + x * x), lambda x: 1 / (1 + x * x), -2, 5, -0.75, -0.6),
]


def main():
    for name, fm, fs, a, b, al, be in CASES:
        if name == "1" and (a, b) == (0, 1):
            exact = mp.beta(al + 1, be + 1)
        else:
            exact = weighted_integral(fm, a, b, al, be)
        value, err, info = quad(fs, a, b, weight="alg", wvar=(al, be), epsabs=0, epsrel=1e-10, limit=500,
                                full_output=1)[:3]
        print(f"{name:10s} [{a}, {b}] alpha={al} beta={be}: exact {mp.nstr(exact, 20)}  "
              f"scipy {value!r} neval {info['neval']} true error {float(abs(value - exact)):.1e}")


if __name__ == "__main__":
    main()
