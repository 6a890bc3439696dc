import sys,re,collections,statistics
d=collections.defaultdict(lambda: collections.defaultdict(list))
b=None
for line in open(sys.argv[1]):
    m=re.match(r'### build (\S+)',line)
    if m: b=m.group(1); continue
    m=re.match(r'list-validation (\S+) (\d+) (\S+) (\S+) thread-cpu-us min (\d+) median (\d+)',line)
    if m:
        key=' '.join(m.group(1,2,3,4)); d[key][b].append((int(m.group(5)),int(m.group(6))))
for k,v in d.items():
    print(k.ljust(36),'  '.join(f"{bb}: min {min(x[0] for x in vals)} med-of-med {statistics.median(x[1] for x in vals):.0f} (n={len(vals)})" for bb,vals in v.items()))
