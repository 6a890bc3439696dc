import re,glob,collections
best=collections.defaultdict(lambda:1e9)
for f in glob.glob(__import__('os').path.dirname(__import__('os').path.abspath(__file__))+'/explore-r*.txt'):
    key=re.search(r'-(managed|openblas)-(\d+)-t(\d)',f).groups()
    for line in open(f):
        if line.startswith('batched '):
            p=line.split(); k=key+(p[1],p[2]); best[k]=min(best[k],float(p[5]))
for base in ['list','list:phased','list:validation']:
  for v in ['8x2048t0','16x4096t0','8x2048t2','8x2048t3']:
    w=l=t=0; ratios=[]
    for key in {k[:4] for k in best}:
        on=best[key+(f'{base}@ov={v}',)]; off=best[key+(f'{base}@ov=off',)]
        ratios.append(on/off)
        if on<off*0.97: w+=1
        elif on>off*1.03: l+=1
        else: t+=1
    ratios.sort()
    print(f'{base:16s} {v:10s} faster {w:2d} slower {l:2d} within3% {t:2d}  on/off median {ratios[len(ratios)//2]:.2f} range {ratios[0]:.2f}-{ratios[-1]:.2f}')
