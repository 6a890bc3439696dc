"""Audit kn46: correctly rounded double tanh(x) and sigmoid(x) = 1/(1 + exp(-x)) at inputs chosen in the hard regions of
BlasNet's kernels (src/BlasNet/Kernels/TanhKernel.cs, Kernels.Activations.cs), for KernelReferences46Tests.

Reference: mpmath at 300 bits (far beyond double's 53, so the rounding below is the correct one except at an exact tie,
which these transcendental values at nonzero double inputs never are), converted to double by Python's correctly rounded
Fraction -> float (subnormals included). Inputs are stored as IEEE bit patterns (hex) so no decimal parsing intervenes.

Regions (both signs where the function is odd or sigma's two tails differ):
  tanh:    tiny and subnormal x (tanh x rounds to x), the odd-polynomial/exp switch at |x| = 0.625 and its neighbours,
           |x| in [0, 5] uniform, the rounding-to-1 threshold near 19.06 and the exp clamp at 20 (SaturatedD), 354 (where
           the runtime's vector exp of 2|x| would leave its vector path), huge x.
  sigmoid: tiny x (sigma = 1/2 +- x/4), [-40, 40] uniform, the rounding-to-1 threshold near 36.7, the vector/scalar switch
           at |x| = 700 (SigmoidVectorLimit) and its neighbours, x in (-709.78, -708.39) where sigma is subnormal but
           exp(-x) still finite, and the overflow of exp(-x) at -709.7827 (below it the formula gives 1/inf = 0, documented).
Run: /usr/bin/python3 tests/data/activation_accuracy46_reference.py > tests/data/activation-accuracy46-reference.json
(mpmath 1.x; deterministic: numpy-free, random.Random(46)).
"""
import json
import math
import random
import struct
from fractions import Fraction

import mpmath

mpmath.mp.prec = 300


def bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def rounded(v):
    """mpf -> nearest double (ties to even), subnormals included, via an exact Fraction."""
    if abs(v) < mpmath.mpf(2) ** -1100:  # far below half the smallest subnormal (2^-1075): rounds to zero
        return 0.0
    if v < 0:
        return -rounded(-v)  # man_exp gives the magnitude's mantissa
    man, exp = v.man_exp
    return float(Fraction(int(man)) * (Fraction(2) ** int(exp)))


def tanh_ref(x):
    return rounded(mpmath.tanh(mpmath.mpf(x)))


def sigmoid_ref(x):
    return rounded(1 / (1 + mpmath.exp(-mpmath.mpf(x))))


def neighbours(x, k):
    out = [x]
    lo = hi = x
    for _ in range(k):
        lo = math.nextafter(lo, -math.inf)
        hi = math.nextafter(hi, math.inf)
        out += [lo, hi]
    return out


rng = random.Random(46)
tanh_x = []
tanh_x += [10 ** rng.uniform(-323, -3) for _ in range(300)]          # tiny and subnormal
tanh_x += [5e-324, 2.2250738585072014e-308, 1e-8, 1.4901161193847656e-08, 2e-4]
tanh_x += neighbours(0.625, 8) + [rng.uniform(0.6, 0.65) for _ in range(300)]
tanh_x += [rng.uniform(0, 5) for _ in range(600)]
tanh_x += [rng.uniform(18, 20.5) for _ in range(200)] + neighbours(20.0, 4) + neighbours(19.06154746539849, 4)
tanh_x += [rng.uniform(0.5, 1.5) * 354 for _ in range(50)] + [1e3, 1e300, 1.7976931348623157e308]
tanh_x = [s * v for v in tanh_x for s in (1.0, -1.0)]

sig_x = []
sig_x += [s * 10 ** rng.uniform(-320, -2) for _ in range(200) for s in (1.0, -1.0)]
sig_x += [rng.uniform(-40, 40) for _ in range(1200)]
sig_x += [rng.uniform(35, 38.5) for _ in range(150)] + neighbours(36.7368005696771, 4) + neighbours(36.04365338911715, 4)
sig_x += [s * v for v in neighbours(700.0, 4) + [rng.uniform(690, 710) for _ in range(60)] for s in (1.0, -1.0)]
sig_x += [rng.uniform(-709.78, -708.39) for _ in range(150)]
sig_x += neighbours(-709.782712893384, 3) + [-745.0, -800.0, 745.0, 1e300, -1e300]

json.dump({
    "source": "mpmath %s at %d bits, rounded to nearest double (tests/data/activation_accuracy46_reference.py)" % (mpmath.__version__, mpmath.mp.prec),
    "tanh": [[bits(x), bits(tanh_ref(x))] for x in tanh_x],
    "sigmoid": [[bits(x), bits(sigmoid_ref(x))] for x in sig_x],
}, __import__("sys").stdout, separators=(",", ":"))
