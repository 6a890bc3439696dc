#!/usr/bin/python3
"""Honesty battery for the weighted Quad.Integrate(f, a, b, Weight) (QAWO, QAWF, QAWS, QAWC analogues).

  quad_weighted_honesty_battery.py gen CASES.jsonl [N SEED]   seeded cases with mpmath references (40 digits)
  quad_weighted_honesty_battery.py check CASES.jsonl [K]      compare K references with mpmath.quad (sanity of the forms)
  (run the F# runner bench/peers/quad_weighted_honesty_battery.fsx on CASES.jsonl -> OURS.jsonl)
  quad_weighted_honesty_battery.py cmp CASES.jsonl OURS.jsonl SciPy quad(weight=...) on the same cases + summary

Same approach as quad_honesty_battery.py (stop 28). Kinds and families (f written identically in Python and F#):
  o  QAWO, finite [a, b], weight cos/sin(w x):  20 e^(p x)   21 x^q on [0, b]   22 log x on [0, b]
                                                23 1/((x - d)^2 + e^2)
  f  QAWF, [a, inf), weight cos/sin(w x):       30 e^(-l x)  31 (x + c)^(-q)    32 e^(-(x - m)^2 / (2 s^2)) (narrow
                                                peak far out)                    33 x^q e^(-l x) on [0, inf)
  s  QAWS, (x - a)^al (b - x)^be [log]:         40 1   41 e^(p x)   42 cos(p x)   43 1/(x - c), c outside [a, b]
  c  QAWC, PV f(x)/(x - c):                     50 e^(p x)   51 cos(q x)   52 1/((x - d)^2 + e^2)
References are closed forms (incomplete gamma, erfc, Ei/Ci/Si, 1F1/2F1 and their parameter derivatives for the log
weights) in mpmath at 40 digits. Reported, beside SciPy's rate on the same cases (ier == 0):
 (a) Converged but |value - ref| > estimated error (understatement);
 (b) non-success though |value - ref| <= max(epsabs, epsrel |ref|) and SciPy ier == 0;
 (c) exception / hang (cancelled at 20 s) / NaN with success;
 (d) converged with evaluations > 3x SciPy's neval (where SciPy reports one).
SciPy's QAWF takes only epsabs (> 0): it gets max(epsabs, epsrel |ref|). SciPy's QAWO calls f at the ends: where
f is not finite there (log x, x^q at 0) it gets 0.
"""
import json, math, random, sys
import mpmath as mp

mp.mp.dps = 40
INF = float("inf")
LOGS = [None, "A", "B", "Both"]


def f(fam, p, x):
    if fam in (20, 41, 50): return math.exp(p[0] * x)
    if fam == 21: return x ** p[0]
    if fam == 22: return math.log(x)
    if fam in (23, 52): return 1.0 / ((x - p[0]) ** 2 + p[1] ** 2)
    if fam == 30: return math.exp(-p[0] * x)
    if fam == 31: return (x + p[0]) ** -p[1]
    if fam == 32: return math.exp(-(x - p[0]) ** 2 / (2 * p[1] ** 2))
    if fam == 33: return x ** p[0] * math.exp(-p[1] * x)
    if fam == 40: return 1.0
    if fam in (42, 51): return math.cos(p[0] * x)
    if fam == 43: return 1.0 / (x - p[0])
    raise ValueError(fam)


