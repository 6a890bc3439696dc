#!/usr/bin/python3
"""The peers of bench/BlasNet.Benchmarks/ModuleQuick.cs for the Compare target's module charts: runs
quadrature_scipy.py and least_squares_scipy.py nist as written, and mlp_torch.run for 1 and 2 threads
with fewer steps (Debian's SciPy and PyTorch), and prints their times as `module <chart> <case> <implementation> <ms>` lines:
SciPy quad per integral (best of 5 timeit repeats), SciPy least_squares(method='lm') summed over the
54 NIST runs (each the mean of 3), PyTorch's MLP step (median of 5 timings of 40 steps after 20).
A peer that cannot run (a missing package) is reported on a `#` line and skipped."""
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def run(*args):
    out = subprocess.run([sys.executable, str(HERE / args[0]), *args[1:]], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"# {args[0]} failed: {out.stderr.strip().splitlines()[-1:] }")
        return ""
    return out.stdout


def main():
    text = run("quadrature_scipy.py")
    for line in text.splitlines():
        m = re.match(r"^(\S+)\s+([0-9.]+) us\s+\d+", line)
        if m:
            print(f"module quadrature {m.group(1)} SciPy {float(m.group(2)) / 1e3:.6g}")

    text = run("least_squares_scipy.py", "nist")
    times = [float(line.split()[-1]) for line in text.splitlines()
             if line and not line.startswith("#") and not line.startswith("problem") and len(line.split()) == 7]
    if len(times) == 54:
        print(f"module least-squares NIST_54_runs SciPy {sum(times):.6g}")
    elif text:
        print(f"# least_squares_scipy.py nist printed {len(times)} runs, not 54")

    # mlp_torch.run itself, with fewer steps than its command line's (7 × 200 after 50): a chart needs
    # the step time, not the script's full statistics, and the Compare target should stay short.
    try:
        sys.path.insert(0, str(HERE))
        import io
        import contextlib
        import mlp_torch
        for t in (1, 2):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                mlp_torch.run(t, warmup=20, repeats=5, steps=40)
            m = re.search(r"threads=(\d+): ([0-9.]+) us/step", out.getvalue())
            if m:
                print(f"module neural MLP_step,_{t}_thread{'' if t == 1 else 's'} PyTorch {float(m.group(2)) / 1e3:.6g}")
    except ImportError as e:
        print(f"# mlp_torch.py unavailable: {e}")


if __name__ == "__main__":
    main()
