#!/usr/bin/python3
"""Audit 53: where the error of one QAWO modified Clenshaw-Curtis rule (23 interior Fejer points, degree 22) on e^(p x) under
cos/sin(w x) comes from, for cases of bench/peers/quad_weighted_honesty_battery.py (gen CASES 600 48).

  quad53_transform_rounding.py CASES.jsonl ID [ID ...]

For each case (one rule application on the whole range, as BlasNet's QAWO did there) it prints, against the case's
reference (mpmath closed form):
  - the rule in exact arithmetic on exact f (the rule's own truncation error) and on the double samples f(fl(node));
  - a replica of the rule in double (the plain discrete sine transform of OscillatoryWeightRule before audit 53, moments by
    the same forward recurrence): its error; the same with the moments exact, with the coefficients exact for the double
    samples, and with the transform's sums exact but the first-kind conversion in double (the double-double transform);
  - the transform's coefficient errors in units of eps*max|f| (a fixed pattern: the even ones +3 ... +0.5);
  - the rule's two rounding floors: 10 eps * h * sum|a_k u_k| and 0.5 eps max|f| h sum|u_k| (TransformRounding).
mpmath at 60 digits; the double replica is Python floats.
"""
import json
import math
import sys

import mpmath as mp

mp.mp.dps = 60
N = 24
EPS = 2.0 ** -52


def moments(lam, n=23):
    lam = mp.mpf(lam); s, c = mp.sin(lam), mp.cos(lam)
    u = [None] * n
    u[0] = 2 * s / lam; u[1] = 2 * (s / lam - c) / lam; u[2] = u[0] + 8 * ((c - s / lam) / lam) / lam
    for k in range(2, n - 1):  # forward: stable for lam > 24
        if k % 2 == 0:
            u[k + 1] = (4 * c + 2 * (k * k - 1) * u[k] + lam * (k + 1) * u[k - 1]) / (lam * (k - 1))
        else:
            u[k + 1] = (-4 * s - 2 * (k * k - 1) * u[k] + lam * (k + 1) * u[k - 1]) / (lam * (k - 1))
    return u


def exact_coefficients(fv):
    t = [mp.cos(j * mp.pi / N) for j in range(1, N)]
    A = mp.matrix([[mp.chebyt(k, tj) for k in range(N - 1)] for tj in t])
    return [c for c in mp.lu_solve(A, mp.matrix(fv))]


def to_first_kind(b):
    a = [0.0] * 23; et = ot = 0.0
    for i in range(22, 0, -1):
        if i % 2 == 0: et += b[i]; a[i] = 2 * et
        else: ot += b[i]; a[i] = 2 * ot
    a[0] = et + b[0]
    return a


def plain_coefficients(fx):
    S = [math.sin(k * math.pi / 24) for k in range(48)]
    S[0] = 0.0; S[12] = 1.0; S[24] = 0.0; S[36] = -1.0
    g = [fx[j] * S[j + 1] for j in range(23)]
    s = [0.0] * 24
    for k in range(1, 24):
        acc = 0.0
        for j in range(1, 24): acc += g[j - 1] * S[(j * k) % 48]
        s[k] = acc * (2.0 / 24)
    return to_first_kind(s[1:])


def compensated_coefficients(fx):
    s = [0.0] * 24
    for k in range(1, 24):
        acc = mp.fsum(mp.mpf(fx[j - 1]) * mp.sin(j * mp.pi / 24) * mp.sin(j * k * mp.pi / 24) for j in range(1, 24))
        s[k] = float(acc / 12)
    return to_first_kind(s[1:])


