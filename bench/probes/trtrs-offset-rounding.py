# Probe (session 46, lapack51): does dtrtrs — what Lapack.Trtrs and SolveTriangular call — round by where its arrays lie?
# offset-rounding.py's method (its helpers are loaded from it): the same triangle and right-hand sides copied to arrays
# starting 0, 8, …, 56 bytes after a 64-byte boundary, A moved alone, then B, then both; distinct results (bit patterns)
# over the placements are printed per call — 1 means the call's bits do not depend on where its arrays lie.
# Calls: dtrtrs upper/lower × N/T (non-unit), n = 7, 24, 100, 300, nrhs = 1, 3, 24; triangles with a dominant diagonal.
# Run: /usr/bin/python3 bench/probes/trtrs-offset-rounding.py [openblas|mkl|mkl-cbwr|blis] …   (default: all four)
import ctypes, importlib.util, os, subprocess, sys
import numpy as np

spec = importlib.util.spec_from_file_location('offset_rounding', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'offset-rounding.py'))
o = importlib.util.module_from_spec(spec); spec.loader.exec_module(o)


def child(name):
    blas_path, lapack_path, _ = o.LIBS[name]
    L = ctypes.CDLL(lapack_path)
    print(f'## {name}: LAPACK {os.path.basename(lapack_path)}, MKL_CBWR={os.environ.get("MKL_CBWR", "")}', flush=True)
    trtrs = L.dtrtrs_; trtrs.restype = None
    rng = np.random.default_rng(51)
    varying = total = 0
    for n in (7, 24, 100, 300):
        t = rng.random((n, n)) * 2 - 1
        t[np.diag_indices(n)] = 2 + rng.random(n)
        a = np.asfortranarray(t).ravel(order='F')
        for nrhs in (1, 3, 24):
            b = rng.random(n * nrhs) * 2 - 1
            for uplo in (b'U', b'L'):
                for trans in (b'N', b'T'):
                    def f(v, n=n, nrhs=nrhs, uplo=uplo, trans=trans):
                        info = ctypes.c_int()
                        trtrs(ctypes.c_char_p(uplo), ctypes.c_char_p(trans), ctypes.c_char_p(b'N'), o.ref(n), o.ref(nrhs), o.ptr(v[0]), o.ref(n),
                              o.ptr(v[1]), o.ref(n), ctypes.byref(info), ctypes.c_size_t(1), ctypes.c_size_t(1), ctypes.c_size_t(1))
                        assert info.value == 0
                        return v[1].tobytes()
                    counts = o.count(f, [a, b])
                    total += 1; varying += max(counts) > 1
                    print(f'dtrtrs {uplo.decode()}{trans.decode()} n={n}, {nrhs} rhs: A {counts[0]}, B {counts[1]}, all {counts[2]}', flush=True)
    print(f'## {name}: {varying} of {total} calls give more than one result over the placements', flush=True)


if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[1] == '--child':
        child(sys.argv[2])
    else:
        for name in sys.argv[1:] or list(o.LIBS):
            subprocess.run([sys.executable, __file__, '--child', name], env=dict(os.environ, **o.LIBS[name][2]))
