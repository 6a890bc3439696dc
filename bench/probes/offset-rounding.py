# Probe (session 45, claims50): does a provider round the same BLAS/LAPACK call differently by where its arrays lie?
# The same inputs are copied to arrays starting 0, 8, …, 56 bytes after a 64-byte boundary (float: 0, 4, …, 60), one
# operand moved at a time (the others at offset 0) and then all together; for each call the number of distinct results
# (bit patterns) over those placements is printed — 1 means the call's bits do not depend on where its arrays lie.
# Calls: ddot/sdot, dnrm2/snrm2, dasum, dgemv/sgemv (both transposes), dgemm/sgemm (every transA/transB), and LAPACK's
# dgeqp3, dormqr (left, transposed and not; the reflectors A, τ and C moved), dpotrf and dpotrs (lower and upper).
# Sizes cross the kernels' unrolling and blocking (lengths 7 … 100 000; QR 16x3 … 300x100; Cholesky 7 … 300).
# Each library runs in its own process; the core OpenBLAS runs is printed (openblas_get_corename). OPENBLAS_CORETYPE is
# neither set nor cleared here: run it in the environment you want to describe.
# Run: /usr/bin/python3 bench/probes/offset-rounding.py [openblas|mkl|mkl-cbwr|blis] …   (default: all four)
#      OPENBLAS_NUM_THREADS / MKL_NUM_THREADS / BLIS_NUM_THREADS as in the environment (the machine's cores if unset).
import ctypes, os, subprocess, sys
import numpy as np

LIB = '/usr/lib/x86_64-linux-gnu/'
LIBS = {  # name: (BLAS library, LAPACK library, extra environment)
    'openblas': (LIB + 'openblas-pthread/libopenblas.so.0', LIB + 'openblas-pthread/libopenblas.so.0', {}),
    'mkl': (LIB + 'libmkl_rt.so', LIB + 'libmkl_rt.so', {}),
    'mkl-cbwr': (LIB + 'libmkl_rt.so', LIB + 'libmkl_rt.so', {'MKL_CBWR': 'COMPATIBLE'}),
    # BlasNet's BLIS provider takes LAPACK from Debian's liblapack.so.3 (OpenBLAS's, through the alternatives).
    'blis': (LIB + 'libblis.so.4', LIB + 'liblapack.so.3', {}),
}
CM, RM, NT, T = 102, 101, 111, 112
c_int_p = ctypes.POINTER(ctypes.c_int)
VP = ctypes.c_void_p
OFFSETS = 8  # placements per operand


