#!/usr/bin/python3
"""Honesty battery for Quad.Integrate / Quad.IntegrateVector (QAGS, QAGI, QAGP, quad_vec-style).

  quad_honesty_battery.py gen  CASES.jsonl [N SEED]   seeded cases with mpmath references (40 digits)
  quad_honesty_battery.py gen-pieces CASES.jsonl     infinite ranges with breakpoints (split into pieces)
  (run the F# runner bench/peers/quad_honesty_battery.fsx on CASES.jsonl -> OURS.jsonl)
  quad_honesty_battery.py cmp  CASES.jsonl OURS.jsonl   SciPy quad / quad_vec on the same cases + summary

Integrands are written identically in Python and F# (family code + parameters, see f()). Reference values are
closed forms evaluated in mpmath at 40 digits. Categories reported:
 (a) Converged but |value - ref| > estimated error (understatement), beside SciPy's rate (ier == 0) on the same cases;
 (b) non-success though |value - ref| <= max(epsabs, epsrel |ref|) and SciPy ier == 0;
 (c) exception / hang (cancelled at 20 s) / NaN with success / evaluations above 21 (2 limit - 1) (finite) or
     15 (2 limit - 1) (infinite) per piece;
 (d) converged with evaluations > 3x SciPy's neval.
"""
import json, math, random, sys
import mpmath as mp

mp.mp.dps = 40
INF = float("inf")


def f(fam, p, S, x):
    if fam == 0: return S * math.exp(p[0] * x) * math.cos(p[1] * x)
    if fam == 1: return S * math.sin(p[0] * x)
    if fam == 2: return S * x ** p[0] * (1.0 - x) ** p[1]
    if fam == 3: return S * x ** p[0] * math.exp(-x)
    if fam == 4: return S * x ** p[0] * math.log(x)
    if fam == 5: return S * (abs(x - p[0]) + math.cos(x))
    if fam == 6: return S * ((p[1] if x < p[0] else 0.0) + math.cos(x))
    if fam == 7: return S * abs(x - p[0]) ** p[1]
    if fam == 8: return S / ((x - p[0]) ** 2 + p[1] ** 2)
    if fam == 10: return S * math.exp(-(x - p[0]) ** 2 / (2 * p[1] ** 2))
    if fam == 11: return S / (p[0] + x) ** p[1]
    if fam == 12: return S / (p[1] ** 2 + (x - p[0]) ** 2) ** p[2]
    if fam == 13: return S * math.exp(p[0] * x)
    if fam == 14: return S * abs(x - p[0]) ** p[1] * math.exp(-p[2] * abs(x - p[0]))
    if fam == 15: return S * (p[1] if x < p[0] else 1.0) * math.exp(-p[2] * abs(x - p[0]))
    raise ValueError(fam)


