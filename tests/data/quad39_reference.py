#!/usr/bin/python3
"""Exact values (mpmath, 40 significant digits) for HonestError39Tests' battery of integrands.

Every parameter is a double written with repr (round-trips), and every value is computed from that very double, so
the C# test integrates the same function mpmath did. Families (f on [a, b]; 'pv' is PV of f(x)/(x - c)):
  peak     1/((x - c)^2 + e^2) on [0, 1]              closed form (atan)
  power    |x - c|^alpha on [0, 1], no breakpoint      closed form
  logabs   log|x - c| on [0, 1], no breakpoint         closed form
  xalog    x^alpha * log x on [0, 1]                  -1/(alpha + 1)^2
  sinc     sin(w x)/x on [0, 1]                        Si(w)
  sintail  Weight.Sin(w), f = 1/x on [1, inf)          pi/2 - Si(w)
  coslog   Weight.Cos(w), f = log x on [0, 1]          -Si(w)/w
  algdecay 1/(1 + x)^(1 + d) on [a, inf)               (1 + a)^(-d)/d
  step     x < d ? e^x : 1/2 - x^2 on [0, 1]           closed form
  algexp   Weight.Algebraic(alpha, 0), f = e^x          sum 1/(k! (k + alpha + 1))
  alglog   Weight.AlgebraicLog(alpha, 0, A), f = e^x    -sum 1/(k! (k + alpha + 1)^2)
  kahaner21 sech^2(10(x-0.2)) + sech^4(100(x-0.4)) + sech^6(1000(x-0.6)) on [0, 1]  mpmath quad split at the peaks
  pv       f in {exp, one, invsqrt, log}, pole c (inside, 1e-8 from an end, or outside [a, b])
  vecpow   IntegrateVector [|x - c|^alpha, 1 + x] on [0, 1], no breakpoint (component 0 closed form, 1 is 3/2)
  veclog   IntegrateVector [log|x - c|, sin x] on [0, 1]
  vecpeak  IntegrateVector [1/((x - c)^2 + e^2), 1] on [0, 1]
Run: python3 quad39_reference.py > quad39-reference.json   (add --scipy to print SciPy quad's outcome per case
and tolerance to stderr instead, for comparison; SciPy is not needed for the JSON).
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 60


def s(v):
    return mp.nstr(mp.mpf(v), 40)


cases = []


def add(family, a, b, exact, **params):
    cid = family + "(" + ", ".join(f"{k}={v!r}" for k, v in params.items()) + f") on [{a!r}, {b!r}]"
    cases.append(dict(id=cid, family=family, a=repr(a), b=repr(b), params=params, exact=s(exact)))  # limits as text: "inf" is no JSON number


M = mp.mpf
inf = float("inf")

for c in [0.0, 0.05, 0.123456789, 1 / 3, 0.5, 0.7071067811865476, 0.987654321, 1 - 2.0 ** -20, 1.0]:
    for e in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]:
        cm, em = M(c), M(e)
        add("peak", 0.0, 1.0, (mp.atan((1 - cm) / em) + mp.atan(cm / em)) / em, c=c, e=e)

for c in [0.25, 1 / 3, 0.6180339887498949, 0.9]:
    for alpha in [-0.9, -0.7, -0.5, -0.3, 0.2, 0.5, 0.9]:
        cm, am = M(c), M(alpha)
        add("power", 0.0, 1.0, (cm ** (am + 1) + (1 - cm) ** (am + 1)) / (am + 1), c=c, alpha=alpha)

for c in [0.25, 1 / 3, 0.5, 0.6180339887498949, 0.999]:
    cm = M(c)
    add("logabs", 0.0, 1.0, cm * mp.log(cm) - cm + (1 - cm) * mp.log(1 - cm) - (1 - cm), c=c)

for alpha in [-0.5, -0.8, -0.9, -0.95, -0.99, -0.999]:
    add("xalog", 0.0, 1.0, -1 / (M(alpha) + 1) ** 2, alpha=alpha)

for w in [1.0, 10.0, 100.0, 1e3, 3e3, 1e4]:
    add("sinc", 0.0, 1.0, mp.si(M(w)), w=w)
for w in [0.1, 1.0, 10.0, 1e3, 1e4]:
    add("sintail", 1.0, inf, mp.pi / 2 - mp.si(M(w)), w=w)
for w in [1.0, 10.0, 100.0, 1e3, 1e4, 1e6]:
    add("coslog", 0.0, 1.0, -mp.si(M(w)) / M(w), w=w)

for a in [0.0, 10.0]:
    for d in [1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01]:
        add("algdecay", a, inf, (1 + M(a)) ** (-M(d)) / M(d), d=d)

for d in [0.1, 1 / 3, 0.5, 0.7071067811865476, 0.91]:
    dm = M(d)
    add("step", 0.0, 1.0, (mp.e ** dm - 1) + (1 - dm) / 2 - (1 - dm ** 3) / 3, d=d)

for alpha in [-0.5, -0.9, -0.99, -0.999, -0.9999]:
    am = M(alpha)
    add("algexp", 0.0, 1.0, mp.nsum(lambda k: 1 / (mp.factorial(k) * (k + am + 1)), [0, mp.inf]), alpha=alpha)
    add("alglog", 0.0, 1.0, -mp.nsum(lambda k: 1 / (mp.factorial(k) * (k + am + 1) ** 2), [0, mp.inf]), alpha=alpha)

# The peaks in the test are at the doubles 0.2, 0.4, 0.6 (not the decimals): the same here.
k21 = lambda x: mp.sech(10 * (x - M(0.2))) ** 2 + mp.sech(100 * (x - M(0.4))) ** 4 + mp.sech(1000 * (x - M(0.6))) ** 6
pts = [0, 0.1, 0.2, 0.3, 0.39, 0.4, 0.41, 0.5, 0.59, 0.599, 0.6, 0.601, 0.61, 0.7, 1]
add("kahaner21", 0.0, 1.0, mp.quad(k21, [M(p) for p in pts]))


def pv_exact(fname, a, b, c):
    a, b, c = M(a), M(b), M(c)
    inside = a < c < b
    if fname == "exp":
        return mp.e ** c * (mp.ei(b - c) - mp.ei(a - c))
    if fname == "one":
        return mp.log(abs(b - c)) - mp.log(abs(a - c))
    if fname == "invsqrt":  # 1/sqrt(x) on [0, b]: u = sqrt x
        assert a == 0
        rb = mp.sqrt(b)
        if c > 0:
            r = mp.sqrt(c)
            return (mp.log(abs(rb - r)) - mp.log(rb + r)) / r
        r = mp.sqrt(-c)
        return 2 * mp.atan(rb / r) / r
    if fname == "log":  # log x on [0, 1]: x = c u, and log u/(u - 1) is regular at u = 1, its integral -Li2(1 - u)
        assert a == 0 and b == 1 and c > 0
        return mp.log(c) * mp.log(abs(1 / c - 1)) + mp.pi ** 2 / 6 - mp.polylog(2, 1 - 1 / c)
    raise ValueError(fname)


for fname, a, b, poles in [
    ("exp", 0.0, 1.0, [0.5, 1e-8, 1 - 1e-8, 1e-3, 0.999, -0.5, -1e-8, 1 + 1e-8, 2.0]),
    ("one", 0.0, 1.0, [0.5, 1e-8, 1 - 1e-8, 1 + 1e-8, -1e-8]),
    ("one", -1.0, 3.0, [3 - 1e-8, -1 + 1e-8, 1.0000001]),
    ("invsqrt", 0.0, 1.0, [0.5, 1e-8, 1 - 1e-8, 1e-3, -1e-8, 1 + 1e-8, -0.5]),
    ("log", 0.0, 1.0, [0.5, 1e-8, 1 - 1e-8, 1e-3, 1 + 1e-8, 2.0]),
]:
    for c in poles:
        add("pv", a, b, pv_exact(fname, a, b, c), f=fname, c=c)

for c in [0.123456789, 0.3, 1 / 3, 0.6180339887498949, 0.77]:
    for alpha in [-0.5, -0.8, -0.9, -0.95, -0.99]:
        cm, am = M(c), M(alpha)
        add("vecpow", 0.0, 1.0, (cm ** (am + 1) + (1 - cm) ** (am + 1)) / (am + 1), c=c, alpha=alpha)
for c in [0.3, 1 / 3, 0.77]:
    cm = M(c)
    add("veclog", 0.0, 1.0, cm * mp.log(cm) - cm + (1 - cm) * mp.log(1 - cm) - (1 - cm), c=c)

for c in [1 / 3, 0.7071067811865476]:
    for e in [1e-2, 1e-4, 1e-6]:
        cm, em = M(c), M(e)
        add("vecpeak", 0.0, 1.0, (mp.atan((1 - cm) / em) + mp.atan(cm / em)) / em, c=c, e=e)

# Cross-check the numerically integrated values at 80 digits.
if "--check" in sys.argv:
    mp.mp.dps = 80
    print("kahaner21", mp.nstr(mp.quad(k21, [M(p) for p in pts]) - M(cases[[c["family"] for c in cases].index("kahaner21")]["exact"]), 5))
    for c in cases:
        if c["family"] == "pv" and c["params"]["f"] == "log":
            cc = M(c["params"]["c"])
            g = (lambda x: (mp.log(x) - mp.log(cc)) / (x - cc) if x != cc else 1 / cc) if cc < 1 else (lambda x: mp.log(x) / (x - cc))
            pts2 = [0, cc, 1] if cc < 1 else [0, 1]
            num = mp.quad(g, pts2) + (mp.log(cc) * mp.log((1 - cc) / cc) if cc < 1 else 0)
            print(c["id"], mp.nstr(num - M(c["exact"]), 5))
    sys.exit()

if "--scipy" in sys.argv:
    import math
    import warnings
    from scipy import integrate, special
    warnings.simplefilter("ignore")

    def sech(t):  # 1/cosh overflows math.cosh beyond 710
        u = math.exp(-abs(t))
        return 2 * u / (1 + u * u)
    F = {
        "peak": lambda p: (lambda x: 1 / ((x - p["c"]) ** 2 + p["e"] ** 2)),
        "power": lambda p: (lambda x: abs(x - p["c"]) ** p["alpha"]),
        "logabs": lambda p: (lambda x: math.log(abs(x - p["c"])) if x != p["c"] else -math.inf),
        "xalog": lambda p: (lambda x: x ** p["alpha"] * math.log(x)),
        "sinc": lambda p: (lambda x: math.sin(p["w"] * x) / x),
        "algdecay": lambda p: (lambda x: (1 + x) ** (-1 - p["d"])),
        "step": lambda p: (lambda x: math.exp(x) if x < p["d"] else 0.5 - x * x),
        "kahaner21": lambda p: (lambda x: sech(10 * (x - 0.2)) ** 2 + sech(100 * (x - 0.4)) ** 4 + sech(1000 * (x - 0.6)) ** 6),
    }
    tally = {}
    for cs in cases:
        fam, p, a, b = cs["family"], cs["params"], float(cs["a"]), float(cs["b"])
        exact = float(cs["exact"])
        for ea, er in [(0, 1e-4), (0, 1e-8), (0, 1e-12), (1e-6, 0), (1e-10, 1e-6)]:
            try:
                if fam in F:
                    v, e, info, *_ = integrate.quad(F[fam](p), a, b, epsabs=ea, epsrel=er if er else 5e-29, limit=500, full_output=1)
                elif fam == "pv":
                    f = {"exp": math.exp, "one": lambda x: 1.0, "invsqrt": lambda x: 1 / math.sqrt(x), "log": math.log}[p["f"]]
                    v, e, info, *_ = integrate.quad(f, a, b, weight="cauchy", wvar=p["c"], epsabs=ea, epsrel=er if er else 5e-29, limit=500, full_output=1) if a < p["c"] < b else integrate.quad(lambda x: f(x) / (x - p["c"]), a, b, epsabs=ea, epsrel=er if er else 5e-29, limit=500, full_output=1)
                elif fam == "sintail":
                    v, e, info, *_ = integrate.quad(lambda x: 1 / x, a, b, weight="sin", wvar=p["w"], epsabs=ea if ea else 1e-300, epsrel=er if er else 5e-29, limlst=500, full_output=1)
                elif fam == "coslog":
                    v, e, info, *_ = integrate.quad(lambda x: math.log(x), a, b, weight="cos", wvar=p["w"], epsabs=ea, epsrel=er if er else 5e-29, limit=500, full_output=1)
                elif fam in ("algexp", "alglog"):
                    v, e, info, *_ = integrate.quad(math.exp, a, b, weight="alg" if fam == "algexp" else "alg-loga", wvar=(p["alpha"], 0), epsabs=ea, epsrel=er if er else 5e-29, limit=500, full_output=1)
                else:
                    continue
                ier = 0 if len(_) == 0 else 1
            except Exception as ex:  # noqa
                print(cs["id"], ea, er, "raised", ex, file=sys.stderr)
                continue
            ok = ier == 0 and e <= max(ea, er * abs(v))
            honest = abs(v - exact) <= e + 4 * 2.2e-16 * abs(exact)
            key = (fam, "ok" if ok else "fail", "honest" if honest else "UNDERSTATED")
            tally[key] = tally.get(key, 0) + 1
            if ok and not honest:
                print(f"scipy false success: {cs['id']} tol=({ea},{er}) {v!r} +- {e:.3g} true error {abs(v - exact):.3g}", file=sys.stderr)
    for k in sorted(tally):
        print(k, tally[k], file=sys.stderr)
    sys.exit()

print(json.dumps(dict(
    generator="tests/data/quad39_reference.py",
    versions=dict(mpmath=mp.__version__, python=sys.version.split()[0]),
    precision="60 working digits, values to 40 significant digits",
    cases=cases), indent=1))
