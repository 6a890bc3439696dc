#!/usr/bin/python3
"""Exact values (mpmath, 40 working digits, 30 significant digits kept) for OscillatoryKinks48Tests and audit 48's sweep
(bench/quad48_oscillatory_kinks_sweep.fsx): QAWO/QAWF with a step or a kink of f inside the range, and smooth controls.
Families (w = cos(omega x) or sin(omega x), sine = 0 or 1; every d a double written with repr):
  qawo-step   int_0^1 w(x) (x < d ? 1 : 1/2) e^(-x) dx        qawo-kink   int_0^1 w(x) |x - d| dx
  qawf-step1  int_0^inf w(x) (x < d ? 1 : 1/2) / (1 + x) dx    qawf-stepe  int_0^inf w(x) (x < d ? 1 : 1/2) e^(-x) dx
  qawf-kink   int_0^inf w(x) |x - d| e^(-x) dx
  smooth      controls: int_0^1 w(x) e^x, 1/(1 + x^2) (numerically, mpmath.quad on the oscillation's zeros), log x (Si/Ci),
              1/sqrt x (Fresnel integrals)
d: 6 doubles uniform in (0, 1) and 5 in (0, 20) from Python's random.Random(seed); omega: QAWO 1 ... 1e4, QAWF 0.1 ... 100,
times the scale. Checked against SciPy's quad split at d (every case with omega <= 100 that SciPy converged on agreed to 1e-9).
Run: /usr/bin/python3 tests/data/quad48_reference.py > tests/data/quad48-reference.json   (seed 48, scale 1: the tests' file)
     /usr/bin/python3 tests/data/quad48_reference.py 4848 3 > /tmp/quad48-check.json   (the sweep's check on other points)
"""
import json
import random
import sys

import mpmath as mp

mp.mp.dps = 40
I = mp.mpc(0, 1)


def part(z, sine):
    return mp.im(z) if sine else mp.re(z)


def exp_piece(c, p, q):
    """int_p^q e^(c x) dx (q may be inf when re c < 0)."""
    if q == mp.inf:
        return -mp.exp(c * p) / c
    return (mp.exp(c * q) - mp.exp(c * p)) / c


def x_exp_piece(c, p, q):
    """int_p^q x e^(c x) dx."""
    F = lambda x: mp.exp(c * x) * (x / c - 1 / c ** 2)
    if q == mp.inf:
        return -F(p)
    return F(q) - F(p)


def exact(family, sine, w, d):
    W, D = mp.mpf(w), mp.mpf(d) if d is not None else None
    if family == "qawo-step":
        c = -1 + I * W
        z = exp_piece(c, 0, D) + exp_piece(c, D, 1) / 2
    elif family == "qawo-kink":
        c = I * W
        # |x - d| = (d - x) on [0, d], (x - d) on [d, 1]
        z = D * exp_piece(c, 0, D) - x_exp_piece(c, 0, D) + x_exp_piece(c, D, 1) - D * exp_piece(c, D, 1)
    elif family == "qawf-step1":
        # int_s^inf e^(i w x)/(1 + x) dx = e^(-i w) E1(-i w (1 + s))
        tail = lambda s: mp.exp(-I * W) * mp.e1(-I * W * (1 + s))
        z = tail(0) - tail(D) / 2
    elif family == "qawf-stepe":
        c = -1 + I * W
        z = exp_piece(c, 0, D) + exp_piece(c, D, mp.inf) / 2
    elif family == "qawf-kink":
        c = -1 + I * W
        z = D * exp_piece(c, 0, D) - x_exp_piece(c, 0, D) + x_exp_piece(c, D, mp.inf) - D * exp_piece(c, D, mp.inf)
    elif family == "smooth-exp":
        z = exp_piece(1 + I * W, 0, 1)
    elif family == "smooth-lorentz":
        g = lambda x: (mp.sin(W * x) if sine else mp.cos(W * x)) / (1 + x * x)
        zeros = [mp.mpf(0)] + [k * mp.pi / (2 * W) for k in range(1, int(2 * W / mp.pi) + 1)] + [mp.mpf(1)]
        return mp.quad(g, zeros)
    elif family == "smooth-log":
        return -(mp.euler + mp.log(W) - mp.ci(W)) / W if sine else -mp.si(W) / W
    elif family == "smooth-rsqrt":
        t = mp.sqrt(2 * W / mp.pi)
        return 2 * mp.sqrt(mp.pi / (2 * W)) * (mp.fresnels(t) if sine else mp.fresnelc(t))
    else:
        raise ValueError(family)
    return part(z, sine)


SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 48
SCALE = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
rng = random.Random(SEED)
D01 = sorted(rng.uniform(0.0, 1.0) for _ in range(6))
D20 = sorted(rng.uniform(0.0, 20.0) for _ in range(5))
QAWO_W = [SCALE * w for w in (1.0, 10.0, 100.0, 1000.0, 10000.0)]
QAWF_W = [SCALE * w for w in (0.1, 1.0, 10.0, 100.0)]
cases = []


def add(family, sine, w, d):
    params = dict(sine=sine, w=w) if d is None else dict(sine=sine, w=w, d=d)
    name = f"{family}(sine={sine}, w={w!r}" + ("" if d is None else f", d={d!r}") + ")"
    cases.append(dict(id=name, family=family, params=params, exact=mp.nstr(exact(family, sine, w, d), 30)))


for family in ("qawo-step", "qawo-kink"):
    for d in D01:
        for w in QAWO_W:
            for sine in (0, 1):
                add(family, sine, w, d)
for family in ("qawf-step1", "qawf-stepe", "qawf-kink"):
    for d in D20:
        for w in QAWF_W:
            for sine in (0, 1):
                add(family, sine, w, d)
for family in ("smooth-exp", "smooth-lorentz", "smooth-log", "smooth-rsqrt"):
    for w in QAWO_W:
        for sine in (0, 1):
            add(family, sine, w, None)
json.dump(dict(generator="tests/data/quad48_reference.py", seed=SEED, scale=SCALE, mpmath=mp.__version__, dps=mp.mp.dps,
               tolerances=[1e-4, 1e-6, 1e-8, 1e-10, 1e-12], cases=cases), sys.stdout, indent=1)
print()