def ref(fam, p, S, a, b):
    P = [mp.mpf(v) for v in p]; A = mp.mpf(a) if math.isfinite(a) else a; B = mp.mpf(b) if math.isfinite(b) else b
    S = mp.mpf(S)
    if fam == 0:
        def F(x):
            if x == INF: return mp.mpf(0)
            return mp.exp(P[0] * x) * (P[0] * mp.cos(P[1] * x) + P[1] * mp.sin(P[1] * x)) / (P[0] ** 2 + P[1] ** 2)
        return S * (F(B) - F(A))
    if fam == 1: return S * (mp.cos(P[0] * A) - mp.cos(P[0] * B)) / P[0]
    if fam == 2: return S * mp.beta(P[0] + 1, P[1] + 1)
    if fam == 3: return S * mp.gammainc(P[0] + 1, A, B)
    if fam == 4:
        F = lambda x: x ** (P[0] + 1) * (mp.log(x) / (P[0] + 1) - 1 / (P[0] + 1) ** 2)
        return S * F(B)
    if fam == 5:
        c = P[0]
        k = ((B - c) * abs(B - c) - (A - c) * abs(A - c)) / 2
        return S * (k + mp.sin(B) - mp.sin(A))
    if fam == 6:
        c = P[0]
        return S * (P[1] * (min(B, c) - A if c > A else 0) + mp.sin(B) - mp.sin(A))
    if fam == 7:
        c, al = P
        return S * (abs(A - c) ** (al + 1) + abs(B - c) ** (al + 1)) / (al + 1)
    if fam == 8:
        c, e = P
        return S * (mp.atan((B - c) / e) - mp.atan((A - c) / e)) / e
    if fam == 10:
        m, s = P
        # upper tail Q(x) = P(X > x) through erfc, so far tails keep their digits
        Q = lambda x: (mp.mpf(0) if x == INF else mp.mpf(1) if x == -INF else mp.erfc((x - m) / (s * mp.sqrt(2))) / 2)
        P_ = lambda x: mp.erfc((m - x) / (s * mp.sqrt(2))) / 2   # lower tail P(X < x)
        mass = P_(B) if A == -INF else Q(A) - Q(B)
        return S * s * mp.sqrt(2 * mp.pi) * mass
    if fam == 11:
        c, q = P
        return S * (c + A) ** (1 - q) / (q - 1)
    if fam == 12:
        m, s, q = P
        return S * s ** (1 - 2 * q) * mp.sqrt(mp.pi) * mp.gamma(q - mp.mpf(1) / 2) / mp.gamma(q)
    if fam == 13: return S * mp.exp(P[0] * B) / P[0]
    if fam in (14, 15):   # one-sided pieces about c: int_0^d t^al e^(-lam t) dt (al = 0 for 15, left side times h)
        c, q, lam = P
        al, h = (q, 1) if fam == 14 else (mp.mpf(0), q)
        side = lambda d: mp.gammainc(al + 1, 0, lam * d) / lam ** (al + 1) if d == INF else \
            (mp.gammainc(al + 1, 0, lam * d) / lam ** (al + 1) if d > 0 else mp.mpf(0))
        left = side(INF) if A == -INF else side(c - A)
        right = side(INF) if B == INF else side(B - c)
        return S * (h * left + right)
    raise ValueError(fam)


TOLS = [(1e-14, 0), (0, 1.2e-14), (1e-12, 0), (0, 1e-12), (1e-10, 1e-10), (0, 1e-10), (0, 1e-8), (1e-8, 0),
        (1e-6, 1e-6), (1e-4, 1e-4)]
LIMITS = [5, 10, 20, 50, 100, 200]


