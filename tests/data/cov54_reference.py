#!/usr/bin/env python3
"""Reference covariances for CurveFit (tests/data/cov54-reference.json), audit cov54 (session 51).

Seeded random curve fits and a few hand-made ones, each with SciPy's curve_fit popt and pcov at the minimiser:

- no bounds: curve_fit(method='lm') with the analytic Jacobian and tolerances 1e-14, restarted from its own popt until popt
  stops moving; also run from the true parameters, and the lower of the two minima kept (a case whose two runs end at
  different minima is left out: the reference would depend on the path);
- bounds: curve_fit(method='trf') with the analytic Jacobian and tolerances 1e-14, restarted the same way (SciPy uses trf
  when there are bounds; only the covariance at the solution is compared, not the path).

Every pcov with degrees of freedom left is checked here against an independent formula: inv(J^T W J) (times
s^2 = sum(r^2)/(m - n) when absolute_sigma is False) formed with numpy from the analytic Jacobian at popt, by SVD. The
models (the C# test has the same formulas, by name):

  exp2    a*exp(-b*x)                        x in [0, 5]
  exp3    a*exp(-b*x) + c                    x in [0, 5]
  exp3s   as exp3 with a ~ 1e8, b ~ 1e-8, c ~ 3e7 and x in [0, 4e8]  (parameters 16 decades apart)
  gauss3  h*exp(-((x - mu)/s)^2/2)           x in [-3, 3]
  gauss4  gauss3 + c
  rat3    (a + b*x)/(1 + c*x)                x in [0, 4]
  polyK   p0 + p1*x + ... + pK*x^K, K=1..4  x in [-1, 2]   (linear: pcov is the closed form)

Noise: y = f(x, p_true) + level*|scale|*N(0,1)*sigma_i (sigma_i = 1 without sigma, else seeded in [0.5, 2]). Sigma modes:
none, relative (absolute_sigma False), absolute (True), and absolute_sigma True without sigma. m from n (no degrees of
freedom) to 1000. NaN and infinities are written as the strings "NaN", "Infinity" (json_numbers.num). Usage:

    /usr/bin/python3 tests/data/cov54_reference.py > tests/data/cov54-reference.json
"""
import json
import sys
import warnings

import numpy as np
import scipy
from scipy.optimize import curve_fit, OptimizeWarning

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from json_numbers import num  # noqa: E402

TOL = dict(ftol=1e-14, xtol=1e-14, gtol=1e-14)


def f_exp2(x, a, b):
    return a * np.exp(-b * x)


def j_exp2(x, a, b):
    e = np.exp(-b * x)
    return np.column_stack([e, -a * x * e])


def f_exp3(x, a, b, c):
    return a * np.exp(-b * x) + c


def j_exp3(x, a, b, c):
    e = np.exp(-b * x)
    return np.column_stack([e, -a * x * e, np.ones_like(x)])


def f_gauss3(x, h, mu, s):
    return h * np.exp(-0.5 * ((x - mu) / s) ** 2)


def j_gauss3(x, h, mu, s):
    z = (x - mu) / s
    e = np.exp(-0.5 * z * z)
    return np.column_stack([e, h * e * z / s, h * e * z * z / s])


def f_gauss4(x, h, mu, s, c):
    return f_gauss3(x, h, mu, s) + c


def j_gauss4(x, h, mu, s, c):
    return np.column_stack([j_gauss3(x, h, mu, s), np.ones_like(x)])


def f_rat3(x, a, b, c):
    return (a + b * x) / (1 + c * x)


def j_rat3(x, a, b, c):
    d = 1 + c * x
    return np.column_stack([1 / d, x / d, -(a + b * x) * x / d ** 2])


def f_poly(x, *p):
    return sum(pk * x ** k for k, pk in enumerate(p))


def j_poly(x, *p):
    return np.column_stack([x ** k for k in range(len(p))])


def f_dup(x, a, b, c):
    # a and b enter only as their sum: J has rank 2, a and b are undetermined, c is.
    return (a + b) + c * x


def j_dup(x, a, b, c):
    return np.column_stack([np.ones_like(x), np.ones_like(x), x])


MODELS = {
    "exp2": (f_exp2, j_exp2, (0, 5), [2.0, 0.8]),
    "exp3": (f_exp3, j_exp3, (0, 5), [2.0, 0.8, 0.3]),
    "exp3s": (f_exp3, j_exp3, (0, 4e8), [1e8, 1e-8, 3e7]),
    "gauss3": (f_gauss3, j_gauss3, (-3, 3), [1.5, 0.2, 0.7]),
    "gauss4": (f_gauss4, j_gauss4, (-3, 3), [1.5, 0.2, 0.7, 0.1]),
    "rat3": (f_rat3, j_rat3, (0, 4), [1.0, 2.0, 0.5]),
    "poly1": (f_poly, j_poly, (-1, 2), [0.5, -1.0]),
    "poly2": (f_poly, j_poly, (-1, 2), [0.5, -1.0, 0.3]),
    "poly3": (f_poly, j_poly, (-1, 2), [0.5, -1.0, 0.3, 0.2]),
    "poly4": (f_poly, j_poly, (-1, 2), [0.5, -1.0, 0.3, 0.2, -0.1]),
    "dup": (f_dup, j_dup, (0, 3), [1.0, 0.5, 2.0]),
}


