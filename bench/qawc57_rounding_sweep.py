#!/usr/bin/python3
"""Audit qawc57: an adversarial sweep of the rounding of QAWC's nodes. f varies on the scale L of a range [x0, x0 + L] far
narrower than its distance from 0 (L/x0 = 1e-15 ... 1e-6, x0 = 1 ... 1e300), so that the nodes, doubles spaced ulp(x0)
apart, sample f with relative errors up to ulp(x0)/L that no degree-12/24 or Kronrod difference sees; the pole sits at a
fraction p of the range. f = e^(k t) and cos(w t + phi) in t = (x - x0)/L, written exactly as tests/data/qawc56_reference.py
writes them (the same closed forms in mpmath at 50 digits, from the doubles a, b, c, x0, L as given), so that the sweep
bench/qawc56_pv_sweep.fsx and the summary bench/qawc56_summary.py run on this file unchanged (no SciPy column here).
Run: /usr/bin/python3 bench/qawc57_rounding_sweep.py > bench/results/s53-qawc57/rounding-sweep.json
"""
import json
import os
import sys

import mpmath as mp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data"))
import qawc56_reference as ref  # noqa: E402

TOLERANCES = [1e-3, 1e-6, 1e-10, 1e-12, 1e-13]


def cases():
    out = []
    for x0 in [1.0, 1e3, 1e8, 1e300]:
        for rel in [1e-15, 1e-14, 1e-13, 1e-12, 1e-10, 1e-8, 1e-6]:
            h = x0 * rel
            a, b = x0, x0 + h
            for f in [{"kind": "exp", "k": 1.0}, {"kind": "exp", "k": 5.0}, {"kind": "cos", "w": 10.0, "phi": 0.3}]:
                for p in [0.03, 0.3, 0.5, 0.9]:
                    c = x0 + p * h
                    if not a < c < b:
                        continue
                    params = {**f, "x0": x0, "h": h, "a": a, "b": b, "c": c}
                    pid = ", ".join(f"{k}={v!r}" for k, v in params.items())
                    out.append({"id": f"rounding:{pid}", "family": "rounding", "params": params, "tolerances": TOLERANCES})
    return out


if __name__ == "__main__":
    built = []
    for case in cases():
        case["exact"] = mp.nstr(ref.exact(case["params"]), 30)
        case["scipy"] = None
        built.append(case)
    json.dump({"generator": "bench/qawc57_rounding_sweep.py", "mpmath": mp.__version__, "dps": ref.DPS, "cases": built},
              sys.stdout, indent=1)
    print()
