#!/usr/bin/python3
"""Reference values for Quad.Integrate with Weight.Cos / Weight.Sin (QAWO on finite ranges, QAWF to infinity),
written to tests/data/qawo-reference.json and read by tests/BlasNet.Tests/Quadrature/OscillatoryWeightTests.cs.

- "exact": closed forms where they exist, otherwise mpmath at 40 digits (quadosc for infinite ranges, quad on
  the subdivision at the zeros of the weight for finite ones);
- "scipy": SciPy's quad(weight='cos'/'sin') (QUADPACK QAWO/QAWF) with epsabs 0, epsrel 1e-10, limit 500 on finite
  ranges; QAWF needs an absolute tolerance, so it is called with epsabs = 1e-10·|exact| there. Its value and
  evaluation count (neval) are the peer. Where f is infinite at an end point SciPy is also given the GSL
  convention f(end) = 0 ("scipy_f0"), because QUADPACK evaluates f there;
- "moments": C_k(λ) = ∫_{-1}^{1} T_k(t) cos(λt) dt (k even) and S_k(λ) = ∫ T_k(t) sin(λt) dt (k odd), k = 0..22,
  by mpmath at 40 digits from the Jacobi–Anger (Bessel) expansion of the weight.
- "plain21": evaluation counts of SciPy's plain QAGS (21-point Gauss–Kronrod) on w·f for the ω = 1000 cases.
Run with Debian's python3-mpmath and python3-scipy.
"""
import json
import math
import os

import mpmath as mp
import numpy as np
import scipy
from scipy.integrate import quad

mp.mp.dps = 40
PI = mp.pi
# The limit b = π as the tests pass it (the double nearest π): at ω = 1000 the 1.2e-16 difference changes the
# integral in its tenth digit.
B_PI = mp.mpf(math.pi)


def finite_exact(f, a, b, weight, omega):
    """∫_a^b w(x) f(x) dx by mpmath, split at the zeros of the weight so each piece is smooth (and at 1e-k near
    0 for a logarithmic end)."""
    a, b, omega = mp.mpf(a), mp.mpf(b), mp.mpf(omega)
    w = (lambda x: mp.cos(omega * x)) if weight == "cos" else (lambda x: mp.sin(omega * x))
    step = PI / omega
    points = [a]
    k = mp.ceil(a / step)
    while k * step < b:
        if k * step > a:
            points.append(k * step)
        k += 1
    points.append(b)
    return mp.quad(lambda x: w(x) * f(x), points)


def infinite_exact(f, a, weight, omega):
    omega = mp.mpf(omega)
    w = (lambda x: mp.cos(omega * x)) if weight == "cos" else (lambda x: mp.sin(omega * x))
    return mp.quadosc(lambda x: w(x) * f(x), [a, mp.inf], omega=omega)


def mlog(x):
    return mp.log(x)


def flog0(x):
    return 0.0 if x == 0 else math.log(x)