def gen(path, n=3000, seed=20261203):
    rng = random.Random(seed)
    lu = lambda lo, hi: 10 ** rng.uniform(math.log10(lo), math.log10(hi))
    cases = []
    while len(cases) < n:
        fam = rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 10, 11, 12, 13, 0])
        S = rng.choice([1.0] * 8 + [1e300, 1e-300, 1e200, 1e-200, 1e-150])
        pts = []
        if fam == 0:
            if rng.random() < 0.3:   # decaying oscillation on [a, inf)
                p = [-lu(0.05, 5), rng.choice([0.0, lu(0.1, 100)])]; a = rng.uniform(-2, 5); b = INF
            else:
                p = [rng.uniform(-3, 3), rng.choice([lu(0.1, 1e3), lu(1, 1e3), 0.0])]; a = rng.uniform(-3, 1); b = a + lu(0.1, 10)
        elif fam == 1:
            p = [lu(0.5, 1e3)]; a = rng.uniform(-1, 1); b = a + lu(0.5, 10)
        elif fam == 2:
            p = [rng.uniform(-0.95, 0.95), rng.choice([0.0, rng.uniform(-0.95, 0.95)])]; a, b = 0.0, 1.0
        elif fam == 3:
            p = [rng.uniform(-0.95, 0.95)]; a = 0.0; b = rng.choice([lu(0.1, 20), INF])
        elif fam == 4:
            p = [rng.choice([0.0, rng.uniform(-0.9, 0.9)])]; a = 0.0; b = lu(0.1, 10)
        elif fam in (5, 6, 7):
            a = rng.uniform(-2, 0); b = a + lu(0.5, 5); c = a + (b - a) * rng.uniform(0.05, 0.95)
            p = [c] if fam == 5 else [c, rng.uniform(-3, 3)] if fam == 6 else [c, rng.uniform(-0.9, 0.9)]
            if rng.random() < 0.5: pts = [c]
        elif fam == 8:
            a = rng.uniform(-1, 0); b = a + lu(0.5, 4); c = a + (b - a) * rng.uniform(0.02, 0.98)
            p = [c, lu(1e-8, 1)]
            if rng.random() < 0.4: pts = [c]
            if S > 1e100: S = 1e290
        elif fam == 10:
            p = [rng.uniform(-5, 5), lu(0.1, 30)]
            a, b = rng.choice([(-INF, INF), (rng.uniform(-10, 10), INF), (-INF, rng.uniform(-10, 10))])
        elif fam == 11:
            p = [lu(0.1, 10), rng.uniform(1.1, 4)]; a = rng.uniform(0, 5); b = INF
        elif fam == 12:
            p = [rng.uniform(-3, 3), lu(0.3, 5), rng.uniform(0.6, 3)]; a, b = -INF, INF
        elif fam == 13:
            p = [lu(0.05, 5)]; a = -INF; b = rng.uniform(-3, 3)
        ea, er = rng.choice(TOLS)
        if rng.random() < 0.01: ea, er = 0.0, 1e-14
        lim = rng.choice(LIMITS)
        r = ref(fam, p, S, a, b)
        cases.append(dict(id=len(cases), kind="s", fam=fam, p=p, S=S, a=a, b=b, epsabs=ea, epsrel=er, limit=lim,
                          points=pts, ref=[mp.nstr(r, 35)]))
    # vector cases: 3 components of one family sharing the range
    nv = n // 10
    for _ in range(nv):
        fam = rng.choice([0, 3, 8, 11, 2])
        comps = []
        if fam == 0:
            a = rng.uniform(-2, 1); b = rng.choice([a + lu(0.5, 5), INF])
            for _k in range(3): comps.append([-lu(0.1, 3) if b == INF else rng.uniform(-2, 2), lu(0.1, 200)])
        elif fam == 3:
            a = 0.0; b = rng.choice([lu(1, 10), INF])
            for _k in range(3): comps.append([rng.uniform(-0.9, 0.9)])
        elif fam == 8:
            a, b = 0.0, 1.0
            for _k in range(3): comps.append([rng.uniform(0.05, 0.95), lu(1e-4, 1)])
        elif fam == 11:
            a = 0.0; b = INF
            for _k in range(3): comps.append([lu(0.2, 5), rng.uniform(1.5, 4)])
        elif fam == 2:
            a, b = 0.0, 1.0
            for _k in range(3): comps.append([rng.uniform(-0.5, 0.9), 0.0])
        ea, er = rng.choice(TOLS[2:])
        lim = rng.choice(LIMITS)
        cases.append(dict(id=len(cases), kind="v", fam=fam, comps=comps, S=1.0, a=a, b=b, epsabs=ea, epsrel=er,
                          limit=lim, points=[], ref=[mp.nstr(ref(fam, c, 1.0, a, b), 35) for c in comps]))
    with open(path, "w") as out:
        for c in cases:
            out.write(json.dumps(c) + "\n")
    print(f"{len(cases)} cases -> {path}")


