import re,glob,collections
best=collections.defaultdict(lambda:1e9); cpu={}
loads=[]
for f in sorted(glob.glob(__import__('os').path.dirname(__import__('os').path.abspath(__file__))+'/explore-r*.txt')):
    key=re.search(r'-(managed|openblas)-(\d+)-t(\d)',f).groups()
    for line in open(f):
        if 'load average' in line and line.startswith(' '): loads.append(float(line.split('load average:')[1].split(',')[0]))
        if line.startswith('batched '):
            p=line.split(); k=key+(p[1],p[2]);
            if float(p[5])<best[k]: best[k]=float(p[5]); cpu[k]=p[7]
vs=['off','8x2048t0','16x4096t0','8x2048t2','8x2048t3']
print('| provider, width, threads | type | form | '+' | '.join(vs)+' |')
print('|'+'---|'*(3+len(vs)))
for key in sorted({k[:3] for k in best}, key=lambda k:(k[0],-int(k[1]),-int(k[2]))):
    for t in ['double','float']:
        for b in ['list','list:phased','list:validation']:
            cells=[f"{best[key+(t,f'{b}@ov={v}')]:.2f}" for v in vs]
            print(f'| {key[0]} {key[1]} t{key[2]} | {t} | {b} | '+' | '.join(cells)+' |')
print('loads', min(loads), max(loads))
