import re,glob,collections,sys
pat=sys.argv[1] if len(sys.argv)>1 else 'explore-r*'
best=collections.defaultdict(lambda: 1e9); n=collections.Counter()
for f in glob.glob(__import__('os').path.dirname(__import__('os').path.abspath(__file__))+'/'+pat+'.txt'):
    m=re.search(r'-(managed|openblas)-(\d+)-t(\d)',f); key=m.groups()
    for line in open(f):
        if not line.startswith('batched '): continue
        p=line.split(); typ,form,ms=p[1],p[2],float(p[5]); cpu=float(p[7])
        k=key+(typ,form); best[k]=min(best[k],ms); n[k]+=1
forms=sorted({k[4] for k in best})
bases=['list','list:phased','list:validation']
variants=sorted({f.split('@ov=')[1] for f in forms if '@ov=' in f})
print('prov width thr type form | '+' '.join(variants)+' | n')
for key in sorted({k[:4] for k in best}):
    for b in bases:
        row=[best.get(key+(f'{b}@ov={v}',),float('nan')) for v in variants]
        print(*key,b,'|',' '.join(f'{x:5.2f}' for x in row),'|',n[key+(f'{b}@ov=off',)])