def gen_pieces(path, n=3000, seed=9):
    """Infinite ranges with breakpoints (SciPy's quad takes no points there: its columns stay empty):
    |x - c|^al e^(-lam |x - c|) and a jump at c times e^(-lam |x - c|), scalar and 3-component vector."""
    rng = random.Random(seed); cases = []
    for i in range(n):
        lu = lambda lo, hi: 10 ** rng.uniform(math.log10(lo), math.log10(hi))
        fam = rng.choice([14, 15]); c = rng.uniform(-10, 10); lam = lu(0.03, 30)
        p = [c, rng.uniform(-0.9, 0.9) if fam == 14 else rng.uniform(-3, 3), lam]
        a, b = rng.choice([(-INF, INF), (c - lu(0.1, 20), INF), (-INF, c + lu(0.1, 20))])
        pts = [c] if rng.random() < 0.8 else []
        if pts and rng.random() < 0.3:
            lo = a if math.isfinite(a) else c - 5; hi = b if math.isfinite(b) else c + 5
            pts = sorted(set(pts + [rng.uniform(lo, hi)]))
        kind = "v" if rng.random() < 0.2 else "s"
        ea, er = rng.choice([(0, 1e-4), (0, 1e-6), (0, 1e-8), (0, 1e-10), (0, 1e-12), (1e-10, 0)])
        lim = rng.choice([10, 20, 50, 200])
        if kind == "s":
            cases.append(dict(id=i, kind="s", fam=fam, p=p, S=1.0, a=a, b=b, epsabs=ea, epsrel=er, limit=lim, points=pts,
                              ref=[mp.nstr(ref(fam, p, 1.0, a, b), 35)]))
        else:
            comps = [p, [c, p[1] * 0.5, lam * 2], [c, -p[1] if fam == 15 else p[1] * 0.3, lam * 0.7]]
            cases.append(dict(id=i, kind="v", fam=fam, comps=comps, S=1.0, a=a, b=b, epsabs=ea, epsrel=er, limit=lim,
                              points=pts, ref=[mp.nstr(ref(fam, q, 1.0, a, b), 35) for q in comps]))
    with open(path, "w") as out:
        for c in cases:
            out.write(json.dumps(c) + "\n")
    print(f"{len(cases)} cases -> {path}")


