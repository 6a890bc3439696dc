#!/usr/bin/python3
"""Exact values (mpmath, 40 working digits, 30 significant digits kept) for OscillatoryLimits50Tests and audit 50's sweep
(bench/quad50_oscillatory_limits_sweep.fsx): QAWO/QAWF with a step or a kink of f in an interval that touches a limit of the
range (next to a, next to b, and for QAWF next to either end of the first cycle), and QAWF at omega = 300.
Kinds of f (w = cos(omega x) or sin(omega x), sine = 0 or 1; every d a double written with repr):
  step-exp  (x < d ? 1 : 1/2) e^(-x)      step-rat  (x < d ? 1 : 1/2) / (1 + x)      kink-exp  |x - d| e^(-x)
  kink      |x - d|                        smooth-exp e^(-x)   smooth-rat 1/(1 + x)   smooth-rat2 1/(1 + x)^2
Ranges: [0, 1] (QAWO, b = 1) and [0, inf) (QAWF, b = "inf").
Families:
  qawo-lo / qawo-hi      steps and kinks at d = s and d = 1 - s, s log-uniform in (1e-4, 0.2); omega 1 ... 1e4
  qawf-lo / qawf-hi      steps and kinks at d = s·L and d = (1 - s)·L, L = (2 floor(omega) + 1) pi / omega the first
                         cycle; omega 1 ... 1e3
  qawf-head              omega = 0.1, 0.03, where the first cycle (pi/omega) is QAWF's head, cut at 1, 2, 4, 8, 16, ...:
                         d = (1 - s)·L and d = (1 - s)·16
  qawf-line              the whole line (a = "-inf"), kinds step-exp2 (x < d ? 1 : 1/2) e^(-|x|) and kink-exp2
                         |x - d| e^(-|x|), d = s and -s (next to 0, where both halves start); omega 1, 10, 100
  qawf-300               omega = 300 (tolerances 1e-10, 1e-12 only): smooth e^(-x), 1/(1 + x), 1/(1 + x)^2, and kinks
                         |x - d| e^(-x) with d in (0, 20)
d from Python's random.Random(seed). Checked against SciPy's quad split at d (--check).
Run: /usr/bin/python3 tests/data/quad50_reference.py > tests/data/quad50-reference.json          (seed 50: the tests' file)
     /usr/bin/python3 tests/data/quad50_reference.py 5050 > /tmp/quad50-check.json                (the sweep's check)
"""
import json
import math
import random
import sys

import mpmath as mp

mp.mp.dps = 40
I = mp.mpc(0, 1)


def exp_piece(c, p, q):
    """int_p^q e^(c x) dx (q may be inf when re c < 0)."""
    if q == mp.inf:
        return -mp.exp(c * p) / c
    return (mp.exp(c * q) - mp.exp(c * p)) / c


def x_exp_piece(c, p, q):
    """int_p^q x e^(c x) dx."""
    F = lambda x: mp.exp(c * x) * (x / c - 1 / c ** 2)
    return -F(p) if q == mp.inf else F(q) - F(p)


def rat_piece(W, p, q):
    """int_p^q e^(i W x) / (1 + x) dx = e^(-i W) (E1(-i W (1 + p)) - E1(-i W (1 + q)))."""
    tail = lambda s: mp.mpf(0) if s == mp.inf else mp.exp(-I * W) * mp.e1(-I * W * (1 + s))
    return tail(p) - tail(q)


def exact(kind, sine, w, d, b):
    W = mp.mpf(w)
    B = mp.inf if b == "inf" else mp.mpf(b)
    D = mp.mpf(d) if d is not None else None
    c = -1 + I * W
    if kind == "step-exp":
        z = exp_piece(c, 0, D) + exp_piece(c, D, B) / 2
    elif kind == "step-rat":
        z = rat_piece(W, 0, D) + rat_piece(W, D, B) / 2
    elif kind == "kink-exp":
        z = D * exp_piece(c, 0, D) - x_exp_piece(c, 0, D) + x_exp_piece(c, D, B) - D * exp_piece(c, D, B)
    elif kind == "kink":
        c = I * W
        z = D * exp_piece(c, 0, D) - x_exp_piece(c, 0, D) + x_exp_piece(c, D, B) - D * exp_piece(c, D, B)
    elif kind == "smooth-exp":
        z = exp_piece(c, 0, B)
    elif kind == "smooth-rat":
        z = rat_piece(W, 0, B)
    elif kind == "smooth-rat2":
        # by parts: [-e^(iWx)/(1 + x)]_0^B + i W int_0^B e^(iWx)/(1 + x) dx
        z = 1 - (0 if B == mp.inf else mp.exp(I * W * B) / (1 + B)) + I * W * rat_piece(W, 0, B)
    elif kind in ("step-exp2", "kink-exp2"):
        # on the whole line, e^(-|x|): pieces of (alpha + beta x) e^(g x), g = c for x >= 0 and 1 + i W for x <= 0
        g = lambda p, q: c if p >= 0 else 1 + I * W
        if kind == "step-exp2":
            pieces = [(-mp.inf, min(D, 0), 1, 0), (min(D, 0), 0, mp.mpf(1) / 2, 0), (0, max(D, 0), 1, 0),
                      (max(D, 0), mp.inf, mp.mpf(1) / 2, 0)]
        else:
            pieces = [(-mp.inf, min(D, 0), D, -1), (min(D, 0), 0, -D, 1), (0, max(D, 0), D, -1), (max(D, 0), mp.inf, -D, 1)]
        z = 0
        for p, q, alpha, beta in pieces:
            if p == q:
                continue
            G = g(p, q)
            E = lambda x: 0 if x in (mp.inf, -mp.inf) else mp.exp(G * x) / G
            X = lambda x: 0 if x in (mp.inf, -mp.inf) else mp.exp(G * x) * (x / G - 1 / G ** 2)
            z += alpha * (E(q) - E(p)) + beta * (X(q) - X(p))
    else:
        raise ValueError(kind)
    return mp.im(z) if sine else mp.re(z)