# (name, f for mpmath, f for scipy, f for scipy with f(end) = 0 or None, a, b, weight, omega, exact or None)
FINITE = [
    # GSL's test suite, qawo: ∫_0^1 log(x) sin(10πx) dx = −0.128136848399167473... (GSL's f456)
    ("log x sin 10pi x", mlog, math.log, flog0, 0, 1, "sin", 10 * math.pi, None),
    # The case: SciPy's QAWO returns NaN here.
    ("log x sin 200x", mlog, math.log, flog0, 0, 1, "sin", 200.0, None),
    # SciPy's test_sine_weighted_finite: exp(20(x − 1)), ω = 2^3.4.
    ("exp(20(x-1)) sin", lambda x: mp.exp(20 * (x - 1)), lambda x: math.exp(20 * (x - 1)), None, 0, 1, "sin",
     2 ** 3.4, None),
    # ω = 1000 on [0, π] (the target), closed forms.
    ("exp x cos 1000x", mp.exp, math.exp, None, 0, math.pi, "cos", 1000.0,
     mp.re((mp.exp(B_PI * (1 + 1000j)) - 1) / (1 + 1000j))),
    ("exp x sin 1000x", mp.exp, math.exp, None, 0, math.pi, "sin", 1000.0,
     mp.im((mp.exp(B_PI * (1 + 1000j)) - 1) / (1 + 1000j))),
    ("1/(1+x^2) cos 1000x", lambda x: 1 / (1 + x * x), lambda x: 1 / (1 + x * x), None, 0, math.pi, "cos", 1000.0,
     None),
    ("sqrt x sin 1000x", mp.sqrt, math.sqrt, None, 0, math.pi, "sin", 1000.0, None),
    # Moderate ω, both moment regimes (λ ≤ 24 by the boundary-value problem, λ > 24 forward).
    ("cos x cos 30x", mp.cos, math.cos, None, -1, 2, "cos", 30.0, None),
    ("1/(1+x^2) sin 7x", lambda x: 1 / (1 + x * x), lambda x: 1 / (1 + x * x), None, -3, 2, "sin", 7.0, None),
    # ω·(b − a) in the hundreds of thousands.
    ("exp(-x) cos 1e5 x", lambda x: mp.exp(-x), lambda x: math.exp(-x), None, 0, 10, "cos", 1e5,
     mp.re((1 - mp.exp(-10 * (1 - 100000j))) / (1 - 100000j))),
]

INFINITE = [
    # SciPy's test_cosine_weighted_infinite and test_sine_weighted_infinite: exp(−4x), ω = 3.
    ("exp(-4x) cos 3x", lambda x: mp.exp(-4 * x), lambda x: math.exp(-4 * x), None, 0, "cos", 3.0, mp.mpf(4) / 25),
    ("exp(-4x) sin 3x", lambda x: mp.exp(-4 * x), lambda x: math.exp(-4 * x), None, 0, "sin", 3.0, mp.mpf(3) / 25),
    # GSL's test suite, qawf: ∫_0^∞ cos(πx/2)/√x dx = 1 (GSL's f457, f(0) = 0 there).
    ("cos(pi x/2)/sqrt x", lambda x: 1 / mp.sqrt(x), lambda x: 1 / math.sqrt(x),
     lambda x: 0.0 if x == 0 else 1 / math.sqrt(x), 0, "cos", math.pi / 2, mp.mpf(1)),
    # Dirichlet: ∫_0^∞ sin(x)/x dx = π/2, with f = 1/x infinite at 0.
    ("sin x / x", lambda x: 1 / x, lambda x: 1 / x, lambda x: 0.0 if x == 0 else 1 / x, 0, "sin", 1.0, PI / 2),
    # Laplace: ∫_0^∞ cos(ωx)/(1 + x²) dx = (π/2)e^{−ω}, ω = 1 and ω = 10 (strong cancellation).
    ("cos x/(1+x^2)", lambda x: 1 / (1 + x * x), lambda x: 1 / (1 + x * x), None, 0, "cos", 1.0, PI / 2 * mp.exp(-1)),
    ("cos 10x/(1+x^2)", lambda x: 1 / (1 + x * x), lambda x: 1 / (1 + x * x), None, 0, "cos", 10.0,
     PI / 2 * mp.exp(-10)),
    # ∫_1^∞ sin(x)/x² dx, from a finite start that is not 0 (mpmath quadosc).
    ("sin x / x^2 from 1", lambda x: 1 / x ** 2, lambda x: 1 / x ** 2, None, 1, "sin", 1.0, None),
]


def scipy_quad(f, a, b, weight, omega, epsabs=0.0):
    kwargs = dict(weight=weight, wvar=omega, epsabs=epsabs, full_output=1)
    if math.isfinite(b):
        kwargs.update(epsrel=1e-10, limit=500)
    try:
        with np.errstate(all="ignore"):
            out = quad(f, a, b, **kwargs)
        value, info = out[0], out[2]
        return {"value": value, "error": out[1], "neval": int(info["neval"])}
    except Exception as e:  # noqa: BLE001 - a peer failure is data too
        # JSON has no NaN: a failed call is recorded as nulls and the exception's text.
        return {"value": None, "error": None, "neval": -1, "failure": str(e)}


