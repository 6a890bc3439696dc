import sys,re,collections,statistics
d=collections.defaultdict(lambda: collections.defaultdict(list))
b=None
for f in sys.argv[1:]:
  for line in open(f):
    m=re.match(r'### build (\S+)',line)
    if m: b=m.group(1); continue
    m=re.match(r'batched (\S+) (\S+) (\d+) \d+ ([\d.]+) ([\d.]+) ([\d.]+)',line)
    if m:
        d[' '.join(m.group(1,3,2))][b].append(float(m.group(4)))
for k,v in d.items():
    print(k.ljust(40),'  '.join(f"{bb}: best {min(x):.2f} med {statistics.median(x):.2f} (n={len(x)})" for bb,x in v.items()))
