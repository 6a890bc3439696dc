#!/usr/bin/python3
"""Exact values (mpmath, 60 working digits, 40 significant digits kept) for UnsampledPoints41Tests.

Every parameter is a double written with repr (round-trips); the value is computed from that very double, so the C# test
integrates the same function mpmath did. Cases ('pv' is PV of f(x)/(x - c) over [a, b]):
  pvcutstep   f = x < d ? 1 : 1/2    log|d-c| - log|a-c| + (log|b-c| - log|d-c|)/2
  pvcutkink   f = |x - d|            -(d-a) - (c-d)(log|d-c| - log|a-c|) + (b-d) + (c-d)(log|b-c| - log|d-c|)
  pvlimitstep f = x < d ? 1 : 1/2    as pvcutstep, d next to a limit
  qagisteep   x < d ? e^(-x) : e^(-x)/2 on [0, inf)   1 - e^(-d)/2 (cross-checked by mpmath.quad split at d)
  limitstep   x < d ? 1 : 1/2 on [0, 1]                d + (1 - d)/2, d within the gap of QK21 next to 0 or 1 (a limit
              no rule samples: the README's bound, not a fix)
QAWC cuts an interval holding the pole c halfway between c and its far end (the point QUADPACK's dqawce takes). The cuts
are replayed here as the integrator makes them while it bisects the pole's interval (cuts()); d sits in the gap between a
cut and the outermost 15-point Kronrod node of the half beside it (the side away from the pole, 'kronrod'), or the same
distance into the pole's half ('pole'): a fraction of the gap 1 - 0.9914553711208126 of that half's half-length. The limit
cases put d that fraction of the gap of the quarter range (the widest Kronrod piece that can touch a limit) inside a limit.
The qagisteep cases put t = 1/(1 + d) that fraction of the gap beside t = 1/16 and 1/32, where QAGI cuts (0, 1/8] and (0,
1/16]: the integrand in t, e^(-(1-t)/t)/t^2, is steep there (it grows 700-fold across [1/16, 1/8]).
Run: /usr/bin/python3 quad41_reference.py > quad41-reference.json   (add --scipy to print SciPy 1.10 quad's outcome to
stderr). The mpmath version is written into the JSON.
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 60
GAP = 1 - 0.9914553711208126


def s(v):
    return mp.nstr(mp.mpf(v), 40)


def centre(a, b):
    return 0.5 * (a + b)


def cuts(a, b, c, n):
    """The first n cuts of the interval holding c, with the piece each cut splits (as CauchyPrincipalValueIntegrator)."""
    lo, hi, out = a, b, []
    for _ in range(n):
        m = centre(lo, hi)
        if lo < c <= m:
            m = centre(c, hi)
        elif m < c < hi:
            m = centre(lo, c)
        out.append((m, lo, hi))
        if c <= m:
            hi = m
        else:
            lo = m
    return out


def pv_step(a, b, c, d):
    am, bm, cm, dm = map(mp.mpf, (a, b, c, d))
    L = lambda x: mp.log(abs(x - cm))
    return L(dm) - L(am) + (L(bm) - L(dm)) / 2


def pv_kink(a, b, c, d):
    am, bm, cm, dm = map(mp.mpf, (a, b, c, d))
    L = lambda x: mp.log(abs(x - cm))
    return -(dm - am) - (cm - dm) * (L(dm) - L(am)) + (bm - dm) + (cm - dm) * (L(bm) - L(dm))


cases = []


def add(cid, family, a, b, exact, **params):
    cases.append(dict(id=cid, family=family, a=repr(a), b=repr(b), params=params, exact=s(exact)))


SETUPS = [(-1.0, 1.0, -0.9), (-1.0, 1.0, 0.1), (0.0, 10.0, 9.3)]
for a, b, c in SETUPS:
    for k, (m, lo, hi) in enumerate(cuts(a, b, c, 3)):
        for side in ("kronrod", "pole"):
            # The Kronrod half is the one away from c; 'pole' mirrors d into the half holding c.
            away = 1.0 if (c <= m) == (side == "kronrod") else -1.0
            far = hi if away > 0 else lo
            for frac in (0.3, 0.8):
                d = m + away * frac * GAP * abs(far - m) / 2
                add(f"pvcutstep(c={c!r}, cut {k}, {side}, d={d!r}) on [{a!r}, {b!r}]", "pvcutstep", a, b,
                    pv_step(a, b, c, d), c=c, d=d)
                add(f"pvcutkink(c={c!r}, cut {k}, {side}, d={d!r}) on [{a!r}, {b!r}]", "pvcutkink", a, b,
                    pv_kink(a, b, c, d), c=c, d=d)
    for frac in (0.3, 0.8):
        h = frac * GAP * (b - a) / 4
        for d in (a + h, b - h):
            add(f"pvlimitstep(c={c!r}, d={d!r}) on [{a!r}, {b!r}]", "pvlimitstep", a, b, pv_step(a, b, c, d), c=c, d=d)

for tc in (0.0625, 0.03125):
    for frac in (0.2, 0.7, -0.2, -0.7):
        td = tc + frac * GAP * tc / 2
        d = (1 - td) / td
        dm = mp.mpf(d)
        exact = 1 - mp.exp(-dm) / 2
        check = mp.quad(lambda x: mp.exp(-x), [0, dm]) + mp.quad(lambda x: mp.exp(-x) / 2, [dm, mp.inf])
        assert abs(check - exact) < mp.mpf(10) ** -40
        add(f"qagisteep(t={tc!r}, d={d!r})", "qagisteep", 0.0, float("inf"), exact, d=d)

GAP21 = 1 - 0.995657163025808080735527280689003
for frac in (0.1, 0.5, 0.9):
    h = frac * GAP21 * 0.5
    for d in (h, 1.0 - h):
        dm = mp.mpf(d)
        add(f"limitstep(d={d!r}) on [0.0, 1.0]", "limitstep", 0.0, 1.0, dm + (1 - dm) / 2, d=d)

if "--scipy" in sys.argv:
    import numpy as np
    from scipy.integrate import quad
    for cs in cases:
        p, a, b = cs["params"], float(cs["a"]), float(cs["b"])
        if cs["family"] == "limitstep":
            r = quad(lambda x: 1.0 if x < p["d"] else 0.5, a, b, full_output=1)
        elif cs["family"] == "qagisteep":
            r = quad(lambda x: np.exp(-x) if x < p["d"] else np.exp(-x) / 2, a, b, full_output=1)
        else:
            f = (lambda x: abs(x - p["d"])) if cs["family"] == "pvcutkink" else (lambda x: 1.0 if x < p["d"] else 0.5)
            r = quad(f, a, b, weight="cauchy", wvar=p["c"], full_output=1)
        print(cs["id"], r[0], r[1], "true error", abs(r[0] - float(cs["exact"])), file=sys.stderr)
    sys.exit(0)

json.dump(dict(generator="tests/data/quad41_reference.py", mpmath=mp.__version__, dps=mp.mp.dps, cases=cases), sys.stdout, indent=1)
print()
