#!/usr/bin/python3
"""Audit 47: SciPy's quad(weight='cos'/'sin') (QUADPACK's QAWO) on the QAWO cases of audits 50 and 51 with a step or kink
of f next to a limit (tests/data/quad50-reference.json families qawo-lo/qawo-hi, quad51-reference.json family qawo-band).

  quad47_scipy_limit_claims.py tests/data/quad51-reference.json [tests/data/quad50-reference.json ...]

Each case at each of its tolerances: quad(f, 0, b, weight=..., wvar=w, epsabs=0, epsrel=tol, limit=50, full_output=1),
compared with the case's mpmath value. Prints, per family and rule form (ω·b/2 ≤ 2: QUADPACK's 15-point Kronrod rule on
the weighted integrand from the start, else its 25-point modified Clenshaw–Curtis rule), the runs, SciPy's ier = 0 claims,
the claims whose true error exceeds abserr (false claims, with the range of true/abserr), and the evaluations (neval).
BlasNet's counts on the same runs come from bench/quad50_oscillatory_limits_sweep.fsx (bench/RESULTS.md "Session 47, quad47").
"""
import json
import sys
import warnings

import numpy as np
from scipy import integrate

warnings.simplefilter("ignore")

KINDS = {
    "kink": lambda d: (lambda x: abs(x - d)),
    "step": lambda d: (lambda x: 1.0 if x < d else 0.5),
    "kink-exp": lambda d: (lambda x: abs(x - d) * np.exp(-x)),
    "step-exp": lambda d: (lambda x: (1.0 if x < d else 0.5) * np.exp(-x)),
}


def main(paths):
    rows = {}
    for path in paths:
        for c in json.load(open(path))["cases"]:
            fam = c["family"]
            if not fam.startswith("qawo"):
                continue
            p = c["params"]
            f = KINDS[p["kind"]](p["d"])
            w, b = p["w"], p["b"]
            form = "Kronrod" if w * b / 2 <= 2 else "Clenshaw-Curtis"
            exact = float(c["exact"])
            key = (fam, form)
            r = rows.setdefault(key, {"runs": 0, "claims": 0, "false": 0, "ratios": [], "neval": 0})
            for tol in c["tolerances"]:
                out = integrate.quad(f, 0.0, b, weight="sin" if p["sine"] else "cos", wvar=w, epsabs=0.0,
                                     epsrel=max(tol, 5e-14), limit=50, full_output=1)
                value, abserr, info = out[:3]
                ier = 0 if len(out) == 3 else 1  # a fourth element is the warning message (ier > 0)
                r["runs"] += 1
                r["neval"] += info["neval"]
                if ier == 0:
                    r["claims"] += 1
                    err = abs(value - exact)
                    if err > abserr:
                        r["false"] += 1
                        r["ratios"].append(err / abserr if abserr > 0 else float("inf"))
    print("| family | form | runs | SciPy ier = 0 | false claims (true/abserr) | neval |")
    for (fam, form), r in sorted(rows.items()):
        rng = f"{min(r['ratios']):.3g} … {max(r['ratios']):.3g}" if r["ratios"] else "—"
        print(f"| {fam} | {form} | {r['runs']} | {r['claims']} | {r['false']} ({rng}) | {r['neval']} |")


if __name__ == "__main__":
    main(sys.argv[1:])
