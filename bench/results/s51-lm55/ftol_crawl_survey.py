"""Audit lm55: the crawl measure of AcceptedStepTrail (lm54) at every FTol stop of lm53/lm54's 587-fit survey.
Input: one JSON line per fit (Lm55Survey.cs.txt, whose 'trail' field is the raw measure of the last 8 accepted steps
taken at the stop, with no thresholds). A stop is "solution" when its cost is within 1e-6 relative (+1e-12 absolute) of
the lowest cost any fit of the same problem and start reached on this provider at a point with every |x_j| < 1e5 (Beale's valley stops are compared with the
true minimum 0 instead, whose basin they are not in: its infimum on the valley 0.22600446 is not attained); "runs off" when some |x_j| >= 1e5 (an infimum approached at infinity: Beale, Bard, Kowalik–Osborne from 10·x₀ and 100·x₀), "other" otherwise (another stationary point or a stop short of one).
Usage: ftol_crawl_survey.py survey-before-<provider>.jsonl [k ...]   (k: thresholds for the trail's total fall, as multiples of FTol)"""
import json, sys
from collections import defaultdict

rows = [json.loads(l) for l in open(sys.argv[1])]
for d in rows:
    d["cost"] = float(d["cost"]) if d["cost"] is not None else float("nan")
ks = [float(k) for k in sys.argv[2:]] or [1, 2, 4, 8]
def start(d):
    return d["config"].split()[0] if d["family"] == "mgh" else d["config"].split()[0] if d["family"] == "nist" else d["config"]
best = defaultdict(lambda: float("inf"))
for d in rows:
    if d["cost"] is not None and d["cost"] == d["cost"]:
        best[(d["family"], d["name"], start(d))] = min(best[(d["family"], d["name"], start(d))], d["cost"])
def at_solution(d):
    if d["name"] == "Beale":
        return d["cost"] <= 1e-12
    b = best[(d["family"], d["name"], start(d))]
    return d["cost"] <= b * (1 + 1e-6) + 1e-12 and max(abs(v) for v in d["x"]) < 1e5
def kind(d):  # 'solution' , 'runs off' (|x| >= 1e5: an infimum approached at infinity), 'other'
    if at_solution(d): return "solution"
    return "runs off" if max(abs(v) for v in d["x"]) >= 1e5 else "other"
ftol_rows = [d for d in rows if d["status"] == "FTol"]
print(f"fits {len(rows)}, FTol stops {len(ftol_rows)}")
def measure(d):
    t = json.loads(d["trail"]) if d.get("trail") else None
    return t and t.get("raw")
shape = []  # FTol stops whose trail has lm54's shape (8 steps, ending at X, each fall above rounding, cos>=0.9, ratios>=1/4)
for d in ftol_rows:
    t = measure(d)
    if not t or t.get("count", 0) < 8 or not t.get("ends") or not t.get("above"):
        continue
    if t["cos"] is not None and t["cos"] >= 0.9 and t["len"] >= 0.25 and t["fallr"] >= 0.25:
        shape.append(d)
print(f"FTol stops with lm54's trail shape (8 steps ending at X, falls above rounding, cos >= 0.9, length and fall ratios >= 1/4): {len(shape)}")
print("family\tname\tconfig\tevals\tcost\tat solution\tmin cos\tlen ratio\tfall ratio\ttrail fall\tfall/FTol\tlast fall/FTol")
for d in sorted(shape, key=lambda d: -json.loads(d["trail"])["raw"]["fall"] / d["ftol"]):
    t = measure(d)
    print(f"{d['family']}\t{d['name']}\t{d['config']}\t{d['evals']}\t{d['cost']!r}\t{kind(d)}\t"
          f"{t['cos']:.4f}\t{t['len']:.3g}\t{t['fallr']:.3g}\t{t['fall']:.3g}\t{t['fall'] / d['ftol']:.3g}\t{t['lastfall'] / d['ftol']:.3g}")
print()
for k in ks:
    hit = [d for d in shape if measure(d)["fall"] > k * d["ftol"]]
    sol = [d for d in hit if at_solution(d)]
    print(f"rule: shape and trail fall > {k:g}·FTol: {len(hit)} stops, {len(sol)} at a solution: "
          + "; ".join(f"{d['name']} {d['config']}" for d in sol))
print()
print("all FTol stops not at a solution (any trail):")
for d in ftol_rows:
    if not at_solution(d):
        t = measure(d) or {}
        print(f"  {kind(d)}\t{d['family']}\t{d['name']}\t{d['config']}\t{d['evals']}\t{d['cost']!r}\tbest {best[(d['family'], d['name'], start(d))]!r}\ttrail {json.dumps(t)}")
