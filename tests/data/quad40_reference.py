#!/usr/bin/python3
"""Exact values (mpmath, 60 working digits, 40 significant digits kept) for GapAndStatus40Tests.

Every parameter is a double written with repr (round-trips); the value is computed from that very double, so the C# test
integrates the same function mpmath did. Cases (f on [a, b]; 'pv' is PV of f(x)/(x - c)):
  qagistep  x < d ? e^(-x) : e^(-x)/2 on [0, inf)     1 - e^(-d)/2 (also by mpmath.quad split at d, cross-checked)
  pvstep    x < d ? 1 : 1/2, pole c, on [a, b]        log|d-c| - log|a-c| + (log|b-c| - log|d-c|)/2
  peak      1/(x^2 + e^2) on [0, 1]                    atan(1/e)/e
The jump points d sit just beyond the centre of an interval QAGI (in t = 1/(1 + x)) or QAWC bisects, inside the gap before
the half's outermost 15-point Kronrod node (0.2 of the gap; the gap is 1 - 0.9914553711208126 of the half-length).
Run: python3 quad40_reference.py > quad40-reference.json   (add --scipy to print SciPy 1.10 quad's outcome to stderr).
The mpmath version is written into the JSON.
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 60
GAP = 1 - 0.9914553711208126


def s(v):
    return mp.nstr(mp.mpf(v), 40)


cases = []


def add(cid, family, a, b, exact, **params):
    cases.append(dict(id=cid, family=family, a=repr(a), b=repr(b), params=params, exact=s(exact)))


# QAGI: the first interval (0, 1] in t is bisected at 0.5, the next ones at 0.25 and 0.125; d maps t just above the centre
# (in the upper half's lower gap) and just below it (in the lower half's upper gap).
for tc, half in [(0.5, 0.25), (0.25, 0.125), (0.125, 0.0625)]:
    for side in (0.2, -0.2):
        td = tc + side * GAP * half
        d = (1 - td) / td
        dm = mp.mpf(d)
        exact = 1 - mp.exp(-dm) / 2
        check = mp.quad(lambda x: mp.exp(-x), [0, dm]) + mp.quad(lambda x: mp.exp(-x) / 2, [dm, mp.inf])
        assert abs(check - exact) < mp.mpf(10) ** -40
        add(f"qagistep(d={d!r})", "qagistep", 0.0, float("inf"), exact, d=d)

# QAWC: d just beyond the centre of a piece the Kronrod rule integrates (the pole well outside it).
for a, b, c, d in [(-1.0, 1.0, -0.9, -0.18744659606950509), (-1.0, 1.0, -0.9, -0.18755340393049491),
                   (0.0, 10.0, 9.3, 6.2489319213901018), (0.0, 10.0, 9.3, 3.1244659606950509),
                   (-1.0, 1.0, 0.1, 0.4995727685560406)]:
    am, bm, cm, dm = map(mp.mpf, (a, b, c, d))
    L = lambda x: mp.log(abs(x - cm))
    exact = L(dm) - L(am) + (L(bm) - L(dm)) / 2
    add(f"pvstep(c={c!r}, d={d!r}) on [{a!r}, {b!r}]", "pvstep", a, b, exact, c=c, d=d)

for e in [1e-6, 1e-5]:
    em = mp.mpf(e)
    add(f"peak(c=0.0, e={e!r}) on [0.0, 1.0]", "peak", 0.0, 1.0, mp.atan(1 / em) / em, e=e)

if "--scipy" in sys.argv:
    import numpy as np
    from scipy.integrate import quad
    for cs in cases:
        p, a, b = cs["params"], float(cs["a"]), float(cs["b"])
        if cs["family"] == "qagistep":
            r = quad(lambda x: np.exp(-x) if x < p["d"] else np.exp(-x) / 2, a, b, full_output=1)
        elif cs["family"] == "pvstep":
            r = quad(lambda x: 1.0 if x < p["d"] else 0.5, a, b, weight="cauchy", wvar=p["c"], full_output=1)
        else:
            r = quad(lambda x: 1 / (x * x + p["e"] ** 2), a, b, epsabs=0, epsrel=1e-8, full_output=1)
        print(cs["id"], r[0], r[1], "true error", abs(r[0] - float(cs["exact"])), file=sys.stderr)
    sys.exit(0)

json.dump(dict(generator="tests/data/quad40_reference.py", mpmath=mp.__version__, dps=mp.mp.dps, cases=cases), sys.stdout, indent=1)
print()
