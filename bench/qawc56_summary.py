#!/usr/bin/python3
"""Audit qawc56: tables from bench/qawc56_pv_sweep.fsx's runs (BlasNet) beside SciPy's QAWC outcome stored in
tests/data/qawc56-reference.json. For each run with a value: a success claimed (BlasNet Converged; SciPy ier = 0) whose
true error exceeds the reported one is a false claim; a failure whose true error exceeds its reported one is understated.
Also the distribution of reported/true error over honest successes (how pessimistic the estimate is), statuses of the cases
without a value (must not be Converged / ier = 0), and evaluation counts against SciPy's neval.
Run: python3 bench/qawc56_summary.py tests/data/qawc56-reference.json runs.tsv
"""
import collections
import json
import math
import statistics
import sys

ref = json.load(open(sys.argv[1]))
cases = {c["id"]: c for c in ref["cases"]}
runs = collections.defaultdict(dict)
for line in open(sys.argv[2]):
    f = line.rstrip("\n").split("\t")
    runs[f[0]][float(f[1])] = {"status": f[2], "value": float(f[3]), "error": float(f[4]), "true": float(f[5]),
                               "evals": int(f[6]), "note": f[8] if len(f) > 8 else ""}


def fam(cid):
    return cases[cid]["family"]


stats = collections.defaultdict(lambda: collections.Counter())
ratios, sratios = [], []
eval_ratio = collections.defaultdict(list)
false_claims, sfalse, understated, sunder, nofail = [], [], [], [], []
for cid, by_tol in runs.items():
    case = cases[cid]
    exact = None if case["exact"] is None else float(case["exact"])
    scipy = {s["tol"]: s for s in (case["scipy"] or [])}
    for tol, r in sorted(by_tol.items(), reverse=True):
        st = stats[case["family"]]
        st["runs"] += 1
        st[r["status"]] += 1
        s = scipy.get(tol)
        if exact is None:
            if r["status"] == "Converged":
                nofail.append((cid, tol, r))
            if s and "ier" in s and s["ier"] == 0:
                st["scipy ier=0 on no-value case"] += 1
            continue
        true = abs(r["value"] - exact)
        if r["status"] == "Converged":
            if not true <= r["error"]:
                false_claims.append((cid, tol, r, true))
            elif true > 0:
                ratios.append(r["error"] / true)
        elif r["status"] != "Threw" and not true <= r["error"]:
            understated.append((cid, tol, r, true))
        if s and "ier" in s:
            sv = s["value"] if not isinstance(s["value"], str) else math.nan
            se = s["error"] if not isinstance(s["error"], str) else math.nan
            strue = abs(sv - exact)
            if s["ier"] == 0:
                st["scipy ier=0"] += 1
                if not strue <= se:
                    sfalse.append((cid, tol, s, strue))
                elif strue > 0:
                    sratios.append(se / strue)
            elif not strue <= se:
                sunder.append((cid, tol, s, strue))
            if r["status"] == "Converged" and s["ier"] == 0 and s["neval"] > 0:
                eval_ratio[case["family"]].append(r["evals"] / s["neval"])

print("## per family: BlasNet statuses (runs); SciPy ier = 0 count")
for f_, st in stats.items():
    print(f"{f_:12s}", dict(st))
print()
print(f"BlasNet false claims (Converged, true error > reported): {len(false_claims)}")
for cid, tol, r, true in false_claims:
    print(f"  {cid} tol={tol:g}: {r['value']!r} ± {r['error']:.3g}, true {true:.3g} ({true / r['error'] if r['error'] else math.inf:.3g}x), {r['evals']} evals")
print(f"BlasNet failures with true error > reported: {len(understated)}")
for cid, tol, r, true in understated:
    print(f"  {cid} tol={tol:g}: {r['status']} {r['value']!r} ± {r['error']:.3g}, true {true:.3g}")
print(f"BlasNet Converged on cases with no value (NaN/inf/divergent): {len(nofail)}")
for cid, tol, r in nofail:
    print(f"  {cid} tol={tol:g}: {r['value']!r} ± {r['error']:.3g}")
print()
print(f"SciPy false claims (ier = 0, true error > reported): {len(sfalse)}")
for cid, tol, s, true in sfalse:
    print(f"  {cid} tol={tol:g}: {s['value']!r} ± {s['error']:.3g}, true {true:.3g}")
print(f"SciPy failures (ier > 0) with true error > reported: {len(sunder)}")
print()


def quantiles(xs):
    if not xs:
        return "n=0"
    xs = sorted(xs)
    q = lambda p: xs[min(len(xs) - 1, int(p * len(xs)))]
    return f"n={len(xs)} min {xs[0]:.3g}  10% {q(0.1):.3g}  median {q(0.5):.3g}  90% {q(0.9):.3g}  max {xs[-1]:.3g}"


print("reported/true error over honest successes (true > 0):")
print("  BlasNet", quantiles(ratios))
print("  SciPy  ", quantiles(sratios))
print()
print("evaluations BlasNet/SciPy where both claim success, per family (median, max):")
for f_, xs in eval_ratio.items():
    print(f"  {f_:12s} n={len(xs):3d} median {statistics.median(xs):.2f} max {max(xs):.2f} min {min(xs):.2f}")