def osc_ref(fam, p, w, a, b):
    """J = int_a^b f(x) e^(i w x) dx for w > 0 (b may be inf)."""
    P = [mp.mpf(v) for v in p]; w = mp.mpf(w); A = mp.mpf(a); I = mp.mpc(0, 1)
    if fam == 20:
        z = P[0] + I * w
        return (mp.exp(z * mp.mpf(b)) - mp.exp(z * A)) / z
    if fam == 21:
        q = P[0]
        return (-I * w) ** (-q - 1) * mp.gammainc(q + 1, 0, -I * w * mp.mpf(b))
    if fam == 22:
        g = lambda q: (-I * w) ** (-q - 1) * mp.gammainc(q + 1, 0, -I * w * mp.mpf(b))
        return mp.diff(g, 0)
    if fam == 23:
        d, e = P; B = mp.mpf(b); z = d + I * e; zc = d - I * e
        # 1/((x - d)^2 + e^2) = (1/(x - z) - 1/(x - zc)) / (2 i e). For the pole z above the axis:
        # int_a^b e^(i w x)/(x - z) dx = e^(i w z) [Ei(i w (x - z))]_a^b (the path stays right of Ei's cut, no
        # cancellation). For zc below the axis the same form needs |e^(w e)|-fold cancellation (hundreds of digits for
        # w e ~ 1e3), so that part is taken along the contour a -> a + i inf -> b + i inf -> b, which never meets zc:
        # i int_0^inf e^(-w t) [e^(i w a)/(a + i t - zc) - e^(i w b)/(b + i t - zc)] dt, smooth and decaying.
        up = mp.exp(I * w * z) * (mp.ei(I * w * (B - z)) - mp.ei(I * w * (A - z)))
        side = lambda x0: mp.exp(I * w * x0) * mp.quad(lambda t: mp.exp(-w * t) / (x0 + I * t - zc), [0, e / 4, e, 1 / w, 10 / w, mp.inf])
        down = I * (side(A) - side(B))
        return (up - down) / (2 * I * e)
    if fam == 30:
        z = -P[0] + I * w
        return -mp.exp(z * A) / z
    if fam == 31:
        c, q = P
        u = A + c
        return mp.exp(-I * w * c) * (-I * w) ** (q - 1) * mp.gammainc(1 - q, -I * w * u, mp.inf)
    if fam == 32:
        m, s = P
        return mp.exp(I * w * m - w * w * s * s / 2) * s * mp.sqrt(mp.pi / 2) * mp.erfc((A - m - I * w * s * s) / (s * mp.sqrt(2)))
    if fam == 33:
        q, l = P
        return mp.gamma(q + 1) / (l - I * w) ** (q + 1)
    raise ValueError(fam)


def ref(c):
    fam, p, a, b = c["fam"], c["p"], c["a"], c["b"]
    k = c["kind"]
    if k in ("o", "f"):
        w = c["omega"]
        J = osc_ref(fam, p, abs(w), a, b)
        return mp.re(J) if c["weight"] == "cos" else mp.sign(w) * mp.im(J)
    if k == "s":
        A, B = mp.mpf(a), mp.mpf(b); L = B - A; P = [mp.mpf(v) for v in p]

        def F(al, be):
            base = L ** (al + be + 1) * mp.beta(al + 1, be + 1)
            if fam == 40: return base
            if fam == 41: return mp.exp(P[0] * A) * base * mp.hyp1f1(al + 1, al + be + 2, P[0] * L)
            if fam == 42: return mp.re(mp.exp(1j * P[0] * A) * base * mp.hyp1f1(al + 1, al + be + 2, 1j * P[0] * L))
            if fam == 43:
                tau = (P[0] - A) / L
                return -L ** (al + be) / tau * mp.beta(al + 1, be + 1) * mp.hyp2f1(1, al + 1, al + be + 2, 1 / tau)
        al, be = mp.mpf(c["alpha"]), mp.mpf(c["beta"])
        lg = c["log"]
        if lg is None: return F(al, be)
        if lg == "A": return mp.diff(lambda t: F(t, be), al)
        if lg == "B": return mp.diff(lambda t: F(al, t), be)
        return mp.diff(F, (al, be), (1, 1))
    if k == "c":
        A, B, C = mp.mpf(a), mp.mpf(b), mp.mpf(c["c"]); P = [mp.mpf(v) for v in p]
        if fam == 50:
            q = P[0]
            if q == 0: return mp.log((B - C) / (C - A))
            return mp.exp(q * C) * (mp.ei(q * (B - C)) - mp.ei(q * (A - C)))
        if fam == 51:
            q = P[0]
            return (mp.cos(q * C) * (mp.ci(q * (B - C)) - mp.ci(q * (C - A)))
                    - mp.sin(q * C) * (mp.si(q * (B - C)) - mp.si(q * (A - C))))
        if fam == 52:
            d, e = P; z = d + 1j * e
            v = (mp.log(B - z) - mp.log(A - z) - mp.log((B - C) / (C - A))) / (z - C)
            return mp.im(v) / e
    raise ValueError(k)


TOLS = [(1e-14, 0), (0, 1.2e-14), (1e-12, 0), (0, 1e-12), (1e-10, 1e-10), (0, 1e-10), (0, 1e-8), (1e-8, 0),
        (1e-6, 1e-6), (1e-4, 1e-4)]
LIMITS = [5, 10, 20, 50, 100, 200]


