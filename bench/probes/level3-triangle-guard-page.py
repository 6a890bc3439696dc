# Probe (session 42, tri42): row-major cblas_?trsm / ?trmm, A's array ending right after the last element BLAS reads and
# a PROT_NONE page after it: does any provider touch a slot past it? Unit diagonal: upper, the last read is A[k−2, k−1]
# (the whole last row is past the end), lower A[k−1, k−2]; order k = 1 reads nothing (the array is empty, A's pointer at
# the guard page). Non-unit: A[k−1, k−1], the whole square's last element (a check of the harness, as Check.Matrix asks).
# NaN in every unreferenced slot before the end; B's elements checked finite after. A fault kills the child; the parent
# records the case and restarts the child after it. Every side/uplo/trans/diag, s and d, order k 1, 2, 3, 5, 17, 40, 100,
# 300, the other dimension 1, 7 and 64, lda k and k + 3, ldb the minimum + 2.
# Negative control (argument "control"): the same arrays one element short for the non-unit and unit cases (the last
# element read inside the guard page) must fault (order 2 on; the first 8 per library). Run:
# /usr/bin/python3 bench/probes/level3-triangle-guard-page.py [control] [openblas|mkl|blis|reference ...]
# (reach LIB IDX...: for faulting case numbers, how many slots past the last element read the library touched)
import ctypes, mmap, numpy as np, subprocess, sys
libs = {'openblas':'/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0','mkl':'libmkl_rt.so','blis':'libblis.so.4','reference':'/usr/lib/x86_64-linux-gnu/blas/libblas.so.3'}
RM=101; LEFT,RIGHT=141,142; UP,LO=121,122; NT,T=111,112; NU,U=131,132
PAGE=mmap.PAGESIZE
ORDERS=(1,2,3,5,17,40,100,300); OTHERS=(1,7,64)

def cases():
    for fn in ('d','s'):
      for rt in ('trsm','trmm'):
        for k in ORDERS:
          for lda in (k,k+3):
            for up in (UP,LO):
              for dg in (U,NU):
                for side in (LEFT,RIGHT):
                  for tr in (NT,T):
                    for o in OTHERS:
                      yield fn,rt,k,lda,up,dg,side,tr,o

def needed(k,lda,up,dg):
    if dg==NU: return (k-1)*lda+k
    if k==1: return 0
    return (k-2)*lda+k if up==UP else (k-1)*lda+k-1

def run(name, start_at, short, extra=0, only=None):
    L=ctypes.CDLL(libs[name]); libc=ctypes.CDLL(None)
    libc.mprotect.argtypes=[ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    libc.mmap.restype=ctypes.c_void_p; libc.mmap.argtypes=[ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    libc.munmap.argtypes=[ctypes.c_void_p, ctypes.c_size_t]
    done=0; bad=0
    for idx,(fn,rt,k,lda,up,dg,side,tr,o) in enumerate(cases()):
        if idx<start_at or (only is not None and idx!=only): continue
        if short and k==1: continue   # the control starts at order 2: its first faults are then unit and non-unit triangles
        dt,size=(np.float64,8) if fn=='d' else (np.float32,4)
        rng=np.random.default_rng(idx)
        need=needed(k,lda,up,dg); have=need-1 if short else need+extra
        pages=(max(have,0)*size+PAGE-1)//PAGE+1
        base=libc.mmap(None,(pages+1)*PAGE,3,0x22,-1,0)   # PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS
        guard=base+pages*PAGE
        assert libc.mprotect(guard,PAGE,0)==0
        start=guard-have*size
        a=np.frombuffer((ctypes.c_char*(have*size)).from_address(start),dtype=dt) if have>0 else np.empty(0,dt)
        a[:]=np.nan
        for i in range(k):
            cols=range(i+(dg==U),k) if up==UP else range(0,i+1-(dg==U))
            for j in cols:
                p=i*lda+j
                if p<min(have,need): a[p]=(1.0+rng.random()) if i==j else (rng.random()*2-1)/k
        mrows,ncols=(k,o) if side==LEFT else (o,k)
        ldb=ncols+2
        b=np.zeros(mrows*ldb,dt); bv=b.reshape(mrows,ldb)[:,:ncols]; bv[:]=rng.random((mrows,ncols))*2-1
        sys.stdout.write(f'{idx} {name} {fn}{rt} k={k} lda={lda} uplo={up} diag={dg} side={side} trans={tr} other={o}\n'); sys.stdout.flush()
        f=getattr(L,'cblas_'+fn+rt)
        alpha=ctypes.c_double(0.75) if fn=='d' else ctypes.c_float(0.75)
        f(RM,side,up,tr,dg,mrows,ncols,alpha,ctypes.c_void_p(start),lda,b.ctypes.data_as(ctypes.c_void_p),ldb)
        done+=1
        if not np.all(np.isfinite(bv)): bad+=1; print('NaN reached B')
        del a
        libc.munmap(base,(pages+1)*PAGE)
    print(f'DONE {done} {bad}')

if sys.argv[1:2]==['one']: run(sys.argv[2], 0, False, int(sys.argv[4]), int(sys.argv[3])); sys.exit(0)
if sys.argv[1:2]==['child']: run(sys.argv[2], int(sys.argv[3]), sys.argv[4]=='1'); sys.exit(0)
if len(sys.argv)>1 and sys.argv[1]=='reach':
    # reach NAME IDX...: for a case that faulted, the fewest slots past the last element read that stop the fault (so the
    # farthest slot the library touched is the last element read + that many).
    c=list(cases())
    for idx in map(int,sys.argv[3:]):
        fn,rt,k,lda,up,dg,side,tr,o=c[idx]
        for extra in range(0,(k+1)*lda+2):
            if subprocess.run([sys.executable,__file__,'one',sys.argv[2],str(idx),str(extra)],capture_output=True).returncode==0: break
        print(f'{sys.argv[2]} case {idx} {c[idx]}: faults stop with {extra} slots past the last element read (square needs {(k-1)*lda+k-needed(k,lda,up,dg)})')
    sys.exit(0)
short = len(sys.argv)>1 and sys.argv[1]=='control'
chosen=[a for a in sys.argv[1:] if a in libs] or list(libs)
total=sum(1 for _ in cases())
for name in chosen:
    at=0; calls=0; nan=0; faults=[]
    while at<total:
        p=subprocess.run([sys.executable,__file__,'child',name,str(at),'1' if short else '0'],capture_output=True,text=True)
        lines=p.stdout.strip().splitlines()
        nan+=sum(1 for l in lines if l=='NaN reached B')
        if p.returncode==0:
            calls+=int(lines[-1].split()[1]); break
        last=[l for l in lines if l and l[0].isdigit()]
        if not last: print(f'{name}: exit {p.returncode} before any case'); break
        faults.append(last[-1]); calls+=len(last)-1; at=int(last[-1].split()[0])+1
        if short and len(faults)>=8: break   # the control only needs to show the guard works
    print(f'{name}: calls {calls + len(faults)}, faults {len(faults)}, NaN in B {nan}')
    # Faults by routine, diagonal and triangle (k=1 apart): which cases read past the array's end.
    by={}
    for fl in faults:
        w=fl.split(); key=(w[2], w[6], w[5], 'k=1' if w[3]=='k=1' else 'k>1')   # routine, diag, uplo, order 1 or more
        by[key]=by.get(key,0)+1
    for key in sorted(by): print('   faults', ' '.join(key), by[key])
    for fl in faults[:3]: print('   e.g.', fl)