def fit(model, x, y, p0, sigma, absolute, bounds):
    f, jac = MODELS[model][0], MODELS[model][1]
    kw = dict(sigma=sigma, absolute_sigma=absolute, jac=lambda xx, *p: jac(xx, *p), **TOL)
    if bounds is not None:
        kw.update(method="trf", bounds=bounds)
    else:
        kw.update(method="lm")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OptimizeWarning)
        p = np.array(p0, float)
        for _ in range(8):
            popt, pcov = curve_fit(f, x, y, p0=p, **kw)
            moved = np.max(np.abs(popt - p) / np.maximum(np.abs(popt), 1e-300))
            p = popt
            if moved < 1e-13:
                break
    w = np.ones_like(y) if sigma is None else 1 / np.asarray(sigma)
    cost = float(np.sum(((f(x, *popt) - y) * w) ** 2))
    return popt, pcov, cost


def independent_pcov(model, x, y, popt, sigma, absolute):
    """inv(J^T W J) (times s^2 for relative sigma) by SVD of the weighted analytic Jacobian; None without dof (relative)."""
    f, jac = MODELS[model][0], MODELS[model][1]
    w = np.ones_like(y) if sigma is None else 1 / np.asarray(sigma)
    J = jac(x, *popt) * w[:, None]
    m, n = J.shape
    if not absolute and m == n:
        return None
    # Columns equilibrated first: exp3s has columns 16 decades apart, where an SVD of J itself (and SciPy's inv(R^T R))
    # loses the small singular values.
    d = np.sqrt(np.sum(J * J, axis=0))
    _, s, vt = np.linalg.svd(J / d, full_matrices=False)
    cov = ((vt.T / s ** 2) @ vt) / np.outer(d, d)
    if not absolute:
        r = (f(x, *popt) - y) * w
        cov = cov * np.sum(r * r) / (m - n)
    return cov


def make_data(rng, model, m, level):
    f = MODELS[model][0]
    lo, hi = MODELS[model][2]
    ptrue = np.array(MODELS[model][3]) * (1 + 0.2 * rng.uniform(-1, 1, len(MODELS[model][3])))
    x = np.sort(rng.uniform(lo, hi, m))
    clean = f(x, *ptrue)
    scale = np.max(np.abs(clean))
    return x, clean, scale, ptrue


def case_record(name, model, x, y, p0, sigma, absolute, bounds, popt, pcov, cost, kind):
    m, n = len(x), len(p0)
    exact, agreement = (None, None) if model == "dup" else check(model, x, y, popt, pcov, sigma, absolute, name)
    return {
        "name": name, "kind": kind, "model": model, "x": [float(v) for v in x], "y": [float(v) for v in y],
        "p0": [float(v) for v in p0], "sigma": None if sigma is None else [float(v) for v in sigma],
        "absolute_sigma": bool(absolute),
        "lower": None if bounds is None else [num(v) for v in bounds[0]],
        "upper": None if bounds is None else [num(v) for v in bounds[1]],
        "popt": [float(v) for v in popt], "pcov": [[num(v) for v in row] for row in pcov],
        # The independent covariance at popt (column-equilibrated SVD of the analytic Jacobian; null where SciPy's is inf
        # for want of degrees of freedom, or for the rank-deficient model) and SciPy's largest difference from it, relative
        # to sqrt(C_ii C_jj).
        "pcov_exact": None if exact is None else [[num(v) for v in row] for row in exact],
        "scipy_vs_exact": agreement,
        "chi2": cost, "m": m, "n": n,
    }


def check(model, x, y, popt, pcov, sigma, absolute, name):
    """SciPy's pcov against the independent one: (independent pcov or None, largest |difference|/sqrt(C_ii C_jj))."""
    ref = independent_pcov(model, x, y, popt, sigma, absolute)
    if ref is None:
        assert np.all(np.isinf(pcov)), name
        return None, 0.0
    d = np.sqrt(np.outer(np.diag(ref), np.diag(ref)))
    return ref, float(np.max(np.abs(pcov - ref) / d))


