"""Audit lm56 (run in bench/results/s52-lm56): BlasNet's fits of Beale, Bard and Kowalik-Osborne from 10*x0 and 100*x0
(runoff-<provider>.jsonl, written by Lm56RunOffScratch.cs.txt on main ca8f9e5 = this branch's library) with their cost's gap above the
value approached at infinity (tests/data/lm56-runoff-reference.json), relative to the cost and over FTol, and the relative falls of the
cost between the last 9 accepted points (progress reports). Every fit is listed; 'gap' < 0 is a fit at the finite minimum."""
import json
for p in ["openblas", "mkl", "blis", "managed", "managed256"]:
    print("==", p)
    for l in open(f"runoff-{p}.jsonl"):
        d = json.loads(l)
        last = d["last"]
        falls = [(last[k - 1]["Cost"] - last[k]["Cost"]) / last[k - 1]["Cost"] for k in range(1, len(last))]
        print(f"{d['name']:15s} {d['config']:22s} {d['status']:8s} {d['evals']:5d} cost {d['cost']:.13g} gap {d['gap']:9.2g} "
              f"gap/FTol {d['gap'] / d['ftol']:9.2g} max|x| {max(abs(v) for v in d['x']):8.2g} last falls " + " ".join(f"{f:.1g}" for f in falls))
