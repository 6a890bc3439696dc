"""Audit lm53: references for the lone XTol stops of the Levenberg-Marquardt sweep (LmStatuses53Tests).

1. MGH's Beale (problem 5) from 10*x0 and 100*x0 = (10, 10), (100, 100): SciPy 1.10.1's least_squares(method='lm', jac='2-point',
   x_scale='jac', ftol = xtol = gtol = 1e-8) with max_nfev = 20000 (the library sweep's budget) and with SciPy's default 600
   (= 200 (n + 1)): status (least_squares' numbering: 0 max_nfev, 1 gtol, 2 ftol, 3 xtol, 4 both), nfev, cost, x. At SciPy's stop
   (status 2, ftol, with the large budget): the Gauss-Newton step by numpy's lstsq of the
   column-scaled central-difference Jacobian, ||D p|| / ||D x|| (D the column norms, MINPACK's scale of its XTol test). In mpmath at
   40 digits: the infimum of the cost along the valley x2 -> 1, t = x1 (1 - x2) fixed (the residuals tend to (1.5 - t, 2.25 - 2t,
   2.625 - 3t); its least-squares t and cost), and the cost minimised over x2 at x1 = k * (SciPy's x1), k = 1, 2, 10: it falls
   towards the infimum, which no finite x attains (Beale's minimum is 0 at (3, 0.5)) - SciPy's stop is no solution.
2. MGH's BiggsExp6 (problem 18) from 100*x0, forward differences: SciPy's run at the same settings (max_nfev 20000) and its cost;
   the best one-exponential fit a exp(-b t) (the point the fit reaches: two parameters run off, two rates coalesced), and the
   lowest cost of 20 SciPy lm runs from SciPy's X times (1 + 1e-2 N(0, 1)) per component (seed 1): the same cost, a flat set of
   minimisers, not a runaway.
3. Brown almost linear (MGH 27, n = 10, x0 = 0.5) by SciPy's lmdif as in lm52 (max_nfev 200 (n + 1)): every call of the residuals
   recorded; the forward-difference Jacobians rebuilt from them (n calls each differing from their base in one component), D the
   running maximum of their column norms (MINPACK's mode 1, x_scale='jac'), and for the last step (the last trial from the last base):
   ||D p|| / ||D x||, the actual and predicted relative reductions (the predicted one with lmdif's parameter par recovered from
   (J^T J + par D^2) p = -J^T f by least squares) and their ratio - which band of lmdif's trust-region update the step fell in, so
   whether its xtol test could fire (it says ftol: status 2).

Run: /usr/bin/python3 tests/data/lm53_xtol_reference.py  (from the repository root; writes tests/data/lm53-xtol-reference.json)
"""
import json, platform
import mpmath as mp
import numpy as np
import scipy
from scipy.optimize import least_squares

mp.mp.dps = 40
BEALE_Y = ('1.5', '2.25', '2.625')


def beale(x):
    return np.array([float(y) - x[0] * (1 - x[1] ** i) for i, y in zip((1, 2, 3), BEALE_Y)])


def beale_cost_mp(x1, x2):
    return sum((mp.mpf(y) - x1 * (1 - x2 ** i)) ** 2 for i, y in zip((1, 2, 3), BEALE_Y)) / 2


T = 0.1 * np.arange(1, 14)
BIGGS_Y = np.exp(-T) - 5 * np.exp(-10 * T) + 3 * np.exp(-4 * T)


def biggs(x):
    with np.errstate(all='ignore'):
        return x[2] * np.exp(-T * x[0]) - x[3] * np.exp(-T * x[1]) + x[5] * np.exp(-T * x[4]) - BIGGS_Y


def central_jacobian(f, x):
    x = np.asarray(x, float)
    r = f(x)
    j = np.zeros((len(r), len(x)))
    for k in range(len(x)):
        h = np.finfo(float).eps ** (1 / 3) * max(abs(x[k]), 1.0)
        e = np.zeros(len(x)); e[k] = h
        j[:, k] = (f(x + e) - f(x - e)) / (2 * h)
    return j, r


def gauss_newton_ratio(f, x):
    j, r = central_jacobian(f, x)
    d = np.linalg.norm(j, axis=0)
    ds = np.where(d > 0, d, 1.0)
    q = np.linalg.lstsq(j / ds, -r, rcond=None)[0]
    return float(np.linalg.norm(d * q / ds) / np.linalg.norm(d * np.asarray(x))), int(np.linalg.matrix_rank(j / ds))


def scipy_lm(f, x0, max_nfev):
    s = least_squares(f, x0, method='lm', jac='2-point', x_scale='jac', ftol=1e-8, xtol=1e-8, gtol=1e-8, max_nfev=max_nfev)
    return s


out = {'versions': {'python': platform.python_version(), 'numpy': np.__version__, 'scipy': scipy.__version__, 'mpmath': mp.__version__}}