def sweep(rng, count):
    cases, dropped = [], 0
    names = [k for k in MODELS if k != "dup"]
    i = 0
    while len(cases) < count:
        i += 1
        model = names[rng.integers(len(names))]
        n = len(MODELS[model][3])
        kind_m = rng.uniform()
        m = n if kind_m < 0.06 else n + 1 if kind_m < 0.12 else int(np.exp(rng.uniform(np.log(n + 2), np.log(1000))))
        level = [1e-6, 1e-3, 1e-2, 0.05, 0.1][rng.integers(5)]
        mode = ["none", "relative", "absolute", "absolute-unit"][rng.integers(4)]
        x, clean, scale, ptrue = make_data(rng, model, m, level)
        sigma = None if mode in ("none", "absolute-unit") else rng.uniform(0.5, 2, m) * level * scale
        noise_sd = (sigma if sigma is not None else level * scale)
        y = clean + noise_sd * rng.standard_normal(m)
        absolute = mode in ("absolute", "absolute-unit")
        p0 = ptrue * (1 + rng.uniform(-0.3, 0.3, n))
        bounds = None
        if model != "exp3s" and rng.uniform() < 0.25:
            # A box around the truth; one parameter in three cases of four gets a bound the minimum would pass (active).
            lo = np.where(ptrue > 0, ptrue * 0.2, ptrue * 5) - 1.0
            hi = np.where(ptrue > 0, ptrue * 5, ptrue * 0.2) + 1.0
            if rng.uniform() < 0.75:
                j = rng.integers(n)
                if ptrue[j] > 0:
                    hi[j] = ptrue[j] * 0.9
                    p0[j] = min(p0[j], ptrue[j] * 0.8)
                else:
                    lo[j] = ptrue[j] * 0.9
                    p0[j] = max(p0[j], ptrue[j] * 0.8)
            p0 = np.clip(p0, lo + 1e-3 * (hi - lo), hi - 1e-3 * (hi - lo))
            bounds = (lo, hi)
        try:
            popt, pcov, cost = fit(model, x, y, p0, sigma, absolute, bounds)
            popt2, _, cost2 = fit(model, x, y, np.clip(ptrue, *bounds) if bounds is not None else ptrue, sigma, absolute, bounds)
        except (RuntimeError, ValueError):
            dropped += 1
            continue
        if not np.all(np.isfinite(popt)) or abs(cost - cost2) > 1e-9 * max(cost, cost2) + 1e-300 \
                or np.max(np.abs(popt - popt2) / np.maximum(np.abs(popt), 1e-12)) > 1e-6:
            dropped += 1
            continue
        name = f"sweep{i:03d}-{model}-m{m}-{mode}" + ("-bounds" if bounds is not None else "")
        if bounds is not None:
            # trf keeps x strictly inside: the covariance is compared at SciPy's x, so popt is what CurveFit's X must match.
            pass
        cases.append(case_record(name, model, x, y, p0, sigma, absolute, bounds, popt, pcov, cost, "sweep"))
    return cases, dropped


