#!/usr/bin/python3
"""Exact values (mpmath, 40 working digits, 30 significant digits kept) for WeightedSweep46Tests.
Every parameter is a double written with repr (round-trips); the value is computed from that very double. Families:
  osc     the oscillatory weights, int w(x) f(x) dx with w = cos(omega x) or sin(omega x) (sine = 0 or 1), closed forms:
          QAWO on [0, 1]: f = log x (k = 0: -Si(w)/w, -(gamma + ln w - Ci(w))/w), f = 1/sqrt x (k = 1: Fresnel integrals),
          and on [0, pi] (pi the double): f = e^x (k = 2); QAWF on [0, inf): f = 1/sqrt x (k = 3: sqrt(pi/(2w))),
          1/(1 + x) (k = 4: Re/Im e^(-iw) E1(-iw)), 1/sqrt(1 + x) (k = 5: e^(-iw) (-iw)^(-1/2) Gamma(1/2, -iw)),
          e^(-x)/sqrt x (k = 6: Gamma(1/2)/sqrt(1 - iw)); on the whole line f = 1/(1 + (x - 1)^2) (k = 7: pi e^(-w) e^(iw)).
  qaws    int_0^1 x^al (1 - x)^be L(x) f(x) dx, L = 1, log x, log(1 - x), log x log(1 - x) (log = 0, 1, 2, 3), f = cos 5x
          (k = 0), (1 - x)^g (k = 1), log(1 - x) (k = 2). mpmath.quad split at 1/2; next to 0 in t = x^(1 + al), next to 1 in
          t = (1 - x)^(1 + be + g), where the integrand is smooth or log-singular (x and 1 - x carried separately).
  gsl     GSL's test_quad.c QAWS case f458 = 1/(1 + log(x)^2)^2 (k = 4) with alpha = -0.5, beta = -0.3 and both logs, whose
          result the end rule's tail check now changes (GSL's 0.3159922862811048 is 2.0e-9 off).
  kink    the same weights with f = |x - d| (d in an end interval), split at d too: runs of audit 46's sweep that were
          Converged with errors below their true ones before the end rule read its tail's shape.
Run: /usr/bin/python3 quad46_reference.py > quad46-reference.json   (the mpmath version is written into the JSON).
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 40
I = mp.mpc(0, 1)


def s(v):
    return mp.nstr(mp.mpf(v), 30)


def osc(k, sine, w):
    W = mp.mpf(w)
    if k == 0:
        return -(mp.euler + mp.log(W) - mp.ci(W)) / W if sine else -mp.si(W) / W
    if k == 1:
        t = mp.sqrt(2 * W / mp.pi)
        return 2 * mp.sqrt(mp.pi / (2 * W)) * (mp.fresnels(t) if sine else mp.fresnelc(t))
    if k == 3:
        return mp.sqrt(mp.pi / (2 * W))
    if k == 2:
        c, q = 1 + I * W, mp.mpf(mp.pi.__float__())
        z = (mp.exp(c * q) - 1) / c
    elif k == 4:
        z = mp.exp(-I * W) * mp.e1(-I * W)
    elif k == 5:
        z = mp.exp(-I * W) * (-I * W) ** mp.mpf(-0.5) * mp.gammainc(mp.mpf(0.5), -I * W)
    elif k == 6:
        z = mp.gamma(mp.mpf(0.5)) / mp.sqrt(1 - I * W)
    else:
        z = mp.exp(I * W) * mp.pi * mp.exp(-W)
    return mp.im(z) if sine else mp.re(z)


def qaws(al, be, log, k, g, d=None):
    al, be, g = mp.mpf(al), mp.mpf(be), mp.mpf(g)

    def F(x, u):  # L(x) f(x) without the end powers; u = 1 - x
        r = [mp.cos(5 * x), 1, mp.log(u), abs(x - mp.mpf(d)) if d is not None else 0, 1 / (1 + mp.log(x) ** 2) ** 2][k]
        if log in (1, 3):
            r *= mp.log(x)
        if log in (2, 3):
            r *= mp.log(u)
        return r
    half = mp.mpf(0.5)
    ea, eb = 1 + al, 1 + be + g
    # The kink's point splits its half: in t = x^ea next to 0, t = (1 - x)^eb next to 1.
    lp = [0, half ** ea] if d is None or d >= half else [0, mp.mpf(d) ** ea, half ** ea]
    rp = [0, half ** eb] if d is None or d < half else [0, (1 - mp.mpf(d)) ** eb, half ** eb]
    left = mp.quad(lambda t: (lambda x: (1 - x) ** (be + g) * F(x, 1 - x))(t ** (1 / ea)), lp) / ea
    right = mp.quad(lambda t: (lambda u: (1 - u) ** al * F(1 - u, u))(t ** (1 / eb)), rp) / eb
    return left + right


cases = []
for k in (0, 1, 2):
    for w in (10.0, 1000.0, 100000.0):
        for sine in (0, 1):
            cases.append(dict(id=f"osc(k={k}, sine={sine}, w={w!r})", family="osc", params=dict(k=k, sine=sine, w=w),
                              exact=s(osc(k, sine, w))))
for k in (3, 4, 5, 6, 7):
    for w in (0.03, 0.1, 1.0, 10.0):
        for sine in (0, 1):
            cases.append(dict(id=f"osc(k={k}, sine={sine}, w={w!r})", family="osc", params=dict(k=k, sine=sine, w=w),
                              exact=s(osc(k, sine, w))))
QAWS = [(-0.99, -0.5, 0, 0, 0.0), (-0.5, -0.99, 3, 0, 0.0), (0.5, -0.9, 1, 0, 0.0), (-0.9, 0.0, 2, 0, 0.0),
        # f singular at the end where the weight is regular: handed to the extrapolating driver
        (-0.5, 0.0, 0, 1, -0.9), (-0.9, 0.0, 0, 1, -0.9), (-0.5, 0.0, 1, 1, -0.5), (0.5, 0.0, 0, 1, -0.3),
        (-0.99, 0.0, 0, 2, 0.0), (-0.5, 0.0, 1, 2, 0.0), (0.0, 0.0, 0, 2, 0.0)]
for al, be, log, k, g in QAWS:
    cases.append(dict(id=f"qaws(al={al!r}, be={be!r}, log={log}, k={k}, g={g!r})", family="qaws",
                      params=dict(al=al, be=be, log=log, k=k, g=g), exact=s(qaws(al, be, log, k, g))))
cases.append(dict(id="gsl(f458, al=-0.5, be=-0.3, log=3)", family="gsl", params=dict(al=-0.5, be=-0.3, log=3),
                  gsl="0.3159922862811048172", exact=s(qaws(-0.5, -0.3, 3, 4, 0.0))))
KINK = [(-0.9, 0.0, 0, 0.2338358751523505, 1e-4), (-0.99, 0.0, 0, 0.0003195707573375759, 1e-4),
        (-0.9, -0.99, 0, 0.055847921021107805, 1e-6), (-0.99, -0.99, 0, 0.999341350751171, 1e-6),
        (-0.5, -0.99, 0, 0.8812728443601457, 1e-6), (0.5, -0.9, 0, 0.9998521712993647, 1e-4)]
for al, be, log, d, tol in KINK:
    cases.append(dict(id=f"kink(al={al!r}, be={be!r}, log={log}, d={d!r}) relTol {tol!r}", family="kink",
                      params=dict(al=al, be=be, log=log, d=d, tol=tol), exact=s(qaws(al, be, log, 3, 0.0, d))))
# f's own power at an end where the weight is singular too, and the same integral with the power folded into the weight
for al, be, g in ((-0.9, -0.5, -0.3), (0.5, -0.9, 0.3)):
    cases.append(dict(id=f"fold(al={al!r}, be={be!r}, g={g!r})", family="fold", params=dict(al=al, be=be, g=g),
                      exact=s(qaws(al, be, 0, 1, g))))

json.dump(dict(generator="tests/data/quad46_reference.py", mpmath=mp.__version__, dps=mp.mp.dps, cases=cases), sys.stdout, indent=1)
print()