# 1. Beale.
t = (mp.mpf('1.5') + 2 * mp.mpf('2.25') + 3 * mp.mpf('2.625')) / 14
infimum = ((mp.mpf('1.5') - t) ** 2 + (mp.mpf('2.25') - 2 * t) ** 2 + (mp.mpf('2.625') - 3 * t) ** 2) / 2
beale_out = {'valley_t': float(t), 'valley_infimum': float(infimum)}
for factor in (10, 100):
    x0 = np.array([1.0, 1.0]) * factor
    big = scipy_lm(beale, x0, 20000)
    small = scipy_lm(beale, x0, 600)
    ratio, rank = gauss_newton_ratio(beale, big.x)
    valley = []
    for k in (1, 2, 10):
        x1 = k * mp.mpf(big.x[0])
        x2 = mp.findroot(lambda s: mp.diff(lambda u: beale_cost_mp(x1, u), s), 1 + (mp.mpf(big.x[1]) - 1) / k)
        valley.append({'k': k, 'x1': float(x1), 'x2_minus_1': float(x2 - 1), 'cost': float(beale_cost_mp(x1, x2))})
    beale_out[str(factor)] = {
        'scipy': {'status': int(big.status), 'nfev': int(big.nfev), 'cost': float(big.cost), 'x': big.x.tolist(),
                  'gauss_newton_ratio': ratio, 'rank': rank},
        'scipy_default_budget': {'status': int(small.status), 'nfev': int(small.nfev), 'cost': float(small.cost), 'x': small.x.tolist()},
        'valley': valley,
    }
out['beale'] = beale_out

# 2. BiggsExp6 from 100 x0.
x0 = np.array([1, 2, 1, 1, 1, 1], float) * 100
big = scipy_lm(biggs, x0, 20000)
one = least_squares(lambda p: p[0] * np.exp(-T * p[1]) - BIGGS_Y, [1.0, 1.0], method='lm', xtol=1e-15, ftol=1e-15, gtol=1e-15)
rng = np.random.default_rng(1)
lowest = big.cost
for _ in range(20):
    s = least_squares(biggs, big.x * (1 + 1e-2 * rng.standard_normal(6)), method='lm', x_scale='jac', xtol=1e-12, ftol=1e-12, gtol=1e-12, max_nfev=20000)
    lowest = min(lowest, s.cost)
ratio, rank = gauss_newton_ratio(biggs, big.x)
out['biggs_exp6_100'] = {
    'scipy': {'status': int(big.status), 'nfev': int(big.nfev), 'cost': float(big.cost), 'x': big.x.tolist(), 'gauss_newton_ratio': ratio, 'rank': rank},
    'one_exponential': {'cost': float(one.cost), 'a': float(one.x[0]), 'b': float(one.x[1])},
    'lowest_perturbed_cost': float(lowest),
}

# 3. Brown almost linear, SciPy's last step.
N = 10


def brown(x):
    x = np.asarray(x, float)
    r = x + x.sum() - (N + 1)
    r[-1] = np.prod(x) - 1
    return r


calls = []


def recorded(x):
    r = brown(x)
    calls.append((np.array(x, copy=True), r.copy()))
    return r


s = least_squares(recorded, np.full(N, 0.5), method='lm', jac='2-point', x_scale='jac', ftol=1e-8, xtol=1e-8, gtol=1e-8, max_nfev=200 * (N + 1))
X = [c[0] for c in calls]
RR = [c[1] for c in calls]
bases = [k for k in range(len(calls) - N) if all(set(np.nonzero(X[k + 1 + j] - X[k])[0].tolist()) == {j} for j in range(N))]
d = None
for k in bases:
    jac = np.column_stack([(RR[k + 1 + j] - RR[k]) / (X[k + 1 + j][j] - X[k][j]) for j in range(N)])
    cn = np.linalg.norm(jac, axis=0)
    d = np.where(cn > 0, cn, 1.0) if d is None else np.maximum(d, cn)
k = bases[-1]
last = k + N + 1  # the trial after the last Jacobian
p = X[last] - X[k]
fnorm, trial_norm = np.linalg.norm(RR[k]), np.linalg.norm(RR[last])
actred = 1 - (trial_norm / fnorm) ** 2
g = -(jac.T @ RR[k]) - jac.T @ (jac @ p)
dd = d * d * p
par = float(g @ dd / (dd @ dd))
t1 = np.linalg.norm(jac @ p) / fnorm
t2 = np.sqrt(max(par, 0.0)) * np.linalg.norm(d * p) / fnorm
prered = t1 * t1 + t2 * t2 / 0.5
out['brown_almost_linear10_last_step'] = {
    'scipy_status': int(s.status), 'nfev': int(s.nfev), 'cost': float(s.cost), 'jacobian_base_calls': [b + 1 for b in bases], 'trial_call': last + 1,
    'trial_cost': float(0.5 * trial_norm ** 2), 'scaled_step_ratio': float(np.linalg.norm(d * p) / np.linalg.norm(d * X[k])),
    'actual_reduction': float(actred), 'predicted_reduction': float(prered), 'ratio': float(actred / prered), 'par': par,
}

with open('tests/data/lm53-xtol-reference.json', 'w') as f:
    json.dump(out, f, indent=1)
print(json.dumps(out, indent=1))