def named(rng):
    out = []

    def add(name, model, x, y, p0, sigma=None, absolute=False, bounds=None):
        popt, pcov, cost = fit(model, x, y, np.array(p0, float), sigma, absolute, bounds)
        out.append(case_record(name, model, x, y, p0, sigma, absolute, bounds, popt, pcov, cost, "named"))

    # m == n: interpolation, no degrees of freedom. Relative sigma: SciPy's pcov is all inf; absolute: inv(J^T W J).
    x = np.array([0.0, 1.0, 2.5])
    y = f_exp3(x, 2.0, 0.8, 0.3) + np.array([0.01, -0.02, 0.015])
    add("exp3-m-equals-n-relative", "exp3", x, y, [1.8, 0.7, 0.25])
    add("exp3-m-equals-n-absolute", "exp3", x, y, [1.8, 0.7, 0.25], sigma=np.array([0.1, 0.2, 0.1]), absolute=True)
    add("poly1-m-equals-n-absolute-unit", "poly1", np.array([0.0, 2.0]), np.array([1.0, 4.0]), [0.0, 1.0], absolute=True)
    # m = n + 1: one degree of freedom.
    x4 = np.array([0.0, 1.0, 2.5, 4.0])
    add("exp3-m-n-plus-one-relative", "exp3", x4, f_exp3(x4, 2.0, 0.8, 0.3) + np.array([0.01, -0.02, 0.015, -0.01]), [1.8, 0.7, 0.25])
    # The same data and relative sigma scaled by 1e-6, 1 and 1e6: pcov must not change; absolute: it scales by k^2.
    x = np.linspace(0, 5, 40)
    base = f_exp3(x, 2.0, 0.8, 0.3)
    s = 0.5 + 1.5 * ((np.arange(40) * 7) % 11) / 10
    y = base + 0.02 * s * rng.standard_normal(40)
    for k in (1e-6, 1.0, 1e6):
        add(f"exp3-sigma-times-{k:g}-relative", "exp3", x, y, [1.5, 1.0, 0.2], sigma=0.02 * s * k)
        add(f"exp3-sigma-times-{k:g}-absolute", "exp3", x, y, [1.5, 1.0, 0.2], sigma=0.02 * s * k, absolute=True)
    add("exp3-no-sigma", "exp3", x, y, [1.5, 1.0, 0.2])
    add("exp3-no-sigma-absolute-unit", "exp3", x, y, [1.5, 1.0, 0.2], absolute=True)
    # p0 variations: near, far, and on the other side of the minimum.
    for tag, p0 in (("near", [2.0, 0.8, 0.3]), ("far", [0.5, 3.0, -1.0]), ("flipped", [3.5, 0.3, 0.9])):
        add(f"exp3-p0-{tag}", "exp3", x, y, p0, sigma=0.02 * s)
    # Gaussian and rational, weighted, both settings.
    xg = np.linspace(-3, 3, 61)
    yg = f_gauss4(xg, 1.5, 0.2, 0.7, 0.1) + 0.03 * rng.standard_normal(61)
    for absolute in (False, True):
        add(f"gauss4-{'absolute' if absolute else 'relative'}", "gauss4", xg, yg, [1.0, 0.0, 1.0, 0.0], sigma=np.full(61, 0.03), absolute=absolute)
    xr = np.linspace(0, 4, 30)
    yr = f_rat3(xr, 1.0, 2.0, 0.5) * (1 + 0.01 * rng.standard_normal(30))
    add("rat3-relative", "rat3", xr, yr, [0.8, 1.5, 0.3], sigma=0.01 * np.abs(f_rat3(xr, 1.0, 2.0, 0.5)))
    # Linear models: pcov is the closed form s^2 (X^T W X)^-1; polynomials of degree 1 and 4, 1000 points.
    xp = np.linspace(-1, 2, 1000)
    yp = f_poly(xp, 0.5, -1.0, 0.3, 0.2, -0.1) + 0.05 * rng.standard_normal(1000)
    add("poly4-m1000", "poly4", xp, yp, [0, 0, 0, 0, 0])
    add("poly1-m1000-weighted", "poly1", xp, yp, [0, 0], sigma=0.05 * (1 + xp * xp))
    # Parameters 16 decades apart (1e8 and 1e-8).
    xs = np.linspace(0, 4e8, 50)
    ys = f_exp3(xs, 1e8, 1e-8, 3e7) * (1 + 1e-3 * rng.standard_normal(50))
    add("exp3s-scales", "exp3s", xs, ys, [0.8e8, 1.2e-8, 2e7])
    add("exp3s-scales-absolute", "exp3s", xs, ys, [0.8e8, 1.2e-8, 2e7], sigma=np.full(50, 1e5), absolute=True)
    # Bounds: an inactive box (the covariance is the unbounded one) and an active upper bound on c.
    add("exp3-bounds-inactive", "exp3", x, y, [1.5, 1.0, 0.2], sigma=0.02 * s, bounds=([0, 0, -5], [10, 10, 5]))
    add("exp3-bounds-active-c", "exp3", x, y, [1.5, 1.0, 0.2], sigma=0.02 * s, bounds=([0, 0, -5], [10, 10, 0.25]))
    add("gauss3-bounds-active-width", "gauss3", xg, yg - 0.1, [1.0, 0.0, 0.5], bounds=([0, -1, 0.1], [5, 1, 0.6]))
    # Rank-deficient: a and b enter only as a + b. SciPy's lm pcov here is not meaningful (the record keeps it); the test
    # compares c against the closed form of the reduced line and a, b against "undetermined".
    xd = np.linspace(0, 3, 20)
    yd = 1.5 + 2.0 * xd + 0.05 * rng.standard_normal(20)
    add("dup-rank-deficient", "dup", xd, yd, [1.0, 0.5, 2.0])
    return out


def main():
    rng = np.random.default_rng(54)
    named_cases = named(rng)
    cases, dropped = sweep(rng, 240)
    agreements = sorted(c["scipy_vs_exact"] for c in named_cases + cases if c["scipy_vs_exact"] is not None)
    off = [c["name"] for c in named_cases + cases if (c["scipy_vs_exact"] or 0) > 1e-6]
    json.dump({
        "generator": "tests/data/cov54_reference.py",
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
        "sweep_dropped": dropped,
        "scipy_vs_exact_median": agreements[len(agreements) // 2],
        "scipy_vs_exact_off": off,
        "cases": named_cases + cases,
    }, sys.stdout, indent=None, separators=(",", ":"))
    print(f"{len(named_cases)} named, {len(cases)} sweep, {dropped} dropped; SciPy vs exact: median {agreements[len(agreements) // 2]:.1e}, "
          f"above 1e-6: {len(off)} {off}", file=sys.stderr)


if __name__ == "__main__":
    main()
