# Probe (session 40, gemm40): does row-major cblas_?gemm read A or B when alpha = 0 (or k = 0), and write C when
# additionally beta = 1? Each library and phase in its own subprocess; s and d; every transA/transB; shapes from 1x1x1
# to 200x150x120; lda, ldb, ldc above their minimum.
#  values: A and B full of NaN, C finite, alpha = 0, beta in (0, 1, 2, -0.5): C must equal beta*C exactly (beta = 0:
#          zeros); and A's storage being C's own buffer (A overlaps C), B NaN: C must equal beta*C_original.
#  reads:  A and B in PROT_NONE pages (any read faults); alpha = 0, and k = 0 with alpha = 1: no fault, C = 2C.
#  writes: C in a PROT_READ page (any write faults); alpha = 0, and k = 0 with alpha = 1; beta = 1: no fault.
# A fault ends the phase's process; the case printed last is the one that faulted.
# Run: /usr/bin/python3 bench/probes/gemm-unread-operands.py
import ctypes, mmap, numpy as np, subprocess, sys
libs = {'openblas':'/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0','mkl':'libmkl_rt.so','blis':'libblis.so.4','reference':'/usr/lib/x86_64-linux-gnu/blas/libblas.so.3'}
RM=101; NT,T=111,112; PROT_NONE=0
SHAPES = ((1, 1, 1), (3, 5, 4), (17, 9, 33), (64, 64, 64), (1, 40, 7), (40, 1, 7), (200, 150, 120))
libc = ctypes.CDLL(None, use_errno=True)
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
P = lambda x: x.ctypes.data_as(ctypes.c_void_p)

def guarded(nbytes, fill, prot, dt):
    """A page-aligned buffer filled with `fill`, then protected with `prot`; returns (mmap, address)."""
    size = max(1, (nbytes + mmap.PAGESIZE - 1) // mmap.PAGESIZE) * mmap.PAGESIZE
    mm = mmap.mmap(-1, size)
    np.frombuffer(mm, dt)[:] = fill
    addr = ctypes.addressof(ctypes.c_char.from_buffer(mm))
    if libc.mprotect(addr, size, prot) != 0: raise OSError(ctypes.get_errno(), 'mprotect')
    return mm, addr

def cases(L):
    for fn, dt, ct in (('d', np.float64, ctypes.c_double), ('s', np.float32, ctypes.c_float)):
        f = getattr(L, 'cblas_'+fn+'gemm')
        f.argtypes = [ctypes.c_int]*6 + [ct, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ct, ctypes.c_void_p, ctypes.c_int]
        for (m, n, k) in SHAPES:
            for ta in (NT, T):
                for tb in (NT, T):
                    ar, ac = (m, k) if ta == NT else (k, m); br, bc = (k, n) if tb == NT else (n, k)
                    yield fn, dt, f, m, n, k, ta, tb, ar, ac, br, bc, ac + 2, bc + 1, n + 3

def run(name, phase):
    L = ctypes.CDLL(libs[name]); rng = np.random.default_rng(40); bad = {}; total = 0
    for fn, dt, f, m, n, k, ta, tb, ar, ac, br, bc, lda, ldb, ldc in cases(L):
        tag = f'{fn}gemm {m}x{n}x{k} trans {"NT"[ta-NT]}{"NT"[tb-NT]}'
        if phase == 'values':
            for beta in (0.0, 1.0, 2.0, -0.5):
                b = np.full(br*ldb, np.nan, dt)
                for overlap in (False, True):
                    a = np.full(ar*lda, np.nan, dt)
                    c = (rng.random(max(m*ldc, ar*lda) if overlap else m*ldc)*4-2).astype(dt); c0 = c.copy()
                    f(RM, ta, tb, m, n, k, 0.0, P(c if overlap else a), lda, P(b), ldb, beta, P(c), ldc)
                    want = c0.copy(); v = want[:m*ldc].reshape(m, ldc)[:, :n]; v[:] = (dt(beta)*v) if beta != 0 else 0
                    total += 1
                    if not np.array_equal(c, want, equal_nan=False):
                        key = (tag, 'A is C' if overlap else 'NaN A, B'); bad[key] = bad.get(key, []) + [beta]
        else:
            for alpha, kk in ((0.0, k), (1.0, 0)):
                print('case', phase, tag, 'alpha', alpha, 'k', kk, flush=True)
                if phase == 'reads':
                    ma, pa = guarded(ar*lda*dt().itemsize, np.nan, PROT_NONE, dt)
                    mb, pb = guarded(br*ldb*dt().itemsize, np.nan, PROT_NONE, dt)
                    c = np.ones(m*ldc, dt)
                    f(RM, ta, tb, m, n, kk, alpha, pa, lda, pb, ldb, 2.0, P(c), ldc)
                    if not np.all(c.reshape(m, ldc)[:, :n] == 2): bad[(tag, f'alpha {alpha} k {kk}: C != 2C')] = [2.0]
                else:
                    a = np.full(ar*lda, np.nan, dt); b = np.full(br*ldb, np.nan, dt)
                    mc, pc = guarded(m*ldc*dt().itemsize, 1.5, mmap.PROT_READ, dt)
                    f(RM, ta, tb, m, n, kk, alpha, P(a), lda, P(b), ldb, 1.0, pc, ldc)
                total += 1
    for (tag, what), betas in bad.items(): print(name, phase, tag, what, 'wrong for beta', betas)
    print(name, phase, 'cases', total, 'wrong', sum(len(v) for v in bad.values()), 'no fault')

if len(sys.argv) > 2: run(sys.argv[1], sys.argv[2]); sys.exit(0)
for name in libs:
    for phase in ('values', 'reads', 'writes'):
        r = subprocess.run([sys.executable, __file__, name, phase], capture_output=True, text=True, timeout=600)
        out = [l for l in (r.stdout + r.stderr).strip().splitlines() if not l.startswith('case ')]
        last = [l for l in r.stdout.splitlines() if l.startswith('case ')][-1:]
        print('\n'.join(out))
        if r.returncode != 0:
            print(f'{name} {phase}: process ended with code {r.returncode}' + (' (a signal: a protected page was touched) at ' + (last[0] if last else '?') if r.returncode < 0 else ''))
