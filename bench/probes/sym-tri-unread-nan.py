# Probe (session 40, tri40): row-major cblas_?syr / ?syr2 / ?symv / ?symm / ?syrk / ?syr2k / ?trmm / ?trsm with NaN in every
# slot of the symmetric or triangular operand that BLAS documents as not referenced (the other triangle, the lda padding,
# a unit diagonal), and a sentinel (12345) in every slot of a written matrix that BLAS documents as not written (the other
# triangle of SYR/SYR2/SYRK/SYR2K's A or C, every matrix's ld padding): does a NaN reach the output, or does a sentinel
# change? Orders 1, 5, 40, 100 (level 3: m, n in (1, 5), (40, 33), (100, 64) and swapped), ld = minimum and minimum + 3,
# every uplo/trans/diag/side, increments 1 and 3, s and d. Loads the libraries as triangle-unread-nan.py does.
# Run: /usr/bin/python3 bench/probes/sym-tri-unread-nan.py
import ctypes, numpy as np
libs = {'openblas':'/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0','mkl':'libmkl_rt.so','blis':'libblis.so.4','reference':'/usr/lib/x86_64-linux-gnu/blas/libblas.so.3'}
RM=101; UP,LO=121,122; NT,T=111,112; NU,U=131,132; LEFT,RIGHT=141,142
SENT=12345.0
rng=np.random.default_rng(40)
P=lambda arr: arr.ctypes.data_as(ctypes.c_void_p)

def tri_mask(n, lda, up, unit=False):
    """Boolean mask over the (n-1)*lda+n slots: True where BLAS references the uplo triangle (without a unit diagonal)."""
    m=np.zeros((n,lda),bool)
    i,j=np.indices((n,n))
    t=(j>=i) if up==UP else (j<=i)
    if unit: t&=(i!=j)
    m[:, :n]=t
    return m.reshape(-1)[:(n-1)*lda+n]

def rect_mask(r, c, ld):
    m=np.zeros((r,ld),bool); m[:, :c]=True
    return m.reshape(-1)[:(r-1)*ld+c]

def tri_operand(n, lda, up, unit, dt, diag_big):
    """NaN everywhere not referenced; referenced: a well-conditioned triangle (or symmetric half)."""
    mask=tri_mask(n,lda,up,unit)
    a=np.full(mask.size,np.nan,dt)
    vals=(rng.random(mask.size)*2-1)/max(n,1)
    a[mask]=vals[mask]
    if diag_big and not unit:
        for i in range(n): a[i*lda+i]=(1.5+rng.random())*rng.choice([-1,1])
    return a, mask

def rect_operand(r, c, ld, dt, pad):
    mask=rect_mask(r,c,ld)
    b=np.full(mask.size,pad,dt); b[mask]=(rng.random(mask.sum())*4-2)
    return b, mask

def vec(n, inc, dt, pad):
    x=np.full((n-1)*inc+1,pad,dt); x[::inc]=rng.random(n)*4-2
    return x

