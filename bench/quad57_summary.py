#!/usr/bin/python3
"""Audit quad57's tables from a sweep (bench/quad57_sweep.fsx's runs.tsv) and the reference (tests/data/quad57-reference.json):
per family, the claims against the truth (a Converged run whose true error exceeds its reported one is a false claim; a
failure likewise is understated), the ratio reported/true error over honest successes, and evaluations against SciPy's
(its QAWS; quad_vec with the same norm) where both claim success. For vectors each component is judged on its own error.
Run: python3 bench/quad57_summary.py tests/data/quad57-reference.json runs.tsv
"""
import json
import math
import sys
from collections import defaultdict


def fl(s):
    return float(s)


def quantiles(xs):
    xs = sorted(xs)
    if not xs:
        return "-"
    q = lambda f: xs[min(len(xs) - 1, int(f * (len(xs) - 1) + 0.5))]
    return f"min {xs[0]:.3g}, median {q(0.5):.3g}, 90% {q(0.9):.3g}"


def main(ref_path, runs_path):
    ref = {c["id"]: c for c in json.load(open(ref_path))["cases"]}
    rows = [line.rstrip("\n").split("\t") for line in open(runs_path) if line.strip()]
    stats = defaultdict(lambda: defaultdict(list))
    details = []
    for r in rows:
        cid, kind, tol, status = r[0], r[1], fl(r[2]), r[3]
        case = ref[cid]
        fam = case["family"]
        key = (kind if kind != "scalar" else "scalar", fam)
        s = stats[key]
        s["runs"].append(1)
        if status == "Threw":
            s["threw"].append(r[9])
            continue
        evals = int(r[7])
        s["evals"].append(evals)
        if kind == "qaws" or kind == "scalar":
            val, rep, err = fl(r[4]), fl(r[5]), fl(r[6])
            has_truth = case["exact"] is not None
            comps = [(val, rep, err)] if has_truth else []
        else:
            vals = [fl(v) for v in r[4].split(";")]
            reps = [fl(v) for v in r[5].split(";")]
            errs = [fl(v) for v in r[6].split(";")]
            has_truth = case["exact"] is not None
            comps = list(zip(vals, reps, errs)) if has_truth else []
        s["status:" + status].append(1)
        if not has_truth:
            if status == "Converged":
                s["claimed-without-value"].append(cid)
            continue
        conv = status == "Converged"
        if conv:
            s["converged"].append(1)
        bad = [(k, v, e, t) for k, (v, e, t) in enumerate(comps) if not (t <= e)]
        if bad:
            s["false" if conv else "understated"].append(1)
            for k, v, e, t in bad:
                details.append(f"{'FALSE' if conv else 'under'}\t{kind}\t{cid}\ttol={tol:g}\t{status}\tcomp {k}: {v!r} ± {e:.3g} true {t:.3g} ({t / e if e > 0 else math.inf:.3g}x)\tevals {evals}")
        if conv:
            for (v, e, t) in comps:
                if t > 0 and t <= e:
                    s["ratio"].append(e / t)
                elif t == 0 and e >= 0:
                    s["exact-hits"].append(1)
        # SciPy beside
        sc = None
        if kind == "qaws":
            sc = next((x for x in case["scipy"] if x["tol"] == tol), None)
            if sc and "exception" not in sc and sc["ier"] == 0 and conv:
                s["eval-ratio"].append(evals / sc["neval"])
        elif kind.startswith("vector"):
            norm = "max" if kind == "vector-max" else "2"
            sc = next((x for x in case["scipy"] if x["tol"] == tol and x["norm"] == norm), None)
            if sc and "exception" not in sc and sc["status"] == 0 and conv:
                s["eval-ratio"].append(evals / sc["neval"])
    # SciPy's own claims
    sp = defaultdict(lambda: defaultdict(int))
    for cid, case in ref.items():
        if case["exact"] is None:
            for x in case["scipy"]:
                ok = x.get("ier", x.get("status")) == 0
                sp[(case["type"], case["family"])]["no-value-claimed" if ok else "no-value-failed"] += 1
            continue
        for x in case["scipy"]:
            k = (case["type"] + ("-" + x["norm"] if "norm" in x else ""), case["family"])
            if "exception" in x:
                sp[k]["exception"] += 1
                continue
            if case["type"] == "qaws":
                t = abs(fl(x["value"]) - float(case["exact"]))
                ok = x["ier"] == 0
                sp[k]["success" if ok else "failure"] += 1
                if ok and t > fl(x["error"]):
                    sp[k]["false"] += 1
            else:
                errs = [abs(fl(v) - float(e)) for v, e in zip(x["values"], case["exact"])]
                norm = max(errs) if x["norm"] == "max" else math.sqrt(sum(e * e for e in errs))
                ok = x["status"] == 0
                sp[k]["success" if ok else "failure"] += 1
                if ok and norm > fl(x["error"]):
                    sp[k]["false(norm)"] += 1
    print("kind\tfamily\truns\tconverged\tfalse claims\tunderstated failures\treported/true over honest successes\tevals (sum)\tevals/SciPy (median over both-success)\tstatuses\tthrew")
    for (kind, fam), s in sorted(stats.items()):
        er = sorted(s["eval-ratio"])
        med = f"{er[len(er) // 2]:.2f} (n={len(er)})" if er else "-"
        statuses = ", ".join(f"{k[7:]} {len(v)}" for k, v in sorted(s.items()) if k.startswith("status:"))
        print(f"{kind}\t{fam}\t{len(s['runs'])}\t{len(s['converged'])}\t{len(s['false'])}\t{len(s['understated'])}\t{quantiles(s['ratio'])}\t{sum(s['evals'])}\t{med}\t{statuses}\t{len(s['threw'])} {set(s['threw']) if s['threw'] else ''}\t{s['claimed-without-value'] or ''}")
    print()
    print("SciPy beside (successes, failures, false claims: true error above its reported one; quad_vec: the norm of the true errors above its error)")
    for k, v in sorted(sp.items()):
        print(k, dict(v))
    print()
    for d in details:
        print(d)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
