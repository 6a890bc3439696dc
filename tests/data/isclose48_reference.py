"""Reference for Matrix.approxEqual (audit fs48): Python's math.isclose on pairs of doubles.

Writes isclose48-reference.json: for each (rel_tol, abs_tol) setting, pairs (x, y) and math.isclose(x, y,
rel_tol=..., abs_tol=...). The pairs are edge cases (equal values, ±0, subnormals, the largest double, ±inf, NaN,
values one ulp either side of the relative and absolute bounds) and seeded random pairs at several scales. Numbers
are written as their IEEE bit patterns (signed 64-bit integers) so that every value (NaN, inf, -0.0, subnormals)
survives JSON exactly. Also float32 pairs
(values rounded to float32 with NumPy), compared in double as math.isclose does after widening.
"""
import json
import math
import random
import struct
import sys

import numpy as np

SETTINGS = [(1e-9, 0.0), (1e-12, 0.0), (1e-6, 1e-9), (0.0, 1e-12), (0.0, 0.0), (0.5, 0.0), (1e-3, 1e-300)]


def edge_pairs(rel, abs_):
    inf, nan = math.inf, math.nan
    tiny = 5e-324
    big = sys.float_info.max
    pairs = [(0.0, 0.0), (0.0, -0.0), (1.0, 1.0), (tiny, 0.0), (tiny, -tiny), (big, big), (big, -big),
             (big, inf), (inf, inf), (-inf, -inf), (inf, -inf), (nan, nan), (nan, 1.0), (1.0, nan), (inf, nan),
             (1.0, 1.0 + 1e-15), (1.0, 1.0 + 1e-9), (1.0, 1.0 + 2e-9), (1e-300, 2e-300), (1e300, 1.0000001e300),
             (-3.5, 3.5), (1e-10, 0.0), (1e-13, 0.0), (1e-12, 0.0), (2.2250738585072014e-308, 0.0)]
    # Either side of the bounds: y = x·(1 ± rel) and x ± abs, and their neighbours one ulp away.
    for x in [1.0, -7.25, 3e-5, 6.02e23, 1e-310]:
        for y in [x * (1 + rel), x * (1 - rel), x + abs_, x - abs_]:
            for z in [y, math.nextafter(y, inf), math.nextafter(y, -inf)]:
                pairs.append((x, z))
                pairs.append((z, x))
    return pairs


def random_pairs(rng, rel, abs_):
    pairs = []
    for scale in [1e-300, 1e-12, 1.0, 1e12, 1e300]:
        for _ in range(12):
            x = rng.uniform(-1, 1) * scale
            # A relative change around the tolerance, and an absolute one around abs_tol.
            d = rng.choice([rel, abs_ / scale if scale else 0.0, 1e-16, 1e-3]) * rng.uniform(0.5, 1.5)
            pairs.append((x, x * (1 + d) if rng.random() < 0.5 else x + d * rng.uniform(-1, 1)))
    return pairs


def bits(x):
    return struct.unpack("<q", struct.pack("<d", x))[0]


def case(x, y, rel, abs_):
    return [bits(x), bits(y), math.isclose(x, y, rel_tol=rel, abs_tol=abs_)]


def main():
    rng = random.Random(48)
    out = {"origin": "Python %s math.isclose, NumPy %s for float32 rounding; tests/data/isclose48_reference.py"
                     % (sys.version.split()[0], np.__version__),
           "settings": []}
    for rel, abs_ in SETTINGS:
        pairs = edge_pairs(rel, abs_) + random_pairs(rng, rel, abs_)
        doubles = [case(x, y, rel, abs_) for x, y in pairs]
        singles = []
        for x, y in pairs:
            with np.errstate(over="ignore"):
                xs, ys = float(np.float32(x)), float(np.float32(y))
            singles.append(case(xs, ys, rel, abs_))
        out["settings"].append({"relativeTolerance": rel, "absoluteTolerance": abs_, "double": doubles, "float32": singles})
    with open("isclose48-reference.json", "w") as f:
        json.dump(out, f, separators=(",", ":"))
    total = sum(len(s["double"]) + len(s["float32"]) for s in out["settings"])
    close = sum(c[2] for s in out["settings"] for c in s["double"] + s["float32"])
    print(f"{total} cases, {close} close")


if __name__ == "__main__":
    main()