SEED = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "--check" else 50
rng = random.Random(SEED)
S = sorted(math.exp(rng.uniform(math.log(1e-4), math.log(0.2))) for _ in range(4))
D20 = sorted(rng.uniform(0.0, 20.0) for _ in range(4))
cases = []


def add(family, kind, sine, w, d, b, tolerances, a=None):
    params = dict(kind=kind, sine=sine, w=w, b=b) | ({} if d is None else dict(d=d)) | ({} if a is None else dict(a=a))
    name = f"{family}:{kind}(sine={sine}, w={w!r}" + ("" if d is None else f", d={d!r}") + ")"
    cases.append(dict(id=name, family=family, params=params, tolerances=tolerances,
                      exact=mp.nstr(exact(kind, sine, w, d, b), 30)))


ALL = [1e-4, 1e-6, 1e-8, 1e-10, 1e-12]
for w in (1.0, 10.0, 100.0, 1000.0, 10000.0):
    for s in S:
        for kind in ("step-exp", "kink"):
            for sine in (0, 1):
                add("qawo-lo", kind, sine, w, s, 1.0, ALL)
                add("qawo-hi", kind, sine, w, 1.0 - s, 1.0, ALL)
for w in (1.0, 10.0, 100.0, 1000.0):
    cycle = (2 * math.floor(w) + 1) * math.pi / w
    for s in S:
        for kind in ("step-exp", "step-rat", "kink-exp"):
            for sine in (0, 1):
                add("qawf-lo", kind, sine, w, s * cycle, "inf", ALL)
                add("qawf-hi", kind, sine, w, (1.0 - s) * cycle, "inf", ALL)
for w in (0.1, 0.03):
    cycle = (2 * math.floor(w) + 1) * math.pi / w
    for s in S:
        for kind in ("step-exp", "step-rat", "kink-exp"):
            for sine in (0, 1):
                add("qawf-head", kind, sine, w, (1.0 - s) * cycle, "inf", ALL)
                add("qawf-head", kind, sine, w, (1.0 - s) * 16.0, "inf", ALL)
for w in (1.0, 10.0, 100.0):
    for s in S:
        for kind in ("step-exp2", "kink-exp2"):
            for sine in (0, 1):
                for d in (s, -s):
                    add("qawf-line", kind, sine, w, d, "inf", ALL, a="-inf")
for sine in (0, 1):
    for kind in ("smooth-exp", "smooth-rat", "smooth-rat2"):
        add("qawf-300", kind, sine, 300.0, None, "inf", [1e-10, 1e-12])
    for d in D20:
        add("qawf-300", "kink-exp", sine, 300.0, d, "inf", [1e-10, 1e-12])

if "--check" in sys.argv:
    # SciPy's QAWO/QAWF split at d (only where it says it converged), against the stored values.
    import numpy as np
    from scipy import integrate
    worst = 0.0
    for c in cases:
        p = c["params"]
        k, w, d, b = p["kind"], p["w"], p.get("d"), p["b"]
        f = {"step-exp": lambda x: (1.0 if x < d else 0.5) * math.exp(-x), "step-rat": lambda x: (1.0 if x < d else 0.5) / (1 + x),
             "kink-exp": lambda x: abs(x - d) * math.exp(-x), "kink": lambda x: abs(x - d), "smooth-exp": lambda x: math.exp(-x),
             "smooth-rat": lambda x: 1 / (1 + x), "smooth-rat2": lambda x: 1 / (1 + x) ** 2,
             "step-exp2": lambda x: (1.0 if x < d else 0.5) * math.exp(-abs(x)), "kink-exp2": lambda x: abs(x - d) * math.exp(-abs(x))}[k]
        wt = "sin" if p["sine"] else "cos"
        B = np.inf if b == "inf" else b
        A = -np.inf if p.get("a") == "-inf" else 0.0
        cuts = sorted(set([A, 0.0] + ([d] if d is not None else []) + [B]))
        total, ok = 0.0, True
        for lo, hi in zip(cuts, cuts[1:]):
            r = integrate.quad(f, lo, hi, weight=wt, wvar=w, epsabs=1e-13, epsrel=1e-12, limit=200, full_output=1)
            ok = ok and len(r) == 3
            total += r[0]
        if ok:
            worst = max(worst, abs(total - float(c["exact"])))
    print("largest |SciPy - exact| where SciPy converged:", worst, file=sys.stderr)
    sys.exit(0)

json.dump(dict(generator="tests/data/quad50_reference.py", seed=SEED, mpmath=mp.__version__, dps=mp.mp.dps, cases=cases),
          sys.stdout, indent=1)
print()
