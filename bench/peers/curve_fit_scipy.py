#!/usr/bin/env python3
"""Reference values for CurveFit (tests/data/curve-fit-reference.json).

scipy.optimize.curve_fit (method='lm', analytic Jacobian, tolerances 1e-14, restarted from its own popt until
popt stops moving, so popt is the minimiser to rounding and pcov is formed there) on seeded synthetic data: a weighted exponential decay with both absolute_sigma settings, the
same fit with one parameter held fixed (curve_fit over the remaining two, the fixed value closed over),
an unweighted Gaussian peak; and scipy.stats.t.ppf at assorted levels and degrees of freedom, with the same
quantiles solved at 40 digits with mpmath (t_mpmath). Each pcov
is checked here against inv(J^T J) (times s^2 when absolute_sigma is False) formed from the analytic
Jacobian at popt. Usage:

    /usr/bin/python3 bench/peers/curve_fit_scipy.py > tests/data/curve-fit-reference.json
"""
import json
import sys

import mpmath
import numpy as np
import scipy
from scipy import stats
from scipy.optimize import curve_fit

TOL = dict(ftol=1e-14, xtol=1e-14, gtol=1e-14, method="lm")


def decay(x, a, b, c):
    return a * np.exp(-b * x) + c


def decay_jac(x, a, b, c):
    e = np.exp(-b * x)
    return np.column_stack([e, -a * x * e, np.ones_like(x)])


def gauss(x, h, mu, s):
    return h * np.exp(-0.5 * ((x - mu) / s) ** 2)


def gauss_jac(x, h, mu, s):
    z = (x - mu) / s
    e = np.exp(-0.5 * z * z)
    return np.column_stack([e, h * e * z / s, h * e * z * z / s])


def check_pcov(jac, x, popt, y, f, sigma, absolute, pcov):
    w = 1.0 if sigma is None else 1.0 / sigma
    J = jac(x, *popt) * (w if np.isscalar(w) else w[:, None])
    cov = np.linalg.inv(J.T @ J)
    if not absolute:
        r = (f(x, *popt) - y) * w
        cov *= (r @ r) / (len(y) - len(popt))
    err = np.max(np.abs(cov - pcov)) / np.max(np.abs(pcov))
    print(f"pcov against inv(J^T J) at popt: {err:.2e}", file=sys.stderr)
    if err > 1e-10:
        sys.exit(f"pcov disagrees with inv(J^T J) at popt: {err:.3g}")


def fit_case(name, f, jac, x, y, p0, sigma, absolute, note):
    # MINPACK's ftol test fires once the sum of squares stops falling, about sqrt(ftol) short of the
    # minimiser, and pcov comes from the Jacobian of the last outer iteration, not at popt: curve_fit is
    # restarted from its own popt until popt no longer moves, so both describe the minimiser itself.
    popt = np.asarray(p0, dtype=float)
    for restart in range(50):
        previous = popt
        popt, pcov = curve_fit(f, x, y, p0=previous, sigma=sigma, absolute_sigma=absolute, jac=jac, **TOL)
        if np.max(np.abs(popt - previous) / np.abs(popt)) < 1e-14:
            break
    else:
        sys.exit(f"{name}: curve_fit restarts did not settle")
    check_pcov(jac, x, popt, y, f, sigma, absolute, pcov)
    return dict(name=name, note=note, x=x.tolist(), y=y.tolist(), p0=list(p0),
                sigma=None if sigma is None else sigma.tolist(), absolute_sigma=absolute,
                popt=popt.tolist(), pcov=pcov.tolist())


def student_t_quantile_mpmath(p, dof, start):
    """The p-quantile of Student's t with dof degrees of freedom at 40 digits: scipy's t.ppf is good to
    about 1e-11 (t.ppf(0.75, 1) = 1.0000000000134, exactly 1), so the quantile is also solved for here."""
    mpmath.mp.dps = 40
    nu = mpmath.mpf(dof)
    target = mpmath.mpf(p)

    def cdf(t):
        tail = mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2
        return 1 - tail if t > 0 else tail

    if p == 0.5:
        return 0.0
    return float(mpmath.findroot(lambda t: cdf(t) - target, mpmath.mpf(start)))


def main():
    rng = np.random.default_rng(20261202)
    cases = []

    x = np.linspace(0.0, 4.0, 30)
    sigma = 0.05 + 0.25 * rng.random(x.size)
    y = decay(x, 2.5, 1.3, 0.4) + sigma * rng.standard_normal(x.size)
    for absolute in (False, True):
        cases.append(fit_case(f"decay-weighted-absolute-{str(absolute).lower()}", decay, decay_jac, x, y,
                              [1.0, 1.0, 0.0], sigma, absolute,
                              "a*exp(-b*x)+c, per-point sigma, true parameters (2.5, 1.3, 0.4)"))

    # c held fixed at 0.4: curve_fit over (a, b) with c closed over; the C# side fits all three with c fixed.
    def decay_fixed(x, a, b):
        return decay(x, a, b, 0.4)

    def decay_fixed_jac(x, a, b):
        return decay_jac(x, a, b, 0.4)[:, :2]

    for absolute in (False, True):
        case = fit_case(f"decay-fixed-c-absolute-{str(absolute).lower()}", decay_fixed, decay_fixed_jac, x, y,
                        [1.0, 1.0], sigma, absolute, "a*exp(-b*x)+c with c fixed at 0.4 (popt and pcov over a, b)")
        case["fixed_value"] = 0.4
        cases.append(case)

    xg = np.linspace(-3.0, 5.0, 41)
    yg = gauss(xg, 3.0, 0.7, 1.1) + 0.08 * rng.standard_normal(xg.size)
    cases.append(fit_case("gauss-unweighted", gauss, gauss_jac, xg, yg, [2.0, 0.0, 1.5], None, False,
                          "h*exp(-((x-mu)/s)^2/2), no sigma, true parameters (3, 0.7, 1.1)"))

    quantiles = []
    for dof in (1, 2, 3, 4, 5, 7, 10, 27, 38, 100, 1000, 100000):
        for p in (0.5, 0.6, 0.75, 0.84, 0.95, 0.975, 0.995, 0.9995, 0.9999995, 0.05, 0.0005):
            t = float(stats.t.ppf(p, dof))
            quantiles.append(dict(dof=dof, p=p, t=t, t_mpmath=student_t_quantile_mpmath(p, dof, t)))

    json.dump(dict(produced_by="bench/peers/curve_fit_scipy.py",
                   versions=dict(scipy=scipy.__version__, numpy=np.__version__, mpmath=mpmath.__version__),
                   curve_fit_options=TOL, cases=cases, t_ppf=quantiles), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
