# Probe (session 40, lapack41): Fortran dtrtrs_ / dpotrs_ (as BlasNet binds them: LapackNative.cs, column-major, hidden
# character lengths passed) with NaN in every slot of A that LAPACK documents as not referenced: the other triangle, the
# lda padding, and for dtrtrs with diag = 'U' the unit diagonal (diag = 'N' reads the diagonal: its singularity test and
# the division). Two parts:
#  1. NaN in the unread slots, B separate: does a NaN reach B, and does B match a solve of the clean triangle?
#     n in (1, 2, 3, 5, 40, 100, 300), nrhs in (1, 3, 20), lda = n and n + 3, every uplo/trans/diag.
#  2. B stored INSIDE A's array, on unread slots only (every offset and ldb in a small set where all of B's elements are
#     unread: the other triangle, the padding, a unit diagonal), the rest of the unread slots NaN: is B's answer the solve
#     on copies? n in 1..6, nrhs in 1..3, lda = n .. n + 3.
# Libraries: the ones BlasNet loads LAPACK from: OpenBLAS 0.3.21 (libopenblas, its own trtrs/potrs), MKL 2020.4
# (libmkl_rt), Debian's liblapack.so.3 (the alternative BlasNet finds beside BLIS or a plain CBLAS: here OpenBLAS's
# liblapack), and reference LAPACK 3.11 (lapack/liblapack.so.3). Run: /usr/bin/python3 bench/probes/lapack-solve-unread-nan.py
import ctypes, numpy as np, scipy.linalg as sl
libs = {'openblas': '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0', 'mkl': 'libmkl_rt.so',
        'liblapack.so.3 (BLIS, plain CBLAS)': '/usr/lib/x86_64-linux-gnu/liblapack.so.3',
        'reference LAPACK': '/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3'}
rng = np.random.default_rng(41)
I = lambda v: ctypes.byref(ctypes.c_int(v))
C = lambda ch: ctypes.c_char_p(ch.encode())
P = lambda arr, off=0: ctypes.c_void_p(arr.ctypes.data + 8 * off)

def read_mask(n, lda, up, unit):
    """True over the (n-1)*lda+n slots of the column-major A where LAPACK reads: A[i, j] at j*lda + i, i <= j (upper)."""
    m = np.zeros((n, lda), bool)   # m[j, i]: column j, row i
    j, i = np.indices((n, n))
    t = (i <= j) if up else (i >= j)
    if unit: t &= (i != j)
    m[:, :n] = t
    return m.reshape(-1)[:(n - 1) * lda + n]

def triangle(n, up, unit, spd):
    """Clean column-major order-n triangle (numpy array A[i, j]) with a dominant diagonal."""
    t = (rng.random((n, n)) * 2 - 1) / max(n, 1)
    t = np.triu(t) if up else np.tril(t)
    d = (1.5 + rng.random(n)) * (1 if spd else rng.choice([-1, 1], n))
    np.fill_diagonal(t, 1.0 if unit else d)
    return t

def store(t, n, lda, mask):
    a = np.full((n - 1) * lda + n, np.nan)
    for j in range(n):
        for i in range(n):
            if mask[j * lda + i]: a[j * lda + i] = t[i, j]
    return a

def expected(t, b, up, trans, unit, chol):
    if chol:   # A = UᵀU or LLᵀ
        y = sl.solve_triangular(t, b, lower=not up, trans=0 if not up else 1)
        return sl.solve_triangular(t, y, lower=not up, trans=1 if not up else 0)
    return sl.solve_triangular(t, b, lower=not up, trans=1 if trans == 'T' else 0, unit_diagonal=unit)

def call(L, chol, up, trans, unit, n, nrhs, a, lda, b, boff, ldb):
    info = ctypes.c_int(-99)
    if chol: L.dpotrs_(C('U' if up else 'L'), I(n), I(nrhs), P(a), I(lda), P(b, boff), I(ldb), ctypes.byref(info), ctypes.c_size_t(1))
    else: L.dtrtrs_(C('U' if up else 'L'), C(trans), C('U' if unit else 'N'), I(n), I(nrhs), P(a), I(lda), P(b, boff), I(ldb),
                    ctypes.byref(info), ctypes.c_size_t(1), ctypes.c_size_t(1), ctypes.c_size_t(1))
    return info.value