def moments(lam):
    """By the Jacobi–Anger expansion e^{iλ cos θ} = Σ_n ε_n i^n J_n(λ) cos nθ (ε_0 = 1, ε_n = 2), independent of
    the recurrences: ∫_{-1}^{1} T_k(t) e^{iλt} dt = ∫_0^π cos kθ e^{iλ cos θ} sin θ dθ
    = Σ_n ε_n i^n J_n(λ)·½(A(k − n) + A(k + n)), A(m) = ∫_0^π cos mθ sin θ dθ = (1 + (−1)^m)/(1 − m²)."""
    lam = mp.mpf(lam)
    top = int(lam) + 80  # J_n(λ) < 1e-40 beyond
    bessel = [mp.besselj(n, lam) for n in range(top + 1)]

    def area(m):
        return mp.mpf(0) if abs(m) == 1 else mp.mpf(1 + (-1) ** m) / (1 - m * m)

    out = []
    for k in range(23):
        total = mp.mpc(0)
        for n in range(top + 1):
            total += (1 if n == 0 else 2) * (1j ** n) * bessel[n] * (area(k - n) + area(k + n)) / 2
        out.append(float(total.real if k % 2 == 0 else total.imag))
    return out


def main():
    cases = []
    for name, fm, fs, f0, a, b, weight, omega, exact in FINITE:
        if exact is None:
            exact = finite_exact(fm, a, b, weight, omega)
        case = {"name": name, "a": a, "b": b, "weight": weight, "omega": omega, "exact": float(exact),
                "exact_digits": mp.nstr(exact, 25), "scipy": scipy_quad(fs, a, b, weight, omega)}
        if f0 is not None:
            case["scipy_f0"] = scipy_quad(f0, a, b, weight, omega)
        if omega == 1000.0:
            w = math.cos if weight == "cos" else math.sin
            with np.errstate(all="ignore"):
                out = quad(lambda x: w(omega * x) * fs(x), a, b, epsabs=0, epsrel=1e-10, limit=500, full_output=1)
            case["plain21"] = {"value": out[0], "neval": int(out[2]["neval"])}
        cases.append(case)
        print(name, case["exact_digits"], flush=True)
        print(name, case["exact_digits"], case["scipy"], case.get("scipy_f0"), case.get("plain21"))
    for name, fm, fs, f0, a, weight, omega, exact in INFINITE:
        if exact is None:
            exact = infinite_exact(fm, a, weight, omega)
        tol = 1e-10 * abs(float(exact))
        case = {"name": name, "a": a, "b": "inf", "weight": weight, "omega": omega, "exact": float(exact),
                "exact_digits": mp.nstr(exact, 25), "scipy": scipy_quad(fs, a, math.inf, weight, omega, epsabs=tol)}
        if f0 is not None:
            case["scipy_f0"] = scipy_quad(f0, a, math.inf, weight, omega, epsabs=tol)
        cases.append(case)
        print(name, case["exact_digits"], case["scipy"], case.get("scipy_f0"))

    lambdas = [2.5, 7.0, 16.0, 24.0, 24.5, 60.0, 1000.0]
    doc = {
        "generator": "bench/peers/qawo_reference.py",
        "versions": {"mpmath": mp.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
        "cases": cases,
        "moments": [{"lambda": lam, "u": moments(lam)} for lam in lambdas],
    }
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "..", "tests", "data", "qawo-reference.json")
    with open(target, "w") as out:
        json.dump(doc, out, indent=1)
        out.write("\n")
    print("wrote", os.path.normpath(target))


if __name__ == "__main__":
    main()