results={}
for name,path in libs.items():
    try: L=ctypes.CDLL(path)
    except OSError as e: print(name,'missing',e); continue
    counts={}
    def note(rt, ok, what):
        c=counts.setdefault(rt,[0,0]); c[0]+=1
        if not ok:
            c[1]+=1
            if c[1]<=3: print(name, rt, what)
    for fn,dt,ct in (('d',np.float64,ctypes.c_double),('s',np.float32,ctypes.c_float)):
        # ---- level 2 ----
        for n in (1,5,40,100):
            for lda in (n,n+3):
                for up in (UP,LO):
                    wmask=tri_mask(n,lda,up)
                    for inc in (1,3):
                        # symv: A's triangle read (NaN outside), y written
                        a,_=tri_operand(n,lda,up,False,dt,False)
                        x=vec(n,inc,dt,SENT); y=vec(n,inc,dt,SENT)
                        getattr(L,'cblas_'+fn+'symv')(RM,up,n,ct(1.25),P(a),lda,P(x),inc,ct(0.5),P(y),inc)
                        note('symv', np.all(np.isfinite(y[::inc])) and np.all(y[np.arange(y.size)%inc!=0]==SENT), (n,lda,up,inc))
                        # syr / syr2: A written only in its triangle: sentinel elsewhere must stay
                        for rt in ('syr','syr2'):
                            a=np.full((n-1)*lda+n,SENT,dt); a[wmask]=rng.random(wmask.sum())
                            x=vec(n,inc,dt,np.nan); y=vec(n,inc,dt,np.nan)
                            if rt=='syr': getattr(L,'cblas_'+fn+'syr')(RM,up,n,ct(0.75),P(x),inc,P(a),lda)
                            else: getattr(L,'cblas_'+fn+'syr2')(RM,up,n,ct(0.75),P(x),inc,P(y),inc,P(a),lda)
                            note(rt, np.all(a[~wmask]==SENT) and np.all(np.isfinite(a[wmask])), (n,lda,up,inc))
        # ---- level 3 ----
        for (m,n) in ((1,5),(5,1),(5,5),(40,33),(33,40),(100,64),(64,100)):
            for pad in (0,3):
                for up in (UP,LO):
                    for side in (LEFT,RIGHT):
                        order=m if side==LEFT else n
                        lda=order+pad
                        # symm: A's triangle read; B read; C written (full m×n)
                        a,_=tri_operand(order,lda,up,False,dt,False)
                        b,_=rect_operand(m,n,n+pad,dt,np.nan)
                        c,cm=rect_operand(m,n,n+pad,dt,SENT)
                        getattr(L,'cblas_'+fn+'symm')(RM,side,up,m,n,ct(1.25),P(a),lda,P(b),n+pad,ct(0.5),P(c),n+pad)
                        note('symm', np.all(np.isfinite(c[cm])) and np.all(c[~cm]==SENT), (m,n,pad,up,side))
                        for tr in (NT,T):
                            for dg in (NU,U):
                                for rt in ('trmm','trsm'):
                                    a,_=tri_operand(order,lda,up,dg==U,dt,True)
                                    b,bm=rect_operand(m,n,n+pad,dt,SENT)
                                    getattr(L,'cblas_'+fn+rt)(RM,side,up,tr,dg,m,n,ct(1.0),P(a),lda,P(b),n+pad)
                                    note(rt, np.all(np.isfinite(b[bm])) and np.all(b[~bm]==SENT), (m,n,pad,up,side,tr,dg))
                    # syrk / syr2k: C (order n) written only in its triangle; A, B n×k (or k×n) read whole
                    nn,k=m,n
                    for tr in (NT,T):
                        r,cc=(nn,k) if tr==NT else (k,nn)
                        ldc=nn+pad
                        wmask=tri_mask(nn,ldc,up)
                        for rt in ('syrk','syr2k'):
                            a,_=rect_operand(r,cc,cc+pad,dt,np.nan); b,_=rect_operand(r,cc,cc+pad,dt,np.nan)
                            c=np.full((nn-1)*ldc+nn,SENT,dt); c[wmask]=rng.random(wmask.sum())
                            if rt=='syrk': getattr(L,'cblas_'+fn+'syrk')(RM,up,tr,nn,k,ct(1.25),P(a),cc+pad,ct(0.5),P(c),ldc)
                            else: getattr(L,'cblas_'+fn+'syr2k')(RM,up,tr,nn,k,ct(1.25),P(a),cc+pad,P(b),cc+pad,ct(0.5),P(c),ldc)
                            note(rt, np.all(c[~wmask]==SENT) and np.all(np.isfinite(c[wmask])), (nn,k,pad,up,tr))
    print(name, ' '.join(f'{rt} {c[0]}/{c[1]}' for rt,c in counts.items()), '(cases/bad)')
