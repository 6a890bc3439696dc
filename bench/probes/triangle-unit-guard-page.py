# Probe (session 40, tri40): row-major cblas_?trmv / ?trsv with a UNIT diagonal, A's array ending right after the last
# element BLAS reads (upper: A[n−2, n−1]; lower: A[n−1, n−2]; n = 1: nothing, the array empty) and a PROT_NONE page after
# it: does any provider touch A's last row's diagonal (upper: the whole last row) or beyond? A fault kills the process (the
# parent reports the case). NaN in every unreferenced slot before the end as well. n in 1, 2, 3, 5, 17, 40, 100, 300;
# lda n and n + 3; every uplo/trans; increments 1 and 3; s and d. Run: /usr/bin/python3 bench/probes/triangle-unit-guard-page.py
import ctypes, mmap, numpy as np, subprocess, sys
libs = {'openblas':'/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0','mkl':'libmkl_rt.so','blis':'libblis.so.4','reference':'/usr/lib/x86_64-linux-gnu/blas/libblas.so.3'}
RM=101; UP,LO=121,122; NT,T=111,112; U=132
PAGE=mmap.PAGESIZE

def run(name):
    L=ctypes.CDLL(libs[name]); libc=ctypes.CDLL(None)
    libc.mprotect.argtypes=[ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    rng=np.random.default_rng(5); cases=0; bad=0
    for fn,dt,size in (('d',np.float64,8),('s',np.float32,4)):
      for rt in ('trmv','trsv'):
        f=getattr(L,'cblas_'+fn+rt)
        for n in (1,2,3,5,17,40,100,300):
          for lda in (n,n+3):
            for up in (UP,LO):
              need = 0 if n==1 else ((n-2)*lda+n if up==UP else (n-1)*lda+n-1)   # last element read + 1
              pages=(need*size+PAGE-1)//PAGE+1
              m=mmap.mmap(-1,(pages+1)*PAGE)
              base=ctypes.addressof(ctypes.c_char.from_buffer(m))
              guard=base+pages*PAGE
              assert libc.mprotect(guard,PAGE,0)==0
              start=guard-need*size
              a=np.frombuffer((ctypes.c_char*(need*size)).from_address(start),dtype=dt) if need else np.empty(0,dt)
              a[:]=np.nan
              for i in range(n):
                for j in (range(i+1,n) if up==UP else range(0,i)):
                  a[i*lda+j]=(rng.random()*2-1)/n
              for tr in (NT,T):
                for inc in (1,3):
                  x=np.zeros((n-1)*inc+1,dt); x[::inc]=rng.random(n)*4-2
                  sys.stdout.write(f'{name} {fn}{rt} n={n} lda={lda} uplo={up} trans={tr} inc={inc}\n'); sys.stdout.flush()
                  f(RM,up,tr,U,n,ctypes.c_void_p(start),lda,x.ctypes.data_as(ctypes.c_void_p),inc)
                  cases+=1
                  if not np.all(np.isfinite(x[::inc])): bad+=1; print('NaN reached x')
              del a
    print(name,'cases',cases,'NaN',bad,'faults 0')

if len(sys.argv)>1: run(sys.argv[1]); sys.exit(0)
for name in libs:
    p=subprocess.run([sys.executable,__file__,name],capture_output=True,text=True)
    lines=p.stdout.strip().splitlines()
    print(lines[-1] if p.returncode==0 else f'{name}: exit {p.returncode} (fault) at: {lines[-1] if lines else "?"}')
