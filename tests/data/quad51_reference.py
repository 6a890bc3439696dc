#!/usr/bin/python3
"""Exact values (mpmath, 40 working digits, 30 significant digits kept) for OscillatoryLimits51Tests and audit 51's sweep
(bench/quad50_oscillatory_limits_sweep.fsx reads this file as it reads quad50's): QAWO/QAWF with a kink or a step of f
between the outermost node of a rule applied at a limit of the range and the next node, and kinks and steps next to the
whole line's origin, where both halves start.
Kinds of f (w = cos(omega x) or sin(omega x), sine = 0 or 1; every d a double written with repr):
  kink       |x - d|                      step      (x < d ? 1 : 1/2)                      (QAWO on [0, 1])
  kink-exp   |x - d| e^(-x)               step-exp  (x < d ? 1 : 1/2) e^(-x)               (QAWF on [0, inf))
  kink-exp2  |x - d| e^(-|x|)             step-exp2 (x < d ? 1 : 1/2) e^(-|x|)            (the whole line, a = "-inf")
Families:
  qawo-band   [0, 1], omega 5, 10, 30, 1000 (the first rule is the modified Clenshaw-Curtis one, lambda = omega/2 > 2): d in
              the band between the rule's outermost point 0.5 (1 - cos(pi/24)) = 0.00428 and the next 0.5 (1 - cos(pi/12)) =
              0.01704, and d = 1 - that (the upper limit); kinks and steps. Also omega 1, 2 (the 15-point Kronrod rule,
              lambda <= 2): d between its outermost node 0.00430 and the next 0.0254. Two positions per omega, at a
              fraction of the band log-uniform in (1e-3, 1), and for omega 1, 10, 1000 audit 50's d = 0.004389177431058645
              (and 1 - d), its false claims.
  qawf-band   [0, inf), omega 1, 2: d in the band between the first cycle's outermost and next Chebyshev point (cycle L =
              (2 floor(omega) + 1) pi / omega, half h = L/2: h (1 - cos(pi/24)) ... h (1 - cos(pi/12))); kink-exp, step-exp.
  qawf-line   the whole line, omega 1, 3, 10: d = +-s, s log-uniform in (1e-4, 0.02), and audit 50's s = 0.0006315866503726058
              (its six understated failures); kink-exp2, step-exp2.
d from Python's random.Random(seed). Checked against SciPy's quad split at d (--check).
Run: /usr/bin/python3 tests/data/quad51_reference.py > tests/data/quad51-reference.json          (seed 51: the tests' file)
     /usr/bin/python3 tests/data/quad51_reference.py 5151 > /tmp/quad51-check.json                (the sweep's check)
     /usr/bin/python3 tests/data/quad51_reference.py --check                                       (SciPy against the values)
"""
import json
import math
import random
import sys

import mpmath as mp

mp.mp.dps = 40
I = mp.mpc(0, 1)


def pieces_integral(pieces, weight_exponent):
    """Sum over pieces (p, q, alpha, beta) of int_p^q (alpha + beta x) e^(g x) dx, g = weight_exponent(p) (p < q; an
    infinite end only where re g makes the term vanish)."""
    z = 0
    for p, q, alpha, beta in pieces:
        if p == q:
            continue
        g = weight_exponent(p)
        E = lambda x: 0 if x in (mp.inf, -mp.inf) else mp.exp(g * x) / g
        X = lambda x: 0 if x in (mp.inf, -mp.inf) else mp.exp(g * x) * (x / g - 1 / g ** 2)
        z += alpha * (E(q) - E(p)) + beta * (X(q) - X(p))
    return z


def exact(kind, sine, w, d, b):
    """The integral of w(x) f(x) by closed forms (complex exponentials, one per piece where f is alpha + beta x times
    an exponential)."""
    W, D = mp.mpf(w), mp.mpf(d)
    half = mp.mpf(1) / 2
    if kind in ("kink", "step"):
        B = mp.mpf(b)
        g = lambda p: I * W
        pieces = [(0, D, D, -1), (D, B, -D, 1)] if kind == "kink" else [(0, D, 1, 0), (D, B, half, 0)]
    elif kind in ("kink-exp", "step-exp"):
        g = lambda p: -1 + I * W
        pieces = [(0, D, D, -1), (D, mp.inf, -D, 1)] if kind == "kink-exp" else [(0, D, 1, 0), (D, mp.inf, half, 0)]
    elif kind in ("kink-exp2", "step-exp2"):
        g = lambda p: (-1 if p >= 0 else 1) + I * W
        # Pieces split at min(d, 0), 0 and max(d, 0); e^(x) left of 0, e^(-x) right of it.
        lo, hi = min(D, 0), max(D, 0)
        if kind == "kink-exp2":
            pieces = [(-mp.inf, lo, D, -1), (lo, 0, -D, 1), (0, hi, D, -1), (hi, mp.inf, -D, 1)]
        else:
            pieces = [(-mp.inf, lo, 1, 0), (lo, 0, half, 0), (0, hi, 1, 0), (hi, mp.inf, half, 0)]
    else:
        raise ValueError(kind)
    z = pieces_integral(pieces, g)
    return mp.im(z) if sine else mp.re(z)


def f_of(kind, d):
    return {"kink": lambda x: abs(x - d), "step": lambda x: 1.0 if x < d else 0.5,
            "kink-exp": lambda x: abs(x - d) * math.exp(-x), "step-exp": lambda x: (1.0 if x < d else 0.5) * math.exp(-x),
            "kink-exp2": lambda x: abs(x - d) * math.exp(-abs(x)),
            "step-exp2": lambda x: (1.0 if x < d else 0.5) * math.exp(-abs(x))}[kind]


