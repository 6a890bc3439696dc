import numpy as np
from scipy.optimize import least_squares
y=np.array([1.5,2.25,2.625])
def r(x): return y - x[0]*(1-x[1]**np.arange(1,4))
def c(x): v=r(x); return 0.5*v@v
calls=[]
def fun(x):
    v=r(x); calls.append((x.copy(), 0.5*v@v)); return v
res=least_squares(fun, np.array([10.,10.]), method='lm', max_nfev=20000)
best=np.inf; acc=[]
for x,cc in calls:
    if cc<best: best=cc; acc.append((x,cc))
X,cX=acc[-2]; Xp,_=acc[-3]; d=X-Xp
print('X',X,cX)
for s in [1,2,4,8,16,32,64,128,256,1024]:
    print(s, '%.3e'%((cX-c(X+s*d))/cX), 'x1 move %.3g'%(s*d[0]/X[0]))
