#!/usr/bin/env python3
# Least CPU ms of each piece over every round of every AlternatingRounds log given (e.g. sigmoid-quick output), and its
# ratio to the piece named TP: on a shared machine whose slow spells last several rounds, the least time is the cost.
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
            for name,ms in re.findall(r'([A-Za-z+ ]+?) ([\d.]+)(?:,| CPU)', line.split(':',1)[1]):
                key=(case,name.strip()); best[key]=min(best[key],float(ms))
                if key not in order: order.append(key)
cases=[]
for (c,n) in order:
    if c not in cases: cases.append(c)
for c in cases:
    tp=best[(c,'TP')]
    print(f"{c[0]:6} n={c[1]:>7}: "+", ".join(f"{n} {best[(c,n)]:.2f} ms ({best[(c,n)]/tp:.3f})" for (cc,n) in order if cc==c))
