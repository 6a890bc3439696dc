"""Reference values for tests/BlasNet.Tests/Optimization/SaddleLeftovers50Tests.cs (audit lm50).

r = (1 + 2ab + a, a - 1, b): the cost c = (r1^2 + r2^2 + r3^2)/2 has a saddle at (0, 0) (gradient 0, Hessian [[2, 2], [2, 1]]).
Its minimum is found here as a root of the gradient with mpmath at 40 digits, and checked to be the lowest stationary point by
BFGS from a 13 x 13 grid of starts in [-3, 3]^2 (SciPy). Run: /usr/bin/python3 tests/data/lm50_saddles.py
"""
import mpmath as mp
import numpy as np
from scipy.optimize import minimize

mp.mp.dps = 40


def cost(a, b):
    return ((1 + 2 * a * b + a) ** 2 + (a - 1) ** 2 + b ** 2) / 2


def grad(a, b):
    return [mp.diff(lambda x: cost(x, b), a), mp.diff(lambda y: cost(a, y), b)]


hessian = [[mp.diff(cost, (0, 0), (2, 0)), mp.diff(cost, (0, 0), (1, 1))], [mp.diff(cost, (0, 0), (1, 1)), mp.diff(cost, (0, 0), (0, 2))]]
print("saddle (0, 0): cost", cost(0, 0), "gradient", grad(mp.mpf(0), mp.mpf(0)), "hessian", hessian)
root = mp.findroot(lambda a, b: grad(a, b), (1.18, -0.78))
print("minimum a =", root[0], "b =", root[1], "cost =", cost(root[0], root[1]))
found = set()
for a in np.linspace(-3, 3, 13):
    for b in np.linspace(-3, 3, 13):
        res = minimize(lambda p: float(cost(p[0], p[1])), [a, b], method="BFGS", options={"gtol": 1e-12})
        found.add((round(res.fun, 9), round(res.x[0], 5), round(res.x[1], 5)))
print("stationary points BFGS reached (cost, a, b):", sorted(found)[:4])
