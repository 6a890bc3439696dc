#!/usr/bin/python3
"""Exact values (mpmath, 60 working digits, 40 significant digits kept) for Extrapolation44Tests.
Every parameter is a double written with repr (round-trips); the value is computed from that very double. Families:
  randomstep  x < d ? e^x : 1/2 - x^2 on [0, 1]     (e^d - 1) + (1 - d)/2 - (1 - d^3)/3
  randomtail  x < d ? e^(-x) : e^(-x)/2 on [0, inf)  1 - e^(-d)/2
              the 13 + 8 runs of audit 41's random steps (System.Random(40)) that audit 43's two-ratio check still let end
              Converged on an extrapolation below their error (4, 3, 6 and 2, 4, 2 at relTol 1e-6, 1e-8, 1e-10): sums that
              alternate (ratios -1/2) or ratios that cycle, two of them close by chance.
  abspow      |x - c|^a on [0, 1]                   (c^(a+1) + (1 - c)^(a+1)) / (a + 1)
  abslog      log|x - c| on [0, 1]                  c log c + (1 - c) log(1 - c) - 1
              the two runs of audit 43's 2250-run singular sweep (System.Random(4301)) that claimed too little and now do not.
Run: /usr/bin/python3 quad44_reference.py > quad44-reference.json   (the mpmath version is written into the JSON).
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 60


def s(v):
    return mp.nstr(mp.mpf(v), 40)


STEPS = [(0.885420802461645, (1e-06, 1e-08, 1e-10)), (0.7916269296741238, (1e-06,)),
         (0.7693278341411277, (1e-06, 1e-08, 1e-10)), (0.013998169458470386, (1e-06, 1e-08)),
         (0.30665492513526926, (1e-10,)), (0.5862758618715572, (1e-10,)), (0.609060247712331, (1e-10,)),
         (0.6692172976533032, (1e-10,))]
TAILS = [(0.09923317474277371, (1e-06, 1e-08)), (3.140151632549312, (1e-06, 1e-08, 1e-10)),
         (2.6546274463900494, (1e-08, 1e-10)), (7.800069319922509, (1e-08,))]
ABSPOW = [(0.8976022633247088, -0.7116091086583255, 1e-04)]
ABSLOG = [(0.2259970885822536, 1e-06)]

cases = []
for d, tols in STEPS:
    dm = mp.mpf(d)
    for tol in tols:
        cases.append(dict(id=f"randomstep(d={d!r}) relTol {tol!r}", family="randomstep", params=dict(d=d, tol=tol),
                          exact=s((mp.exp(dm) - 1) + (1 - dm) / 2 - (1 - dm ** 3) / 3)))
for d, tols in TAILS:
    for tol in tols:
        cases.append(dict(id=f"randomtail(d={d!r}) relTol {tol!r}", family="randomtail", params=dict(d=d, tol=tol),
                          exact=s(1 - mp.exp(-mp.mpf(d)) / 2)))
for c, a, tol in ABSPOW:
    cm, am = mp.mpf(c), mp.mpf(a)
    cases.append(dict(id=f"abspow(c={c!r}, a={a!r}) relTol {tol!r}", family="abspow", params=dict(c=c, a=a, tol=tol),
                      exact=s((cm ** (am + 1) + (1 - cm) ** (am + 1)) / (am + 1))))
for c, tol in ABSLOG:
    cm = mp.mpf(c)
    cases.append(dict(id=f"abslog(c={c!r}) relTol {tol!r}", family="abslog", params=dict(c=c, tol=tol),
                      exact=s(cm * mp.log(cm) + (1 - cm) * mp.log(1 - cm) - 1)))

json.dump(dict(generator="tests/data/quad44_reference.py", mpmath=mp.__version__, dps=mp.mp.dps, cases=cases), sys.stdout, indent=1)
print()