def gen(path, n=3000, seed=20261203):
    rng = random.Random(seed)
    lu = lambda lo, hi: 10 ** rng.uniform(math.log10(lo), math.log10(hi))
    cases = []
    while len(cases) < n:
        kind = rng.choice(["o", "o", "f", "f", "s", "s", "c", "c"])
        c = dict(id=len(cases), kind=kind)
        if kind in ("o", "f"):
            c["weight"] = rng.choice(["cos", "sin"])
            w = rng.choice([lu(0.1, 10), lu(1, 1e3), lu(10, 1e5)]) if kind == "o" else rng.choice([lu(0.05, 5), lu(1, 200)])
            c["omega"] = w * rng.choice([1, 1, 1, -1])
        if kind == "o":
            fam = rng.choice([20, 21, 22, 23])
            if fam == 20: p = [rng.uniform(-3, 3)]; a = rng.uniform(-2, 2); b = a + lu(0.1, 20)
            elif fam == 21: p = [rng.uniform(-0.9, 2)]; a = 0.0; b = lu(0.1, 20)
            elif fam == 22: p = []; a = 0.0; b = lu(0.1, 20)
            else:
                a = rng.uniform(-2, 2); b = a + lu(0.2, 10); p = [a + (b - a) * rng.uniform(-0.1, 1.1), lu(1e-3, 1)]
        elif kind == "f":
            fam = rng.choice([30, 31, 32, 32, 33])
            if fam == 30: p = [lu(0.01, 5)]; a = rng.uniform(-2, 5)
            elif fam == 31:
                a = rng.uniform(-2, 5); p = [lu(0.1, 5) - a, rng.uniform(0.2, 3)]
            elif fam == 32:
                a = rng.uniform(-2, 5); s = lu(0.05, 3)
                p = [a + rng.choice([lu(0.1, 10), lu(10, 400)]), s]
            else: p = [rng.uniform(-0.9, 2), lu(0.05, 5)]; a = 0.0
            b = INF
        elif kind == "s":
            fam = rng.choice([40, 41, 41, 42, 42, 43, 43])
            a = rng.uniform(-2, 2); b = a + lu(0.1, 10)
            c["alpha"] = rng.choice([0.0, rng.uniform(-0.95, 2), rng.uniform(-0.95, 0)])
            c["beta"] = rng.choice([0.0, rng.uniform(-0.95, 2), rng.uniform(-0.95, 0)])
            c["log"] = rng.choice(LOGS)
            if fam == 40: p = []
            elif fam == 41: p = [rng.uniform(-5, 5)]
            elif fam == 42: p = [lu(0.1, 50)]
            else:
                dist = lu(1e-3, 2) * (b - a)
                p = [a - dist if rng.random() < 0.5 else b + dist]
        else:
            fam = rng.choice([50, 51, 52])
            a = rng.uniform(-2, 2); b = a + lu(0.1, 10)
            r = rng.random()
            if r < 0.15: c["c"] = a + (b - a) * lu(1e-8, 1e-2)
            elif r < 0.3: c["c"] = b - (b - a) * lu(1e-8, 1e-2)
            else: c["c"] = a + (b - a) * rng.uniform(0.01, 0.99)
            if fam == 50: p = [rng.uniform(-5, 5)]
            elif fam == 51: p = [lu(0.1, 300)]
            else: p = [a + (b - a) * rng.uniform(-0.1, 1.1), lu(1e-3, 1)]
        ea, er = rng.choice(TOLS)
        c.update(fam=fam, p=p, a=a, b=b, epsabs=ea, epsrel=er, limit=rng.choice(LIMITS))
        c["ref"] = mp.nstr(ref(c), 35)
        cases.append(c)
    with open(path, "w") as out:
        for c in cases:
            out.write(json.dumps(c) + "\n")
    print(f"{len(cases)} cases -> {path}")


def weight_value(c, x):
    k = c["kind"]
    if k in ("o", "f"): return (math.cos if c["weight"] == "cos" else math.sin)(c["omega"] * x)
    if k == "c": return 1.0 / (x - c["c"])
    return None