def placed(values, offset):
    """A copy of `values` (1-D) starting offset·itemsize bytes after a 64-byte boundary; returns (keep-alive, view)."""
    values = np.ascontiguousarray(values)
    item = values.itemsize
    raw = np.empty(values.size + 128 // item, values.dtype)
    skip = ((64 - raw.ctypes.data % 64) % 64) // item
    view = raw[skip + offset: skip + offset + values.size]
    assert (view.ctypes.data - offset * item) % 64 == 0
    view[:] = values
    return raw, view


def ptr(a):
    return ctypes.c_void_p(a.ctypes.data)


def ref(v, t=ctypes.c_int):
    return ctypes.byref(t(v))


def count(fn, operands, offsets=OFFSETS):
    """fn(views) -> bytes of the result. operands: list of 1-D arrays. Distinct results moving each operand alone, then all."""
    out = []
    for moved in list(range(len(operands))) + ['all']:
        seen = set()
        for off in range(offsets):
            views, keep = [], []
            for i, a in enumerate(operands):
                o = off if moved == 'all' or moved == i else 0
                k, v = placed(a, o)
                keep.append(k); views.append(v)
            seen.add(fn(views))
        out.append(len(seen))
    return out


def child(name):
    blas_path, lapack_path, _ = LIBS[name]
    B = ctypes.CDLL(blas_path)
    L = B if lapack_path == blas_path else ctypes.CDLL(lapack_path)
    core = 'n/a'
    for lib in (B, L):
        try:
            lib.openblas_get_corename.restype = ctypes.c_char_p
            core = lib.openblas_get_corename().decode(); break
        except AttributeError:
            pass
    print(f'## {name}: BLAS {os.path.basename(blas_path)}, LAPACK {os.path.basename(lapack_path)}, OpenBLAS core {core}, '
          f'MKL_CBWR={os.environ.get("MKL_CBWR", "")}, OPENBLAS_CORETYPE={os.environ.get("OPENBLAS_CORETYPE", "(unset)")}', flush=True)
    rng = np.random.default_rng(45)
    rows = []

    def report(call, shape, counts, labels):
        varies = [f'{lab} {c}' for lab, c in zip(labels, counts) if c > 1]
        rows.append((call, shape, counts))
        print(f'{call:28s} {shape:18s} ' + ('same bits at every offset' if not varies else 'DIFFERS moving ' + ', '.join(varies)), flush=True)

    for p, dt, ct in (('d', np.float64, ctypes.c_double), ('s', np.float32, ctypes.c_float)):
        offs = OFFSETS if p == 'd' else 16
        dot = getattr(B, f'cblas_{p}dot'); dot.restype = ct; dot.argtypes = [ctypes.c_int, VP, ctypes.c_int, VP, ctypes.c_int]
        nrm2 = getattr(B, f'cblas_{p}nrm2'); nrm2.restype = ct; nrm2.argtypes = [ctypes.c_int, VP, ctypes.c_int]
        asum = getattr(B, f'cblas_{p}asum'); asum.restype = ct; asum.argtypes = [ctypes.c_int, VP, ctypes.c_int]
        for n in (7, 33, 100, 1000, 10007, 100000):
            x = (rng.random(n) * 2 - 1).astype(dt); y = (rng.random(n) * 2 - 1).astype(dt)
            report(f'{p}dot', f'n={n}', count(lambda v: dt(dot(n, ptr(v[0]), 1, ptr(v[1]), 1)).tobytes(), [x, y], offs), ['x', 'y', 'both'])
            report(f'{p}nrm2', f'n={n}', count(lambda v: dt(nrm2(n, ptr(v[0]), 1)).tobytes(), [x], offs), ['x', 'x'])
            report(f'{p}asum', f'n={n}', count(lambda v: dt(asum(n, ptr(v[0]), 1)).tobytes(), [x], offs), ['x', 'x'])
        gemv = getattr(B, f'cblas_{p}gemv')
        gemv.argtypes = [ctypes.c_int] * 4 + [ct, VP, ctypes.c_int, VP, ctypes.c_int, ct, VP, ctypes.c_int]
        for (m, n) in ((16, 3), (37, 7), (50, 13), (154, 3), (131, 24), (300, 200), (1000, 1000)):
            for tr in (NT, T):
                a = (rng.random(m * n) * 2 - 1).astype(dt)
                x = (rng.random(n if tr == NT else m) * 2 - 1).astype(dt)
                y = (rng.random(m if tr == NT else n) * 2 - 1).astype(dt)

                def f(v, tr=tr, m=m, n=n):
                    gemv(CM, tr, m, n, 1.0, ptr(v[0]), m, ptr(v[1]), 1, 0.5, ptr(v[2]), 1)
                    return v[2].tobytes()
                report(f'{p}gemv {"NT"[tr - NT]} col-major', f'{m}x{n}', count(f, [a, x, y], offs), ['A', 'x', 'y', 'all'])
        gemm = getattr(B, f'cblas_{p}gemm')
        gemm.argtypes = [ctypes.c_int] * 6 + [ct, VP, ctypes.c_int, VP, ctypes.c_int, ct, VP, ctypes.c_int]
        for (m, n, k) in ((4, 4, 4), (37, 7, 7), (13, 13, 50), (64, 64, 64), (129, 61, 37), (200, 150, 120)):
            for ta in (NT, T):
                for tb in (NT, T):
                    a = (rng.random(m * k) * 2 - 1).astype(dt); b = (rng.random(k * n) * 2 - 1).astype(dt)
                    c = (rng.random(m * n) * 2 - 1).astype(dt)
                    lda = k if ta == NT else m; ldb = n if tb == NT else k

                    def f(v, ta=ta, tb=tb, m=m, n=n, k=k, lda=lda, ldb=ldb):
                        gemm(RM, ta, tb, m, n, k, 1.0, ptr(v[0]), lda, ptr(v[1]), ldb, 0.5, ptr(v[2]), n)
                        return v[2].tobytes()
                    report(f'{p}gemm {"NT"[ta - NT]}{"NT"[tb - NT]} row-major', f'{m}x{n}x{k}', count(f, [a, b, c], offs), ['A', 'B', 'C', 'all'])

    geqp3 = L.dgeqp3_; geqp3.restype = None
    ormqr = L.dormqr_; ormqr.restype = None
    potrf = L.dpotrf_; potrf.restype = None
    potrs = L.dpotrs_; potrs.restype = None
    for (m, n) in ((16, 3), (37, 7), (50, 13), (154, 3), (131, 24), (300, 100)):
        # A graded matrix as a Jacobian is (columns of very different sizes), column-major.
        a = ((rng.random((n, m)) * 2 - 1) * (10.0 ** (np.arange(n) % 5 - 2))[:, None]).ravel()

        def qp3(v, m=m, n=n):
            jp = np.zeros(n, np.int32); q = np.zeros(1); info = ctypes.c_int()
            geqp3(ref(m), ref(n), ptr(v[0]), ref(m), ptr(jp), ptr(v[1]), ptr(q), ref(-1), ctypes.byref(info))
            lw = int(q[0]); _, w = placed(np.zeros(lw), 0)  # the workspace at offset 0: repro43 found its place plays no part
            geqp3(ref(m), ref(n), ptr(v[0]), ref(m), ptr(jp), ptr(v[1]), ptr(w), ref(lw), ctypes.byref(info))
            assert info.value == 0
            return v[0].tobytes() + v[1].tobytes() + jp.tobytes()
        report('dgeqp3', f'{m}x{n}', count(qp3, [a, np.zeros(n)]), ['A', 'tau', 'all'])
        # The factor once, at offset 0, then dormqr with the reflectors, τ and C moved.
        _, fa = placed(a, 0); _, ft = placed(np.zeros(n), 0)
        jp = np.zeros(n, np.int32); q = np.zeros(1); info = ctypes.c_int()
        geqp3(ref(m), ref(n), ptr(fa), ref(m), ptr(jp), ptr(ft), ptr(q), ref(-1), ctypes.byref(info))
        w = np.zeros(int(q[0])); geqp3(ref(m), ref(n), ptr(fa), ref(m), ptr(jp), ptr(ft), ptr(w), ref(int(q[0])), ctypes.byref(info))
        for nrhs in (1, 5):
            cm = rng.random(m * nrhs) * 2 - 1
            for trans in (b'T', b'N'):
                def orm(v, nrhs=nrhs, trans=trans, m=m, n=n):
                    cc = v[2]; q = np.zeros(1); info = ctypes.c_int()
                    ormqr(ctypes.c_char_p(b'L'), ctypes.c_char_p(trans), ref(m), ref(nrhs), ref(n), ptr(v[0]), ref(m), ptr(v[1]),
                          ptr(cc), ref(m), ptr(q), ref(-1), ctypes.byref(info), ctypes.c_size_t(1), ctypes.c_size_t(1))
                    _, w = placed(np.zeros(max(1, int(q[0]))), 0)
                    ormqr(ctypes.c_char_p(b'L'), ctypes.c_char_p(trans), ref(m), ref(nrhs), ref(n), ptr(v[0]), ref(m), ptr(v[1]),
                          ptr(cc), ref(m), ptr(w), ref(int(q[0])), ctypes.byref(info), ctypes.c_size_t(1), ctypes.c_size_t(1))
                    assert info.value == 0
                    return cc.tobytes()
                report(f'dormqr L{trans.decode()}', f'{m}x{n}, {nrhs} rhs', count(orm, [fa.copy(), ft.copy(), cm]), ['A', 'tau', 'C', 'all'])
    for n in (7, 24, 100, 300):
        g = rng.random((n + 5, n)) * 2 - 1
        spd = (g.T @ g).ravel()
        b = rng.random(n * 3) * 2 - 1
        for uplo in (b'L', b'U'):
            def chol(v, n=n, uplo=uplo):
                info = ctypes.c_int()
                potrf(ctypes.c_char_p(uplo), ref(n), ptr(v[0]), ref(n), ctypes.byref(info), ctypes.c_size_t(1))
                assert info.value == 0
                return v[0].tobytes()
            report(f'dpotrf {uplo.decode()}', f'n={n}', count(chol, [spd]), ['A', 'A'])
            _, fac = placed(spd, 0); info = ctypes.c_int()
            potrf(ctypes.c_char_p(uplo), ref(n), ptr(fac), ref(n), ctypes.byref(info), ctypes.c_size_t(1))

            def sol(v, n=n, uplo=uplo):
                info = ctypes.c_int()
                potrs(ctypes.c_char_p(uplo), ref(n), ref(3), ptr(v[0]), ref(n), ptr(v[1]), ref(n), ctypes.byref(info), ctypes.c_size_t(1))
                assert info.value == 0
                return v[1].tobytes()
            report(f'dpotrs {uplo.decode()}', f'n={n}, 3 rhs', count(sol, [fac.copy(), b]), ['factor', 'B', 'all'])
    varying = [r for r in rows if max(r[2]) > 1]
    print(f'## {name}: {len(varying)} of {len(rows)} calls give more than one result over the placements', flush=True)


if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[1] == '--child':
        child(sys.argv[2])
    else:
        for name in sys.argv[1:] or list(LIBS):
            env = dict(os.environ, **LIBS[name][2])
            subprocess.run([sys.executable, __file__, '--child', name], env=env)
