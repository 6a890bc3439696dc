"""Audit lm56 (run from bench/results): the convergence stops of the survey with lm54's Gauss-Newton ratio (s51-lm54/survey-after-<provider>.tsv, 7th column: the check's Gauss-Newton step over its scaled ||D x||) joined with lm55's statuses (s51-lm55/survey-after) and trails (s51-lm55/survey-before jsonl): SHAPE = the one-way trail of trail_rule_survey.py; listed where the ratio is above 1e-4, or with the shape."""
import json, sys
from collections import defaultdict
conv=("FTol","XTol","FTolAndXTol","GTol")
for p in ["openblas","mkl","blis","managed","managed256"]:
    rows=[json.loads(l) for l in open(f"s51-lm55/survey-before-{p}.jsonl")]
    gn={}; g54={}
    for l in open(f"s51-lm54/survey-after-{p}.tsv"):
        f=l.rstrip("\n").split("\t"); g54[(f[0],f[1],f[2])]=f[6] if len(f)>6 else None
    for l in open(f"s51-lm55/survey-after-{p}.tsv"):
        f=l.rstrip("\n").split("\t")
        gn[(f[0],f[1],f[2])]=(f[3],f[4],g54.get((f[0],f[1],f[2])))
    print("==",p, len(rows), len(gn))
    for d in rows:
        k=(d["family"],d["name"],d["config"])
        st,ev,g=gn.get(k,(None,None,None))
        if st not in conv: continue
        t=json.loads(d["trail"]).get("raw") if d.get("trail") else None
        shape = bool(t and t.get("count",0)>=8 and t.get("ends") and t.get("above") and t["cos"] is not None and t["cos"]>=0.9 and t["fall"]>d["ftol"])
        try: gv=float(g)
        except: gv=None
        if (gv is not None and gv>1e-4) or (shape and (gv is None or gv>1e-9)):
            c=float(d["cost"])
            print(f"{'SHAPE' if shape else 'noshp'} {d['name']:18s} {d['config']:24s} {st:11s} {ev:>5s} cost {c:.10g} max|x| {max(abs(v) for v in d['x']):.2g} GN {g} " + (f"len {t['len']:.3g} fallr {t['fallr']:.3g} fall/ftol {t['fall']/d['ftol']:.3g} last/ftol {t['lastfall']/d['ftol']:.3g}" if shape else ""))