def check(path, k=40):
    """mpmath.quad on the weighted integrand (split at the period / pole / peak) against the closed forms."""
    cases = [json.loads(l) for l in open(path)]
    rng = random.Random(1); worst = 0
    sample = [c for c in cases if c["kind"] != "f" or abs(c["omega"]) < 30]
    for c in rng.sample(sample, min(k, len(sample))):
        a, b = mp.mpf(c["a"]), c["b"]
        if c["kind"] in ("o", "f") and abs(c["omega"]) * ((b if b != INF else 0) - c["a"]) > 3000: continue
        fam, p = c["fam"], c["p"]
        g = {20: lambda x: mp.exp(p[0] * x), 21: lambda x: x ** p[0], 22: mp.log,
             23: lambda x: 1 / ((x - p[0]) ** 2 + mp.mpf(p[1]) ** 2), 52: lambda x: 1 / ((x - p[0]) ** 2 + mp.mpf(p[1]) ** 2),
             30: lambda x: mp.exp(-p[0] * x), 31: lambda x: (x + p[0]) ** -p[1],
             32: lambda x: mp.exp(-(x - p[0]) ** 2 / (2 * mp.mpf(p[1]) ** 2)), 33: lambda x: x ** p[0] * mp.exp(-p[1] * x),
             40: lambda x: 1, 41: lambda x: mp.exp(p[0] * x), 42: lambda x: mp.cos(p[0] * x), 43: lambda x: 1 / (x - p[0]),
             50: lambda x: mp.exp(p[0] * x), 51: lambda x: mp.cos(p[0] * x)}[fam]
        k_ = c["kind"]
        if k_ == "s":
            lg = c["log"]; al, be = c["alpha"], c["beta"]
            h = lambda x: (x - a) ** al * (b - x) ** be * (mp.log(x - a) if lg in ("A", "Both") else 1) * \
                (mp.log(b - x) if lg in ("B", "Both") else 1) * g(x)
            v = mp.quad(h, [a, b])
        elif k_ == "c":
            cc = mp.mpf(c["c"]); d = min(cc - a, b - cc)
            # PV: the symmetric part around c cancels to the odd part (g(c+t) - g(c-t))/t
            sym = mp.quad(lambda t: (g(cc + t) - g(cc - t)) / t, [0, d])
            rest = mp.quad(lambda x: g(x) / (x - cc), [cc + d, b]) if cc - a < b - cc else mp.quad(lambda x: g(x) / (x - cc), [a, cc - d])
            v = sym + rest
        else:
            wf = mp.cos if c["weight"] == "cos" else mp.sin; w = c["omega"]
            h = lambda x: wf(w * x) * g(x)
            if b == INF:
                v = mp.quadosc(h, [a, mp.inf], omega=abs(w)) if fam != 32 else \
                    mp.quad(h, mp.linspace(a, p[0] + 40 * p[1], 2 + int(abs(w) * (p[0] + 40 * p[1] - c["a"]) / 3) + 1) + [mp.inf])
            else:
                v = mp.quad(h, mp.linspace(a, b, 2 + int(abs(w) * (b - c["a"]) / 3)) + ([p[0]] if fam == 23 and c["a"] < p[0] < b else []))
        r = mp.mpf(c["ref"]); rel = abs(v - r) / max(abs(r), mp.mpf(1e-30))
        worst = max(worst, rel)
        if rel > 1e-12: print("MISMATCH", c["id"], c["kind"], fam, float(v), c["ref"], float(rel))
    print("checked; worst relative difference", mp.nstr(worst, 3))


