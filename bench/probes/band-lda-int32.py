# Probe (session 50, fuzz50): BLIS's and OpenBLAS's cblas_ssbmv and cblas_stbmv (row-major) of order 2 with lda near 2^30 on an
# array that really holds the band (mapped lazily: only the touched pages cost memory), ending at a PROT_NONE page. One
# case per child process, so a crash is reported as CRASH. Usage: python3 bench/probes/band-lda-int32.py (about 20 s).
import ctypes, mmap, sys, subprocess, os
def run(lib, routine, uplo, n, k, lda, incx):
    blas = ctypes.CDLL(lib); libc = ctypes.CDLL("libc.so.6", use_errno=True)
    page = mmap.PAGESIZE
    # row-major band: lower A[i,j] at i*lda + k + j - i, upper at i*lda + j - i; last element read: A[n-1,n-1]
    last = (n - 1) * lda + (k if uplo == 122 else 0)
    length = last + 1
    nbytes = ((length * 4 + page - 1) // page) * page
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    base = libc.mmap(None, nbytes + page, 3, 0x22, -1, 0)
    libc.mprotect(ctypes.c_void_p(base + nbytes), page, 0)
    a = base + nbytes - 4 * length
    fl = ctypes.POINTER(ctypes.c_float)
    A = ctypes.cast(a, fl)
    for i in range(n):
        for j in range(max(0, i - k) if uplo == 122 else i, (i + 1) if uplo == 122 else min(n, i + k + 1)):
            A[i * lda + (k if uplo == 122 else 0) + j - i] = 1.0 + i + 10 * j
    x = (ctypes.c_float * 64)(*[1.0] * 64); y = (ctypes.c_float * 64)()
    if routine == "sbmv":
        f = blas.cblas_ssbmv
        f.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_float, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_void_p, ctypes.c_int]
        f(101, uplo, n, k, 1.0, a, lda, x, incx, 0.0, y, incx)
        print("ok", [y[i * incx] for i in range(n)])
    else:
        f = blas.cblas_stbmv
        f.argtypes = [ctypes.c_int] * 6 + [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
        f(101, uplo, 111, 131, n, k, a, lda, x, incx)  # row-major, no transpose, non-unit
        print("ok", [x[i * incx] for i in range(n)])
if len(sys.argv) > 1:
    run(sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])); sys.exit(0)
for lib in ["libblis.so.4", "libopenblas.so.0"]:
    for routine in ["sbmv", "tbmv"]:
        for uplo in [121, 122]:
            for lda in [(1 << 29) - 1, 1 << 29, (1 << 30) - 1, 1 << 30]:  # (1 << 29) - 1: the largest NativeBandIndices sends native at order 2
                for incx in [1, 3]:
                    r = subprocess.run([sys.executable, __file__, lib, routine, str(uplo), "2", "1", str(lda), str(incx)], capture_output=True, text=True)
                    print(lib, routine, "upper" if uplo == 121 else "lower", "n=2 k=1 lda", lda, "inc", incx, "->", r.stdout.strip() or f"CRASH rc {r.returncode}")
