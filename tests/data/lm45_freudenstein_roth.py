# Audit lm45 (SingularJacobian45Tests): mpmath 1.2.1 check of the closed forms the tests use. Run: python3 tests/data/lm45_freudenstein_roth.py
# FreudensteinRoth's singular-J line x2* = (2 - sqrt(22))/3 and the local minimum on it, in mpmath (50 digits).
from mpmath import mp, mpf, sqrt, matrix
mp.dps = 50
x2 = (2 - sqrt(22)) / 3
A = -13 + ((5 - x2) * x2 - 2) * x2
B = -29 + ((x2 + 1) * x2 - 14) * x2
x1 = -(A + B) / 2
r0, r1 = x1 + A, x1 + B
print('x1', x1); print('x2', x2); print('cost', (r0**2 + r1**2) / 2)
a = -3 * x2**2 + 10 * x2 - 2; b = 3 * x2**2 + 2 * x2 - 14
print('J cols equal', a, b)
# Hessian of the cost: J^T J + sum r_i H_i
H = matrix([[2, a + b], [a + b, a*a + b*b + r0 * (10 - 6 * x2) + r1 * (6 * x2 + 2)]])
print('H', H, 'det', H[0,0]*H[1,1]-H[0,1]**2)