SEED = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "--check" else 51
rng = random.Random(SEED)
cases = []
ALL = [1e-4, 1e-6, 1e-8, 1e-10, 1e-12]


def add(family, kind, sine, w, d, b, a=None):
    params = dict(kind=kind, sine=sine, w=w, b=b, d=d) | ({} if a is None else dict(a=a))
    name = f"{family}:{kind}(sine={sine}, w={w!r}, d={d!r})"
    cases.append(dict(id=name, family=family, params=params, tolerances=ALL, exact=mp.nstr(exact(kind, sine, w, d, b), 30)))


# The band between a rule's outermost point and the next, at the lower limit 0 of [0, 1] (and mirrored at 1).
fejer = (0.5 * (1 - math.cos(math.pi / 24)), 0.5 * (1 - math.cos(math.pi / 12)))
kronrod = (0.5 * (1 - 0.991455371120812639206854697526329), 0.5 * (1 - 0.949107912342758524526189684047851))
S50 = 0.004389177431058645  # audit 50's s, 0.9 % of the band beyond the Fejer points' outermost one
for w, band in ((1.0, kronrod), (2.0, kronrod), (5.0, fejer), (10.0, fejer), (30.0, fejer), (1000.0, fejer)):
    # Log-uniform in the band's fraction u from 1e-3 to 1: a feature just beyond the outermost point is the hardest to see.
    positions = [band[0] + (band[1] - band[0]) * math.exp(rng.uniform(math.log(1e-3), 0.0)) for _ in range(2)]
    for s in positions + ([S50] if w in (1.0, 10.0, 1000.0) else []):
        for kind in ("kink", "step"):
            for sine in (0, 1):
                add("qawo-band", kind, sine, w, s, 1.0)
                add("qawo-band", kind, sine, w, 1.0 - s, 1.0)
for w in (1.0, 2.0):
    h = (2 * math.floor(w) + 1) * math.pi / w / 2
    for _ in range(3):
        d = rng.uniform(h * (1 - math.cos(math.pi / 24)), h * (1 - math.cos(math.pi / 12)))
        for kind in ("kink-exp", "step-exp"):
            for sine in (0, 1):
                add("qawf-band", kind, sine, w, d, "inf")
S = sorted(math.exp(rng.uniform(math.log(1e-4), math.log(0.02))) for _ in range(3)) + [0.0006315866503726058]
for w in (1.0, 3.0, 10.0):
    for s in S:
        for kind in ("kink-exp2", "step-exp2"):
            for sine in (0, 1):
                for d in (s, -s):
                    add("qawf-line", kind, sine, w, d, "inf", a="-inf")

if "--check" in sys.argv:
    # mpmath.quad split at d and 0 (finite ranges; the infinite ones cut at 60, where e^(-x) is below 1e-26), and SciPy's
    # QAWO/QAWF split at d where it says it converged, against the stored values.
    import numpy as np
    from scipy import integrate
    worst_mp, worst_sp = 0.0, 0.0
    for c in cases:
        p = c["params"]
        k, w, d, b, sine = p["kind"], p["w"], p["d"], p["b"], p["sine"]
        A = -60.0 if p.get("a") == "-inf" else 0.0
        B = 60.0 if b == "inf" else b
        D, W = mp.mpf(d), mp.mpf(w)
        fm = {"kink": lambda x: abs(x - D), "step": lambda x: 1 if x < D else mp.mpf(1) / 2,
              "kink-exp": lambda x: abs(x - D) * mp.exp(-x), "step-exp": lambda x: (1 if x < D else mp.mpf(1) / 2) * mp.exp(-x),
              "kink-exp2": lambda x: abs(x - D) * mp.exp(-abs(x)),
              "step-exp2": lambda x: (1 if x < D else mp.mpf(1) / 2) * mp.exp(-abs(x))}[k]
        wt = (lambda x: mp.sin(W * x)) if sine else (lambda x: mp.cos(W * x))
        cuts = sorted(set([mp.mpf(A), mp.mpf(0), D, mp.mpf(B)]))
        cuts = [x for x in cuts if A <= x <= B]
        fine = [cuts[0]]
        for lo, hi in zip(cuts, cuts[1:]):
            n = max(1, int((hi - lo) * W / mp.pi))
            fine += [lo + (hi - lo) * j / n for j in range(1, n + 1)]
        v = mp.quad(lambda x: wt(x) * fm(x), fine)
        worst_mp = max(worst_mp, abs(float(v - mp.mpf(c["exact"]))))
        f = f_of(k, d)
        Bs = np.inf if b == "inf" else b
        As = -np.inf if p.get("a") == "-inf" else 0.0
        cs = sorted(set([As, 0.0, d, Bs]))
        total, ok = 0.0, True
        for lo, hi in zip(cs, cs[1:]):
            r = integrate.quad(f, lo, hi, weight="sin" if sine else "cos", wvar=w, epsabs=1e-13, epsrel=1e-12, limit=200,
                               full_output=1)
            ok = ok and len(r) == 3
            total += r[0]
        if ok:
            worst_sp = max(worst_sp, abs(total - float(c["exact"])))
    print(f"{len(cases)} cases; largest |mpmath.quad - exact|: {worst_mp:.3g}; largest |SciPy - exact| where SciPy converged: "
          f"{worst_sp:.3g}", file=sys.stderr)
    sys.exit(0)

json.dump(dict(generator="tests/data/quad51_reference.py", seed=SEED, mpmath=mp.__version__, dps=mp.mp.dps, cases=cases),
          sys.stdout, indent=1)
print()
