"""MGH 9 (Gaussian) at the point where BlasNet's Levenberg-Marquardt stops (session 21, s21-gauss): SciPy's MINPACK lm and
trf on the same start and tolerances (ftol = xtol = 1e-8), the closed-form gradient's largest cosine at BlasNet's X, and
the central-difference column of x3 with the step eps^(1/3)*|x3| that the optimality check used to take (lost in the
rounding of t - x3: rounding noise of the model, not x3's column) against the closed form.

Run: /usr/bin/python3 bench/peers/mgh_gaussian_check.py  (from the repository root)
"""
import numpy as np
from scipy.optimize import least_squares

Y = np.array([0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009])
T = np.array([(8 - i) / 2.0 for i in range(1, 16)])
# BlasNet's X, plain run, OpenBLAS (MghTests.Gaussian_ReachesFStar_WithASuccessStatus_AndTheClosedFormJacobianAtX prints it).
X_BLASNET = np.array([0.3989561378402856, 1.0000190845026737, 3.761347273442989e-12])

def r(x): return x[0] * np.exp(-x[1] * (T - x[2]) ** 2 / 2) - Y
def jac(x):
    e, d = np.exp(-x[1] * (T - x[2]) ** 2 / 2), T - x[2]
    return np.column_stack([e, -x[0] * e * d ** 2 / 2, x[0] * e * x[1] * d])
def cosines(J, res): return np.abs(J.T @ res) / np.linalg.norm(J, axis=0) / np.linalg.norm(res)

def main():
    res, J = r(X_BLASNET), jac(X_BLASNET)
    print(f"BlasNet X: f = {res @ res:.10e}; closed-form cosines {cosines(J, res)}")
    x = X_BLASNET
    h = np.cbrt(2.0 ** -52) * abs(x[2])
    xp, xm = x.copy(), x.copy(); xp[2] += h; xm[2] -= h
    col = (r(xp) - r(xm)) / ((xp[2] - x[2]) + (x[2] - xm[2]))
    print(f"x3 step {h:.3e}: difference column {col}")
    print(f"closed-form column {J[:, 2]}")
    Jd = J.copy(); Jd[:, 2] = col
    print(f"cosines with the difference column: {cosines(Jd, res)}")
    for method in ("lm", "trf"):
        for analytic in (False, True):
            s = least_squares(r, [0.4, 1, 0], jac=jac if analytic else "2-point", method=method,
                              ftol=1e-8, xtol=1e-8, gtol=1e-8 if method == "trf" else 1e-15)
            print(f"{method} {'analytic' if analytic else '2-point'}: status {s.status}, nfev {s.nfev}, f = {2 * s.cost:.10e}, x = {list(s.x)}")

if __name__ == "__main__":
    main()
