# Probe (session 39, tri39): row-major cblas_?trmv / ?trsv with NaN in every slot of A that BLAS does not reference
# (the other triangle, the lda padding, a unit diagonal): does a NaN reach x? n in 5, 40, 100, 300; lda n and n + 3;
# every uplo/trans/diag; increments 1 and 3; s and d; then ?tpmv / ?tpsv with NaN on a unit diagonal. Run: /usr/bin/python3 bench/probes/triangle-unread-nan.py
import ctypes, numpy as np, sys
libs = {'openblas':'/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0','mkl':'libmkl_rt.so','blis':'libblis.so.4','reference':'/usr/lib/x86_64-linux-gnu/blas/libblas.so.3'}
RM=101; UP,LO=121,122; NT,T=111,112; NU,U=131,132
rng=np.random.default_rng(1)
for name,path in libs.items():
    try: L=ctypes.CDLL(path)
    except OSError as e: print(name,'missing',e); continue
    bad=0; cases=0
    for fn,dt,ct in (('d',np.float64,ctypes.c_double),('s',np.float32,ctypes.c_float)):
      for rt in ('trmv','trsv'):
        f=getattr(L,'cblas_'+fn+rt)
        for n in (5,40,100,300):
          for lda in (n,n+3):
            for up in (UP,LO):
              for tr in (NT,T):
                for dg in (NU,U):
                  a=np.full((n-1)*lda+n,np.nan,dt)
                  for i in range(n):
                    js=range(i,n) if up==UP else range(0,i+1)
                    for j in js:
                      if i==j and dg==U: continue
                      a[i*lda+j]= (1.5+rng.random())*rng.choice([-1,1]) if i==j else (rng.random()*2-1)/n
                  for inc in (1,3):
                    x=np.zeros((n-1)*inc+1,dt); x[::inc]=rng.random(n)*4-2
                    f(RM,up,tr,dg,n,a.ctypes.data_as(ctypes.c_void_p),lda,x.ctypes.data_as(ctypes.c_void_p),inc)
                    cases+=1
                    if not np.all(np.isfinite(x[::inc])): bad+=1; print(name,fn+rt,n,lda,up,tr,dg,inc,'NaN reached x')
    print(name,'cases',cases,'bad',bad)

# Packed (?tpmv, ?tpsv) with a unit diagonal: NaN in the n diagonal slots, the only ones BLAS does not reference.
for name,path in libs.items():
    try: L=ctypes.CDLL(path)
    except OSError as e: print(name,'missing',e); continue
    bad=0; cases=0
    for fn,dt in (('d',np.float64),('s',np.float32)):
      for rt in ('tpmv','tpsv'):
        f=getattr(L,'cblas_'+fn+rt)
        for n in (5,40,100,300):
          for up in (UP,LO):
            for tr in (NT,T):
              ap=np.empty(n*(n+1)//2,dt)
              for i in range(n):
                start = i*n - i*(i-1)//2 if up==UP else i*(i+1)//2
                cols = range(i,n) if up==UP else range(0,i+1)
                for j in cols: ap[start + (j-i if up==UP else j)] = np.nan if i==j else (rng.random()*2-1)/n
              for inc in (1,3):
                x=np.zeros((n-1)*inc+1,dt); x[::inc]=rng.random(n)*4-2
                f(RM,up,tr,U,n,ap.ctypes.data_as(ctypes.c_void_p),x.ctypes.data_as(ctypes.c_void_p),inc)
                cases+=1
                if not np.all(np.isfinite(x[::inc])): bad+=1; print(name,fn+rt,n,up,tr,inc,'NaN reached x')
    print(name,'packed unit cases',cases,'bad',bad)
