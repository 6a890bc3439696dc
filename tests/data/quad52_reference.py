#!/usr/bin/python3
"""Exact values (mpmath, 40 working digits, 30 significant digits kept) for QawfLowerLimit52Tests (audit quad52): QAWF on
[0, inf) with f singular at its finite limit 0, the guard for QAWF's sample of f at that limit.
Kind (w = cos(omega x) or sin(omega x), sine = 0 or 1), in the case format of tests/data/quad50_reference.py:
  pow-exp   x^q e^(-x)   (f(0) = 0 for q > 0, infinite for q < 0)
  int_0^inf x^q e^(-x) e^(i omega x) dx = Gamma(q + 1) / (1 - i omega)^(q + 1): cosine its real part, sine its imaginary part.
  step-exp  (x < d ? 1 : 1/2) e^(-x)   (as in quad50_reference.py; closed form from the exponential's pieces)
Family qawf-pow: q = -0.5, 0.1, 0.3, 0.5, omega = 0.5, 1, 10, 100; relTol 1e-4 ... 1e-12.
Family qawf-head-lo: step-exp at d = 0.003 next to the limit 0, omega = 0.1, 0.03 (the first cycle is QAWF's head).
--check compares each value (omega <= 10) with mpmath.quad split at the multiples of pi/(2 omega) up to 60, plus [60, inf).
Run: /usr/bin/python3 tests/data/quad52_reference.py > tests/data/quad52-reference.json
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 40
TOLERANCES = [1e-4, 1e-6, 1e-8, 1e-10, 1e-12]


def exact(q, omega, sine):
    z = mp.gamma(mp.mpf(q) + 1) / mp.mpc(1, -mp.mpf(omega)) ** (mp.mpf(q) + 1)
    return mp.im(z) if sine else mp.re(z)


def step_exact(d, omega, sine):
    c = mp.mpc(-1, mp.mpf(omega))
    d = mp.mpf(d)
    z = (mp.exp(c * d) - 1) / c - mp.exp(c * d) / c / 2
    return mp.im(z) if sine else mp.re(z)


def check(q, omega, sine):
    w = (lambda x: mp.sin(omega * x)) if sine else (lambda x: mp.cos(omega * x))
    g = lambda x: x ** mp.mpf(q) * mp.exp(-x) * w(x)
    zeros = [mp.mpf(0)] + [k * mp.pi / (2 * omega) for k in range(1, int(120 * omega / mp.pi) + 1)]
    head = mp.fsum(mp.quad(g, [zeros[i], zeros[i + 1]]) for i in range(len(zeros) - 1))
    return head + mp.quad(g, [zeros[-1], mp.inf])


def cases():
    out = []
    for q in [-0.5, 0.1, 0.3, 0.5]:
        for omega in [0.5, 1.0, 10.0, 100.0]:
            for sine in (0, 1):
                out.append({
                    "id": f"qawf-pow:pow-exp(sine={sine}, w={omega!r}, q={q!r})",
                    "family": "qawf-pow",
                    "params": {"kind": "pow-exp", "sine": sine, "w": omega, "b": "inf", "q": q},
                    "tolerances": TOLERANCES,
                    "exact": mp.nstr(exact(q, omega, sine), 30),
                })
    for omega in [0.1, 0.03]:
        for sine in (0, 1):
            out.append({
                "id": f"qawf-head-lo:step-exp(sine={sine}, w={omega!r}, d=0.003)",
                "family": "qawf-head-lo",
                "params": {"kind": "step-exp", "sine": sine, "w": omega, "b": "inf", "d": 0.003},
                "tolerances": TOLERANCES,
                "exact": mp.nstr(step_exact(0.003, omega, sine), 30),
            })
    return out


if __name__ == "__main__":
    if "--check" in sys.argv:
        worst = 0
        for c in cases():
            p = c["params"]
            if p["w"] > 10 or p["kind"] != "pow-exp":
                continue
            diff = abs(mp.mpf(c["exact"]) - check(p["q"], p["w"], p["sine"]))
            worst = max(worst, diff)
        print("largest difference from mpmath.quad (omega <= 10):", mp.nstr(worst, 3))
    else:
        json.dump({"generator": "tests/data/quad52_reference.py", "mpmath": mp.__version__, "dps": mp.mp.dps,
                   "cases": cases()}, sys.stdout, indent=1)
        print()
