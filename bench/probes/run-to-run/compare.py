#!/usr/bin/env python3
"""Session repro43: compare the fits probe's output. compare.py FILE1 [FILE2]
One file: pass A against pass B of the same process. Two files: pass A of each (two processes).
Counts the fits that differ, and how: status, evaluation count, or only X's/the cost's bits (with the largest ulp gap)."""
import struct, sys

def read(path, want):
    fits = {}
    for line in open(path):
        run, key, sig = line.rstrip("\n").split("\t")
        if run == want:
            fits[key] = sig.split(" ")
    return fits

def value(bits):
    return struct.unpack("<d", struct.pack("<Q", int(bits, 16)))[0]

def gap(a, b):
    """|a - b| / max(|a|, |b|) of the doubles with these bits (0 when equal)."""
    x, y = value(a), value(b)
    if x == y:
        return 0.0
    return abs(x - y) / max(abs(x), abs(y))

if len(sys.argv) == 2:
    left, right, what = read(sys.argv[1], "A"), read(sys.argv[1], "B"), "in one process (pass A vs B)"
else:
    left, right, what = read(sys.argv[1], "A"), read(sys.argv[2], "A"), "two processes (pass A vs A)"
status = evals = bits = 0
worst = 0
for key, a in left.items():
    b = right[key]
    if a == b:
        continue
    if a[0] != b[0]:
        status += 1
    elif len(a) < 2 or a[1] != b[1]:
        evals += 1
    else:
        bits += 1
        if len(a) >= 4:
            xs = list(zip(a[2].split(","), b[2].split(",")))
            worst = max([worst] + [gap(p, q) for p, q in xs])
print(f"{what}: {len(left)} fits, {status + evals + bits} differ: {status} in status, {evals} more in evaluations, "
      f"{bits} only in bits (largest relative X gap among those {worst:.1e})")
