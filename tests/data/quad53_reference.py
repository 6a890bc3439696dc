#!/usr/bin/python3
"""Exact values (mpmath, 40 working digits, 30 significant digits kept) for QawoRounding53Tests (audit quad53).
Case format: { "id", "family", "params": { "kind", "sine", "w", "a", "b", "p" or "d", "absTol", "relTol", "limit" }, "exact" }.
Kinds (weight cos(w x) or sin(w x), sine = 0 or 1; w may be negative):
  exp       e^(p x) on [a, b]: int_a^b e^(p x) e^(i w x) dx = (e^(z b) - e^(z a))/z, z = p + i w (real part: cosine,
            imaginary part: sine)
  step-exp  (x < d ? 1 : 1/2) e^(-x) on [a, b] = [0, 1]: with c = -1 + i w, (e^(c d) - 1)/c + (e^c - e^(c d))/(2 c)
Families:
  qawo-exp-battery  the four Converged claims of bench/peers/quad_weighted_honesty_battery.py (gen 600, seed 48) under their
                    errors before audit 53: cases 212, 258, 379, 465 with their tolerances and interval limits
  qawo-exp-far      seeded (53) e^(p x), p in [-3, 3], a in [-2, 2], b - a in [0.1, 20] (log-uniform), |w| in [300, 1e5]
                    (log-uniform, either sign), cos and sin, relTol 1e-12 or 1e-10 or absTol 1e-14 ... 1e-8; limit 50
  qawo-step-cos30   audit 48's check-file run: cos(30 x) step-exp at d = 0.5403984252156291, relTol 1e-4 ... 1e-12
--check compares each value with |w|(b - a) <= 3000 with mpmath.quad split at the multiples of pi/|w| (and at d).
Run: /usr/bin/python3 tests/data/quad53_reference.py > tests/data/quad53-reference.json
"""
import json
import math
import random
import sys

import mpmath as mp

mp.mp.dps = 40


def exp_exact(p, w, a, b, sine):
    z = mp.mpc(mp.mpf(p), mp.mpf(w))
    v = (mp.exp(z * mp.mpf(b)) - mp.exp(z * mp.mpf(a))) / z
    return mp.im(v) if sine else mp.re(v)


def step_exact(d, w, sine):
    c = mp.mpc(-1, mp.mpf(w))
    d = mp.mpf(d)
    v = (mp.exp(c * d) - 1) / c + (mp.exp(c) - mp.exp(c * d)) / (2 * c)
    return mp.im(v) if sine else mp.re(v)


def check(case):
    p = case["params"]
    w = mp.mpf(p["w"]); a = mp.mpf(p["a"]); b = mp.mpf(p["b"])
    wt = (lambda x: mp.sin(w * x)) if p["sine"] else (lambda x: mp.cos(w * x))
    if p["kind"] == "exp":
        g = lambda x: mp.exp(mp.mpf(p["p"]) * x) * wt(x)
        pts = []
    else:
        d = mp.mpf(p["d"])
        g = lambda x: (1 if x < d else mp.mpf(1) / 2) * mp.exp(-x) * wt(x)
        pts = [d]
    n = int(abs(w) * (b - a) / mp.pi) + 1
    pts = sorted(set([a + (b - a) * k / n for k in range(n + 1)] + pts))
    return mp.fsum(mp.quad(g, [pts[i], pts[i + 1]]) for i in range(len(pts) - 1))


def cases():
    out = []

    def add(family, params, exact):
        sig = ", ".join(f"{k}={v}" for k, v in params.items() if k != "kind")
        out.append(dict(id=f"{family}:{params['kind']}({sig})", family=family, params=params,
                        exact=mp.nstr(exact, 30)))

    battery = [  # id, weight, w, p, a, b, absTol, relTol, limit (quad_weighted_honesty_battery.py gen 600 48)
        (212, 1, 444.6497197080174, -0.4280386087667485, -0.9830378604328862, 1.6418999449320975, 0.0, 1e-12, 5),
        (258, 0, 79928.3893656808, -1.6412356011173193, 0.7127940980959409, 1.0449576711758861, 0.0, 1e-10, 100),
        (379, 1, 2700.599419901356, -1.4043217692004388, -0.9505518264680854, 0.20469974238016575, 0.0, 1e-12, 10),
        (465, 0, -77492.10805659687, -0.3540949772817541, 1.6470197867466179, 5.911328117011967, 1e-8, 0.0, 20),
    ]
    for _, sine, w, p, a, b, ea, er, lim in battery:
        add("qawo-exp-battery", dict(kind="exp", sine=sine, w=w, a=a, b=b, p=p, absTol=ea, relTol=er, limit=lim),
            exp_exact(p, w, a, b, sine))
    rng = random.Random(53)
    lu = lambda lo, hi: 10 ** rng.uniform(math.log10(lo), math.log10(hi))
    for _ in range(80):
        p = rng.uniform(-3, 3); a = rng.uniform(-2, 2); b = a + lu(0.1, 20)
        w = lu(300, 1e5) * rng.choice([1, 1, -1]); sine = rng.choice([0, 1])
        ea, er = rng.choice([(0.0, 1e-12), (0.0, 1e-10), (1e-14, 0.0), (1e-12, 0.0), (1e-10, 0.0), (1e-8, 0.0)])
        add("qawo-exp-far", dict(kind="exp", sine=sine, w=w, a=a, b=b, p=p, absTol=ea, relTol=er, limit=50),
            exp_exact(p, w, a, b, sine))
    d = 0.5403984252156291
    for rt in (1e-4, 1e-6, 1e-8, 1e-10, 1e-12):
        add("qawo-step-cos30", dict(kind="step-exp", sine=0, w=30.0, a=0.0, b=1.0, d=d, absTol=0.0, relTol=rt, limit=50),
            step_exact(d, 30.0, 0))
    return out


if __name__ == "__main__":
    cs = cases()
    if "--check" in sys.argv:
        worst = 0
        for c in cs:
            if abs(c["params"]["w"]) * (c["params"]["b"] - c["params"]["a"]) > 3e3:
                continue
            v = check(c); r = mp.mpf(c["exact"])
            worst = max(worst, abs(v - r) / max(abs(r), mp.mpf(1e-30)))
        print("checked; worst relative difference", mp.nstr(worst, 3))
    else:
        print(json.dumps(dict(generator="tests/data/quad53_reference.py", mpmath=mp.__version__, dps=40, cases=cs), indent=1))