def close(x, e): return np.all(np.isfinite(x)) and np.allclose(x, e, rtol=1e-10, atol=1e-12)

variants = [(chol, up, tr, unit) for chol in (False, True) for up in (True, False)
            for tr in (('N',) if chol else ('N', 'T')) for unit in ((False,) if chol else (False, True))]
for name, path in libs.items():
    try: L = ctypes.CDLL(path)
    except OSError as e: print(name, 'missing', e); continue
    bad1 = runs1 = bad2 = runs2 = 0
    for chol, up, tr, unit in variants:
        rt = 'dpotrs' if chol else 'dtrtrs'
        for n in (1, 2, 3, 5, 40, 100, 300):
            for nrhs in (1, 3, 20):
                for lda in (n, n + 3):
                    t = triangle(n, up, unit, chol); mask = read_mask(n, lda, up, unit)
                    a = store(t, n, lda, mask)
                    ldb = n + 2; bm = rng.random((n, nrhs)) * 4 - 2
                    b = np.full((nrhs - 1) * ldb + n, 7.0)
                    for c in range(nrhs): b[c * ldb:c * ldb + n] = bm[:, c]
                    info = call(L, chol, up, tr, unit, n, nrhs, a, lda, b, 0, ldb)
                    x = np.array([b[c * ldb:c * ldb + n] for c in range(nrhs)]).T
                    runs1 += 1
                    if info != 0 or not close(x, expected(t, bm, up, tr, unit, chol)):
                        bad1 += 1
                        if bad1 <= 5: print(name, 'part 1', rt, 'upper' if up else 'lower', tr, 'unit' if unit else 'non-unit', n, nrhs, lda, 'info', info, 'NaN in B' if np.isnan(x).any() else 'wrong')
        for n in range(1, 7):
            for lda in range(n, n + 4):
                mask = read_mask(n, lda, up, unit); size = mask.size
                for nrhs in (1, 2, 3):
                    for ldb in sorted({n, lda, lda + 1, lda - 1, n + 1}):
                        if ldb < n: continue
                        span = (nrhs - 1) * ldb + n
                        for off in range(0, size - span + 1):
                            slots = np.array([off + c * ldb + i for c in range(nrhs) for i in range(n)])
                            if mask[slots].any(): continue   # B must sit on unread slots only
                            t = triangle(n, up, unit, chol)
                            a = store(t, n, lda, mask)
                            bm = rng.random((n, nrhs)) * 4 - 2
                            for c in range(nrhs): a[off + c * ldb:off + c * ldb + n] = bm[:, c]
                            info = call(L, chol, up, tr, unit, n, nrhs, a, lda, a, off, ldb)
                            x = np.array([a[off + c * ldb:off + c * ldb + n] for c in range(nrhs)]).T
                            runs2 += 1
                            if info != 0 or not close(x, expected(t, bm, up, tr, unit, chol)):
                                bad2 += 1
                                if bad2 <= 5: print(name, 'part 2', rt, 'upper' if up else 'lower', tr, 'unit' if unit else 'non-unit', n, nrhs, lda, ldb, off, 'info', info, x.ravel(), expected(t, bm, up, tr, unit, chol).ravel())
    print(f'{name}: part 1 (NaN in unread slots) {runs1 - bad1}/{runs1} clean; part 2 (B on unread slots of A) {runs2 - bad2}/{runs2} right')
    # Negative control: the probe must see a slot that IS read. NaN on the diagonal with diag = 'N' (read, not unit) and
    # one NaN in the triangle itself must reach B.
    seen = 0
    for n in (3, 40):
        for up in (True, False):
            t = triangle(n, up, False, False); mask = read_mask(n, n + 1, up, False)
            for slot in (n - 1) * (n + 1) + n - 1, (n - 1) * (n + 1) if up else n - 1:   # A[n-1, n-1]; A[0, n-1] or A[n-1, 0]
                a = store(t, n, n + 1, mask); a[slot] = np.nan
                b = np.ones(n); call(L, False, up, 'N', False, n, 1, a, n + 1, b, 0, n)
                seen += int(np.isnan(b).any())
    print(f'{name}: negative control (NaN in a read slot) reached B in {seen}/8 runs')
