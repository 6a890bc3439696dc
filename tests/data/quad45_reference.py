#!/usr/bin/python3
"""Exact values (mpmath, 60 working digits, 40 significant digits kept) for CauchyEdges45Tests.
Every parameter is a double written with repr (round-trips); the value is computed from that very double. Families:
  pvstep      PV int_0^1 f(x)/(x - c) dx, f = (x < d ? 1 : 1/2)/sqrt(x), c = 0.03, relTol 1e-10: the two runs (the range and
              its mirror image, which has the same value negated) of audit 44's 900-run sweep of steps beside a singular
              end that claimed too little.  With F(x) = ln|(sqrt x - sqrt c)/(sqrt x + sqrt c)|/sqrt c (F(0) = 0):
              F(d) + (F(1) - F(d))/2.
  failedpow   |x - c|^a on [0, 1], (c^(a+1) + (1 - c)^(a+1)) / (a + 1): runs of audit 43's 2250-run singular sweep
              (System.Random(4301)) that end BadIntegrandBehaviour, whose error was below their true error.
  failedstep  x < d ? e^x : 1/2 - x^2 on [0, 1], (e^d - 1) + (1 - d)/2 - (1 - d^3)/3: runs of audit 41's random steps
              (System.Random(40)) that end RoundoffDetected, whose error was below their true error.
  edgesing    PV int_p^q f(x)/(x - c) dx with f = (x - p)^(-1/2) + g(x), g = |x - s|^(-1/2) ("pow") or ln|x - s| ("log"),
              s = c - D/2 or c + D/2 (D/2 = min(c - p, q - c)/2 in doubles, the ends of the piece QAWC keeps around the pole
              once f is found not finite at a limit). Value: int (f(x) - f(c))/(x - c) dx (mpmath.quad split at p, s, c, q)
              + f(c) ln((q - c)/(c - p)).
Run: /usr/bin/python3 quad45_reference.py > quad45-reference.json   (the mpmath version is written into the JSON).
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 60


def s(v):
    return mp.nstr(mp.mpf(v), 40)


PVSTEP = [(0.03, 0.090700010754511604, 1e-10)]
FAILEDPOW = [(0.89760226332470883, -0.7116091086583255, 1e-06), (0.1655798084873612, -0.88311371727991561, 1e-08),
             (0.031680593747496884, -0.71096259905535852, 1e-04), (0.85604468446972071, -0.56270251221149348, 1e-10),
             (0.5611457273183138, -0.67261932258150514, 1e-08)]
FAILEDSTEP = [(0.29524577003682301, 1e-10), (0.79162692967412385, 1e-10)]
EDGESING = [(0.0, 1.0, 0.3), (0.0, 1.0, 0.8), (0.0, 1.0, 0.03), (-1.0, 1.0, 0.2)]

cases = []
for c, d, tol in PVSTEP:
    cm, dm = mp.mpf(c), mp.mpf(d)
    rc = mp.sqrt(cm)

    def F(x):
        return mp.log(abs((mp.sqrt(x) - rc) / (mp.sqrt(x) + rc))) / rc

    for mirror in (False, True):
        cases.append(dict(id=f"pvstep(c={c!r}, d={d!r}, mirror={mirror}) relTol {tol!r}", family="pvstep",
                          params=dict(c=c, d=d, tol=tol, mirror=1.0 if mirror else 0.0),
                          exact=s((-1 if mirror else 1) * (F(dm) + (F(1) - F(dm)) / 2))))
for c, a, tol in FAILEDPOW:
    cm, am = mp.mpf(c), mp.mpf(a)
    cases.append(dict(id=f"failedpow(c={c!r}, a={a!r}) relTol {tol!r}", family="failedpow", params=dict(c=c, a=a, tol=tol),
                      exact=s((cm ** (am + 1) + (1 - cm) ** (am + 1)) / (am + 1))))
for d, tol in FAILEDSTEP:
    dm = mp.mpf(d)
    cases.append(dict(id=f"failedstep(d={d!r}) relTol {tol!r}", family="failedstep", params=dict(d=d, tol=tol),
                      exact=s((mp.exp(dm) - 1) + (1 - dm) / 2 - (1 - dm ** 3) / 3)))
for p, q, c in EDGESING:
    half = 0.5 * min(c - p, q - c)  # in doubles, as the library
    for sing in (c - half, c + half):
        P, Q, C, S = mp.mpf(p), mp.mpf(q), mp.mpf(c), mp.mpf(sing)
        for kind in ("pow", "log"):
            def f(x, kind=kind):
                g = abs(x - S) ** mp.mpf(-0.5) if kind == "pow" else mp.log(abs(x - S))
                return (x - P) ** mp.mpf(-0.5) + g
            fc = f(C)
            value = mp.quad(lambda x: (f(x) - fc) / (x - C), sorted([P, S, C, Q])) + fc * mp.log((Q - C) / (C - P))
            for tol in (1e-06, 1e-10):
                cases.append(dict(id=f"edgesing(p={p!r}, q={q!r}, c={c!r}, s={sing!r}, {kind}) relTol {tol!r}",
                                  family="edgesing", params=dict(p=p, q=q, c=c, s=sing, pow=1.0 if kind == "pow" else 0.0, tol=tol),
                                  exact=s(value)))

json.dump(dict(generator="tests/data/quad45_reference.py", mpmath=mp.__version__, dps=mp.mp.dps, cases=cases), sys.stdout, indent=1)
print()
