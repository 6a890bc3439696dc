"""Audit lm56 (run from bench/results): over lm55's 587-fit survey (s51-lm55/survey-before-<provider>.jsonl: statuses before lm55 and each stop's raw trail measure), every convergence stop whose last 8 accepted steps go one way (cos >= 0.9), each lowering the cost above rounding and together by more than FTol -- lm54/55's shape without the length and fall ratios -- and whether it is at a solution (within 1e-6 of the lowest finite-point cost from that start; Beale: cost 0)."""
import json, sys
from collections import defaultdict
for p in ["openblas","mkl","blis","managed","managed256"]:
    rows=[json.loads(l) for l in open(f"s51-lm55/survey-before-{p}.jsonl")]
    for d in rows: d["cost"]=float(d["cost"]) if d["cost"] is not None else float("nan")
    best=defaultdict(lambda: float("inf"))
    def start(d): return d["config"].split()[0] if d["family"] in("mgh","nist") else d["config"]
    for d in rows:
        c=d["cost"]
        if c is not None and c==c and max(abs(v) for v in d["x"])<1e5: best[(d["family"],d["name"],start(d))]=min(best[(d["family"],d["name"],start(d))],c)
    print("==",p)
    for d in rows:
        if d["status"] not in ("FTol","XTol","FTolAndXTol","GTol"): continue
        t=json.loads(d["trail"]).get("raw") if d.get("trail") else None
        if not t or t.get("count",0)<8 or not t.get("ends") or not t.get("above"): continue
        if t["cos"] is None or t["cos"]<0.9: continue
        if not t["fall"]>d["ftol"]: continue
        b=best[(d["family"],d["name"],start(d))]
        sol = d["cost"]<=b*(1+1e-6)+1e-12 and max(abs(v) for v in d["x"])<1e5
        if d["name"]=="Beale": sol=d["cost"]<1e-12
        print(f"{'SOL' if sol else 'no '} {d['name']:16s} {d['config']:22s} {d['status']:6s} {d['evals']:5d} {d['cost']:.10g} max|x| {max(abs(v) for v in d['x']):.2g} cos {t['cos']:.4f} len {t['len']:.3g} fallr {t['fallr']:.3g} fall/ftol {t['fall']/d['ftol']:.3g} last/ftol {t['lastfall']/d['ftol']:.3g}")
