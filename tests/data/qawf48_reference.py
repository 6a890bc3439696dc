#!/usr/bin/python3
"""Exact values (mpmath, 40 working digits, 30 significant digits kept) for OscillatoryCycleEnds48Tests and audit qawf48's
sweep (bench/quad50_oscillatory_limits_sweep.fsx reads this file as it reads quad50's): QAWF on [0, inf) with a kink or a
step of f between the outermost node of a rule applied at a cycle end (no limit of the range, but sampled by no rule) and
the next node, smooth controls, and the three runs audit 47 left claiming too little.
Kinds of f (w = cos(omega x) or sin(omega x), sine = 0 or 1; every d a double written with repr):
  kink-exp   |x - d| e^(-x)       step-exp  (x < d ? 1 : 1/2) e^(-x)       smooth-exp  e^(-x)
Families (L = (2 floor(omega) + 1) pi / omega, QAWF's cycle; h = L/2; the first rule on a cycle is the modified
Clenshaw-Curtis one at these omega, whose outermost points lie h (1 - cos(pi/24)) from the cycle's ends and the next ones
h (1 - cos(pi/12))):
  qawf-end-below  d in the band below the first cycle's end L: L - h (1 - cos(pi/24)) - u (band width), u log-uniform in
                  (1e-3, 1) (a feature just inside the outermost point is the hardest to see), two per omega;
  qawf-end-above  d in the band above L, next to the second cycle's lower end, alike;
  qawf-smooth     e^(-x) at each omega (controls: must stay Converged within their errors);
  qawf-cited      audit 50's two claims at the first cycle's end (cos x, step at d = 9.383410938051233, relTol 1e-4, 1.29 times
                  the reported error; sin(1000x), kink at d = 6.282356539683363, 1.27 times) and its qawf-lo claim at relTol
                  1e-12 (sin(1000x), step at d = 0.07989329351076148, 1.6 times), at every tolerance.
omega = 1, 2, 5, 10, 1000; d from Python's random.Random(seed). Checked against SciPy's quad split at d (--check: 91 of
the 93 cases converged there, within 1.8e-15 of the values).
Run: /usr/bin/python3 tests/data/qawf48_reference.py > tests/data/qawf48-reference.json          (seed 48: the tests' file)
     /usr/bin/python3 tests/data/qawf48_reference.py 4849 > /tmp/qawf48-check.json                 (other points)
     /usr/bin/python3 tests/data/qawf48_reference.py --check                                       (SciPy against the values)
"""
import json
import math
import random
import sys

import mpmath as mp

mp.mp.dps = 40
I = mp.mpc(0, 1)


def exact(kind, sine, w, d):
    """The integral over [0, inf) of w(x) f(x): f is (alpha + beta x) e^(-x) on each piece, integrated against e^(i omega x)
    in closed form."""
    W = mp.mpf(w)
    g = -1 + I * W
    E = lambda x: 0 if x == mp.inf else mp.exp(g * x) / g
    X = lambda x: 0 if x == mp.inf else mp.exp(g * x) * (x / g - 1 / g ** 2)
    half = mp.mpf(1) / 2
    if kind == "smooth-exp":
        pieces = [(0, mp.inf, 1, 0)]
    else:
        D = mp.mpf(d)
        pieces = [(0, D, D, -1), (D, mp.inf, -D, 1)] if kind == "kink-exp" else [(0, D, 1, 0), (D, mp.inf, half, 0)]
    z = sum(alpha * (E(q) - E(p)) + beta * (X(q) - X(p)) for p, q, alpha, beta in pieces)
    return mp.im(z) if sine else mp.re(z)


SEED = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "--check" else 48
rng = random.Random(SEED)
ALL = [1e-4, 1e-6, 1e-8, 1e-10, 1e-12]
cases = []


def add(family, kind, sine, w, d):
    params = dict(kind=kind, sine=sine, w=w, b="inf") | ({} if d is None else dict(d=d))
    name = f"{family}:{kind}(sine={sine}, w={w!r}" + ("" if d is None else f", d={d!r}") + ")"
    cases.append(dict(id=name, family=family, params=params, tolerances=ALL, exact=mp.nstr(exact(kind, sine, w, d), 30)))


for w in (1.0, 2.0, 5.0, 10.0, 1000.0):
    L = (2 * math.floor(w) + 1) * math.pi / w
    h = L / 2
    outer, nxt = h * (1 - math.cos(math.pi / 24)), h * (1 - math.cos(math.pi / 12))
    for family, sign in (("qawf-end-below", -1.0), ("qawf-end-above", 1.0)):
        for _ in range(2):
            u = math.exp(rng.uniform(math.log(1e-3), 0.0))
            d = L + sign * (outer + u * (nxt - outer))
            for kind in ("kink-exp", "step-exp"):
                for sine in (0, 1):
                    add(family, kind, sine, w, d)
    for sine in (0, 1):
        add("qawf-smooth", "smooth-exp", sine, w, None)
add("qawf-cited", "step-exp", 0, 1.0, 9.383410938051233)
add("qawf-cited", "kink-exp", 1, 1000.0, 6.282356539683363)
add("qawf-cited", "step-exp", 1, 1000.0, 0.07989329351076148)

if "--check" in sys.argv:
    # SciPy's quad split at d (QUADPACK's QAWO on [0, d], QAWF from d), where it says it converged, against the stored values.
    from scipy import integrate
    worst, n = 0.0, 0
    for c in cases:
        p = c["params"]
        k, w, sine, d = p["kind"], p["w"], p["sine"], p.get("d")
        f = {"kink-exp": lambda x: abs(x - d) * math.exp(-x), "step-exp": lambda x: (1.0 if x < d else 0.5) * math.exp(-x),
             "smooth-exp": lambda x: math.exp(-x)}[k]
        cuts = [0.0] + ([d] if d is not None else []) + [math.inf]
        total, ok = 0.0, True
        for lo, hi in zip(cuts, cuts[1:]):
            r = (integrate.quad(f, lo, hi, weight="sin" if sine else "cos", wvar=w, epsabs=1e-14, limlst=200, full_output=1)
                 if hi == math.inf else
                 integrate.quad(f, lo, hi, weight="sin" if sine else "cos", wvar=w, epsabs=1e-15, epsrel=1e-13, limit=400,
                                full_output=1))
            ok = ok and len(r) == 3
            total += r[0]
        if ok:
            n += 1
            worst = max(worst, abs(total - float(c["exact"])))
    print(f"{len(cases)} cases; SciPy converged on {n}, largest |SciPy - exact| there: {worst:.3g}", file=sys.stderr)
    sys.exit(0)

json.dump(dict(generator="tests/data/qawf48_reference.py", seed=SEED, mpmath=mp.__version__, dps=mp.mp.dps, cases=cases),
          sys.stdout, indent=1)
print()