def run(c):
    p = c["p"][0]; a, b = c["a"], c["b"]; W = abs(c["omega"]); sine = c["weight"] == "sin"
    sgn = (1 if c["omega"] > 0 else -1) if sine else 1
    m = (mp.mpf(a) + mp.mpf(b)) / 2; h = (mp.mpf(b) - mp.mpf(a)) / 2
    md, hd = float(m), float(h); lam = W * h
    ref = mp.mpf(c["ref"])
    cm, sm = mp.cos(W * m), mp.sin(W * m)
    pc, ps = (sm, cm) if sine else (cm, -sm)
    t = [mp.cos(j * mp.pi / N) for j in range(1, N)]
    x_exact = [m + h * tj for tj in t]
    f_exact = [mp.exp(p * x) for x in x_exact]
    td = [float(tj) for tj in t]
    f_dbl = [math.exp(p * (md + hd * tj)) for tj in td]
    u_exact = moments(lam)
    u_dbl = [0.0] * 23
    lamd = float(lam); sl, cl = float(mp.sin(lam)), float(mp.cos(lam))
    sol = sl / lamd; u_dbl[0] = 2 * sol; u_dbl[1] = 2 * (sol - cl) / lamd; u_dbl[2] = u_dbl[0] + 8 * ((cl - sol) / lamd) / lamd
    for k in range(2, 22):
        sq = 2.0 * (k * k - 1.0)
        rhs = 4.0 * cl + sq * u_dbl[k] if k % 2 == 0 else -4.0 * sl - sq * u_dbl[k]
        u_dbl[k + 1] = (rhs / lamd + (k + 1) * u_dbl[k - 1]) / (k - 1)

    def value(co, u, dbl):
        if dbl:
            ev = od = 0.0
            for k in range(23):
                if k % 2 == 0: ev += co[k] * u[k]
                else: od += co[k] * u[k]
            return sgn * hd * (float(pc) * ev + float(ps) * od)
        ev = mp.fsum(co[k] * u[k] for k in range(0, 23, 2)); od = mp.fsum(co[k] * u[k] for k in range(1, 23, 2))
        return sgn * h * (pc * ev + ps * od)

    ce = exact_coefficients(f_exact)
    cd = exact_coefficients([mp.mpf(v) for v in f_dbl])
    plain = plain_coefficients(f_dbl)
    comp = compensated_coefficients(f_dbl)
    cd_f = [float(v) for v in cd]
    mx = max(f_dbl)
    print(f"#{c['id']} {c['weight']}({c['omega']:.6g}x) e^({p:.4f}x) on [{a:.4f}, {b:.4f}], lambda = {float(lam):.1f}, ref {mp.nstr(ref, 17)}")
    print(f"  exact rule, exact f {mp.nstr(value(ce, u_exact, False) - ref, 3)}; exact rule, double samples "
          f"{mp.nstr(value(cd, u_exact, False) - ref, 3)}")
    for label, co, u in (("double replica (plain transform)", plain, u_dbl), ("  moments exact", plain, [float(v) for v in u_exact]),
                         ("  coefficients exact for the samples", cd_f, u_dbl), ("double-double transform", comp, u_dbl)):
        print(f"  {label}: error {float(mp.mpf(value(co, u, True)) - ref):.3e}")
    print("  plain transform's a_k errors / (eps max|f|):", " ".join(f"{(plain[k] - cd_f[k]) / (EPS * mx):+.2f}" for k in range(23)))
    mag = hd * (abs(float(pc)) * sum(abs(plain[k] * u_dbl[k]) for k in range(0, 23, 2))
                + abs(float(ps)) * sum(abs(plain[k] * u_dbl[k]) for k in range(1, 23, 2)))
    tr = 0.5 * EPS * mx * hd * (abs(float(pc)) * sum(abs(u_dbl[k]) for k in range(0, 23, 2))
                                + abs(float(ps)) * sum(abs(u_dbl[k]) for k in range(1, 23, 2)))
    unit = lambda j: [mp.mpf(1) if i == j else mp.mpf(0) for i in range(23)]
    sens = mp.fsum(abs(value(exact_coefficients(unit(j)), u_exact, False)) * abs(f_exact[j]) for j in range(23))
    print(f"  floors: 10 eps h sum|a_k u_k| = {10 * EPS * mag:.3e}, 0.5 eps max|f| h sum|u_k| = {tr:.3e}; "
          f"samples' worst case eps sum_j |dI/df_j||f_j| = {float(sens) * EPS:.3e}")


if __name__ == "__main__":
    cases = {c["id"]: c for c in map(json.loads, open(sys.argv[1]))}
    for i in sys.argv[2:]:
        run(cases[int(i)])
