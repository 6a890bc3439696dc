#!/usr/bin/python3
"""numpy matmul on the same square sizes as BlasNet's GEMM benchmarks, for ratios.

Usage: /usr/bin/python3 bench/peers/gemm_numpy.py [--threads N] [--sizes 8,16,64,257,512,1024]
                                                  [--types double,float] [--budget-ms 400]
                                                  [--clock wall|cpu]
Prints machine-readable lines (same format as `BlasNet.Benchmarks gemm-quick`):
    gemm numpy <double|float> <n> <GFLOP/s>
    gemm-ns numpy <type> <n> <ns per call>      (n <= 8)
plus '#' comment lines naming numpy's BLAS. Threads are fixed through the environment
(OPENBLAS_NUM_THREADS etc.) before numpy is imported, since numpy cannot change them later.
"""
import argparse
import os
import sys
import time


def blas_that_ran(np) -> str:
    """The BLAS library numpy actually loaded and, for OpenBLAS, the core its dispatch chose. numpy before 1.25
    (Debian's 1.24) cannot name its BLAS (show_config has no mode="dicts"), and the library behind libblas.so.3
    is whatever the system's alternatives point at, so the mapped libraries are read after one product."""
    import ctypes
    np.ones((2, 2)) @ np.ones((2, 2))
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "/" in line
                            and any(k in line.rsplit("/", 1)[-1].lower() for k in ("blas", "mkl", "blis"))})
    except OSError:
        paths = []
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
        except (OSError, AttributeError):
            continue
        return (f"OpenBLAS {path} core={lib.openblas_get_corename().decode()} "
                f"config={lib.openblas_get_config().decode()}")
    return "BLAS " + (", ".join(paths) if paths else "unknown (no BLAS library found in /proc/self/maps)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--sizes", default="8,16,64,257,512,1024")
    parser.add_argument("--types", default="double,float")
    parser.add_argument("--budget-ms", type=int, default=400)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="cpu: process CPU time (steadier on a busy machine; single thread only)")
    args = parser.parse_args()

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import numpy as np  # after the thread variables, on purpose

    print(f"# numpy {np.__version__} threads {args.threads}; clock {args.clock}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}")
    print(f"# provider numpy {blas_that_ran(np)}")

    clock = time.perf_counter if args.clock == "wall" else time.process_time
    rng = np.random.default_rng(7)
    budget = args.budget_ms / 1000.0
    for type_name in args.types.split(","):
        dtype = {"double": np.float64, "float": np.float32}[type_name]
        for n in (int(s) for s in args.sizes.split(",")):
            a = (rng.random((n, n)) * 2 - 1).astype(dtype)
            b = (rng.random((n, n)) * 2 - 1).astype(dtype)
            c = np.empty((n, n), dtype=dtype)
            np.matmul(a, b, out=c)
            t0 = clock()
            np.matmul(a, b, out=c)
            one = max(clock() - t0, 1e-9)
            batch = int(min(max(0.01 / one, 1), 1_000_000))
            best = float("inf")
            start = clock()
            rep = 0
            while rep < 3 or clock() - start < budget:
                t0 = clock()
                for _ in range(batch):
                    np.matmul(a, b, out=c)
                best = min(best, (clock() - t0) / batch)
                rep += 1
                if rep > 200:
                    break
            print(f"gemm numpy {type_name} {n} {2.0 * n ** 3 / best / 1e9:.2f}")
            if n <= 8:
                print(f"gemm-ns numpy {type_name} {n} {best * 1e9:.1f}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