def cmp(cpath, opath):
    import warnings
    from scipy.integrate import quad
    warnings.simplefilter("ignore")
    cases = {c["id"]: c for c in map(json.loads, open(cpath))}
    ours = {o["id"]: o for o in map(json.loads, open(opath))}
    A, B, C, D = [], [], [], []
    per = {}
    both = ev_o = ev_s = 0
    for i, c in cases.items():
        o = ours.get(i)
        if o is None: C.append((i, "missing (crash?)")); continue
        r_ = float(mp.mpf(c["ref"])); a, b = c["a"], c["b"]
        def g(x):   # SciPy's QAWO/QAWS Clenshaw-Curtis rules sample the ends: f(0) of log x, x^q (q < 0) taken as 0
            try: return f(c["fam"], c["p"], x)
            except (ValueError, ZeroDivisionError): return 0.0
        kw = dict(epsabs=c["epsabs"], epsrel=c["epsrel"], limit=c["limit"], full_output=1)
        k = c["kind"]
        if k in ("o", "f"): kw.update(weight=c["weight"], wvar=c["omega"])
        elif k == "s":
            kw.update(weight={None: "alg", "A": "alg-loga", "B": "alg-logb", "Both": "alg-log"}[c["log"]], wvar=(c["alpha"], c["beta"]))
        else: kw.update(weight="cauchy", wvar=c["c"])
        if k == "f": kw["epsabs"] = max(c["epsabs"], c["epsrel"] * abs(r_)) or 1e-300; kw.pop("epsrel")
        try:
            r = quad(g, a, b, **kw)
            sv, se = r[0], r[1]; info = r[2]
            sn = info.get("neval", None) if isinstance(info, dict) else None
            sier = 0 if len(r) == 3 else 1
        except Exception as e:  # noqa
            sv, se, sn, sier = math.nan, math.nan, None, 99
        key = (k, c["fam"], c.get("weight") or c.get("log") or "")
        st = per.setdefault(key, [0, 0, 0, 0, 0, 0])  # ours conv, under, scipy conv, under, n, ours exceptions
        st[4] += 1
        o["sp"] = (sv, se, sn, sier)
        if o.get("exception"):
            st[5] += 1; C.append((i, "exception " + o["exception"])); continue
        v, e, stt = o["value"], o["error"], o["status"]
        conv = stt == "Converged"
        true = abs(v - r_); tol = max(c["epsabs"], c["epsrel"] * abs(r_))
        if conv:
            st[0] += 1
            if math.isnan(v) or math.isnan(e): C.append((i, "NaN with success"))
            if true > e: st[1] += 1; A.append((true / e if e > 0 else math.inf, i))
        if sier == 0:
            st[2] += 1
            if abs(sv - r_) > se: st[3] += 1
        if not conv and sier == 0 and true <= tol: B.append((i, stt))
        if stt == "Cancelled": C.append((i, "hang (cancelled at 20 s)"))
        if conv and sier == 0 and sn:
            both += 1; ev_o += o["evals"]; ev_s += sn
            if o["evals"] > 3 * sn: D.append((o["evals"] / sn, i))
    tot = [sum(v[j] for v in per.values()) for j in range(6)]
    print(f"cases {len(cases)}; ours converged {tot[0]}, understated {tot[1]} ({tot[1] / max(tot[0], 1):.2%}); "
          f"scipy ier=0 {tot[2]}, understated {tot[3]} ({tot[3] / max(tot[2], 1):.2%}); ours exceptions {tot[5]}")
    print(f"evaluations on cases both converged with a SciPy neval ({both}): ours {ev_o}, scipy {ev_s}")
    print("per (kind, family, weight/log): n  ours conv/under  scipy conv/under")
    for kk in sorted(per, key=str): v = per[kk]; print(f"  {kk}: {v[4]}  {v[0]}/{v[1]}  scipy {v[2]}/{v[3]}")

    def show(i, extra=""):
        c, o = cases[i], ours[i]
        wt = {"o": f"{c.get('weight')}({c.get('omega')}x)", "f": f"{c.get('weight')}({c.get('omega')}x)",
              "s": f"alg({c.get('alpha')},{c.get('beta')},log={c.get('log')})", "c": f"cauchy({c.get('c')})"}[c["kind"]]
        print(f"  #{i} {c['kind']} fam={c['fam']} p={c['p']} w={wt} [{c['a']}, {c['b']}] "
              f"tol=({c['epsabs']:g},{c['epsrel']:g}) lim={c['limit']} {extra}\n"
              f"      ours {o['status']} v={o.get('value')} e={o.get('error')} n={o['evals']}; ref={c['ref']}; scipy {o.get('sp')}")
    print(f"(a) understatements: {len(A)}")
    for q, i in sorted(A, reverse=True)[:60]: show(i, f"true/est={q:.3g}")
    print(f"(b) false failures (within tol, scipy ier=0): {len(B)}")
    for i, s in B[:25]: show(i)
    print(f"(c) exceptions/hangs/NaN: {len(C)}")
    for i, why in C[:25]: print("  ", why); show(i)
    print(f"(d) evals > 3x scipy on converged: {len(D)}")
    for q, i in sorted(D, reverse=True)[:15]: show(i, f"ratio={q:.3g}")


if __name__ == "__main__":
    if sys.argv[1] == "gen": gen(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3000, int(sys.argv[4]) if len(sys.argv) > 4 else 20261203)
    elif sys.argv[1] == "check": check(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 40)
    else: cmp(sys.argv[2], sys.argv[3])
