#!/usr/bin/env python3
# Least CPU ms of each piece over every round of every AlternatingRounds log given (e.g. sigmoid-quick output), and its
# ratio to the piece named TP (sigmoid-quick's TensorPrimitives baseline; otherwise the case's first piece): on a shared
# machine whose slow spells last several rounds, the least time is the cost. Piece names may hold hyphens and digits
# (optimizer-step-quick's sgd-decay, sgd-momentum-decay: before session 50 both were read as 'decay').
# Usage: python3 bench/best_of_rounds.py run1.txt run2.txt ...
import re,sys,glob,collections
# best (least) CPU ms per piece over every round of every given log; ratio to TP's best
best=collections.defaultdict(lambda: float('inf'))
order=[]
for f in sys.argv[1:]:
    case=None
    for line in open(f):
        m=re.match(r'(float|double), n = (\d+)',line)
        if m: case=(m.group(1),int(m.group(2))); continue
        if line.startswith('round') and case:
            for name,ms in re.findall(r'([A-Za-z][A-Za-z0-9+ -]*?) ([\d.]+)(?:,| CPU)', line.split(':',1)[1]):
                key=(case,name.strip()); best[key]=min(best[key],float(ms))
                if key not in order: order.append(key)
cases=[]
for (c,n) in order:
    if c not in cases: cases.append(c)
for c in cases:
    first=next(n for (cc,n) in order if cc==c)
    tp=best[(c,'TP')] if (c,'TP') in best else best[(c,first)]
    print(f"{c[0]:6} n={c[1]:>7}: "+", ".join(f"{n} {best[(c,n)]:.2f} ms ({best[(c,n)]/tp:.3f})" for (cc,n) in order if cc==c))