def cmp(cpath, opath):
    import warnings
    import numpy as np
    from scipy.integrate import quad, quad_vec
    warnings.simplefilter("ignore")
    cases = {c["id"]: c for c in map(json.loads, open(cpath))}
    ours = {o["id"]: o for o in map(json.loads, open(opath))}
    A, B, C, D, Cm = [], [], [], [], []
    ua = us = nconv = nsconv = 0; ev_ours = ev_sp = 0; both = 0
    per_fam = {}
    for i, c in cases.items():
        o = ours.get(i)
        if o is None: C.append((i, "missing (crash?)")); continue
        refs = [float(mp.mpf(r)) for r in c["ref"]]
        a, b = c["a"], c["b"]
        kw = dict(epsabs=c["epsabs"], epsrel=c["epsrel"], limit=c["limit"])
        try:
            if c["kind"] == "s":
                g = lambda x: f(c["fam"], c["p"], c["S"], x)
                if c["points"]: kw["points"] = c["points"]
                r = quad(g, a, b, full_output=1, **kw)
                sv, se, sn, sier = r[0], r[1], r[2]["neval"], (r[3] if len(r) > 3 and isinstance(r[3], str) else None)
                sier = 0 if len(r) == 3 else (6 if "invalid" in r[3].lower() else 1)
                sv_l, se_l = [sv], [se]
            else:
                g = lambda x: np.array([f(c["fam"], q, 1.0, x) for q in c["comps"]])
                r, err, info = quad_vec(g, a, b, epsabs=c["epsabs"], epsrel=c["epsrel"], limit=c["limit"], norm="max",
                                        full_output=True, points=c["points"] or None)
                sv_l = list(r); se_l = [err] * len(r); sn = info.neval; sier = info.status
        except Exception as e:  # noqa
            sv_l, se_l, sn, sier = [math.nan], [math.nan], 0, 99
        st = o["status"]
        if o.get("exception"):
            if c["epsabs"] == 0 and c["epsrel"] < 50 * 2.220446049250313e-16 and "50" in o["exception"]:
                continue  # both reject the tolerance as invalid
            C.append((i, "exception " + o["exception"])); continue
        vals, errs = o["values"], o["errors"]
        conv = st == "Converged"
        true = [abs(v - r_) for v, r_ in zip(vals, refs)]
        tol = max(c["epsabs"], c["epsrel"] * max(abs(r_) for r_ in refs))
        fam = per_fam.setdefault((c["kind"], c["fam"], bool(c["points"])), [0, 0, 0, 0, 0])
        if conv:
            nconv += 1; fam[0] += 1
            if any(math.isnan(v) for v in vals) or any(math.isnan(e) for e in errs): C.append((i, "NaN with success"))
            if any(t > e for t, e in zip(true, errs)) if c["kind"] == "s" else max(true) > max(errs):
                ua += 1; fam[1] += 1
                A.append((max(t / e if e > 0 else math.inf for t, e in zip(true, errs)), i))
        if sier == 0:
            nsconv += 1; fam[2] += 1
            strue = [abs(v - r_) for v, r_ in zip(sv_l, refs)]
            if max(strue) > max(se_l): us += 1; fam[3] += 1
        if (not conv) and sier == 0 and max(true) <= tol and st not in ("Overflow",):
            B.append((i, st))
        if st == "Cancelled": C.append((i, "hang (cancelled at 20 s)"))
        # one adaptive run of at most `limit` intervals (2 limit - 1 rules) per piece: the finite part (breakpoints
        # only add intervals to it) with 21 points, each tail with 15, the whole line folded with 30
        tails = int(math.isinf(a)) + int(math.isinf(b))
        if tails == 0: bound = 21 * (2 * c["limit"] - 1)
        elif not c["points"]: bound = (30 if tails == 2 else 15) * (2 * c["limit"] - 1)
        else: bound = (21 + 15 * tails) * (2 * c["limit"] - 1)
        if o["evals"] > bound:
            # a call split into pieces (an infinite range with breakpoints) sizes them with one rule each and runs
            # again the pieces that converged when the sum missed its tolerance: counted apart
            (Cm if c["points"] and tails else C).append((i, f"evals {o['evals']} above one run per piece ({bound}), limit {c['limit']}"))
        if conv and sier == 0:
            both += 1; ev_ours += o["evals"]; ev_sp += sn
            if o["evals"] > 3 * sn: D.append((o["evals"] / sn, i))
        o["sp"] = (sv_l, se_l, sn, sier)
    print(f"cases {len(cases)}; ours converged {nconv}, understated {ua} ({ua / max(nconv, 1):.2%}); "
          f"scipy ier=0 {nsconv}, understated {us} ({us / max(nsconv, 1):.2%})")
    print(f"evaluations on cases both converged ({both}): ours {ev_ours}, scipy {ev_sp}")
    print(f"total evaluations ours (all cases): {sum(o['evals'] for o in ours.values())}")
    print("per (kind, family, breakpoints): ours conv/under, scipy conv/under")
    for k in sorted(per_fam): v = per_fam[k]; print(f"  {k}: {v[0]}/{v[1]}  scipy {v[2]}/{v[3]}")

    def show(i, extra=""):
        c, o = cases[i], ours[i]
        print(f"  #{i} {c['kind']} fam={c['fam']} p={c.get('p', c.get('comps'))} S={c['S']:g} [{c['a']}, {c['b']}] "
              f"tol=({c['epsabs']:g},{c['epsrel']:g}) lim={c['limit']} pts={c['points']} {extra}\n"
              f"      ours {o['status']} v={o['values']} e={o['errors']} n={o['evals']}; ref={c['ref']}; "
              f"scipy {o.get('sp')}")
    print(f"(a) understatements: {len(A)}")
    for q, i in sorted(A, reverse=True)[:200]: show(i, f"true/est={q:.3g}")
    print(f"(b) false failures (within tol, scipy ier=0): {len(B)}")
    for i, st in B[:25]: show(i)
    print(f"(c) exceptions/hangs/NaN/evals: {len(C)}")
    for i, why in C[:25]: print("  ", why); show(i)
    print(f"(c') infinite range with breakpoints, evaluations above one run per piece: {len(Cm)}"
          + "".join(f"\n   {why} status {ours[i]['status']}" for i, why in Cm[:10]))
    print(f"(d) evals > 3x scipy on converged: {len(D)}")
    for q, i in sorted(D, reverse=True)[:15]: show(i, f"ratio={q:.3g}")


if __name__ == "__main__":
    if sys.argv[1] == "gen-pieces": gen_pieces(sys.argv[2])
    elif sys.argv[1] == "gen": gen(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3000, int(sys.argv[4]) if len(sys.argv) > 4 else 20261203)
    else: cmp(sys.argv[2], sys.argv[3])
