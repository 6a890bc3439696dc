import numpy as np
from scipy.optimize import least_squares
y=np.array([1.5,2.25,2.625])
def r(x): return y - x[0]*(1-x[1]**np.arange(1,4))
for f in (10,100):
    calls=[]
    def fun(x):
        v=r(x); calls.append((x.copy(), 0.5*v@v)); return v
    res=least_squares(fun, np.array([1.,1.])*f, method='lm', max_nfev=20000)
    print(f, res.status, res.nfev, res.x, res.cost)
    # accepted points: track monotone decreasing costs at non-jacobian calls (approx: every call with cost < best)
    best=np.inf; acc=[]
    for x,c in calls:
        if c<best: best=c; acc.append((x,c))
    print(' accepted', len(acc))
    for k in range(-8,0):
        x,c=acc[k]; xp,cp=acc[k-1]
        d=x-xp
        print('  x=%r c=%.16g dc_rel=%.3e |dx|/|x|=%.3e dx=%r'%(x,c,(cp-c)/c,np.linalg.norm(d)/np.linalg.norm(x),d))
    # growth
    xs=[a[0] for a in acc]; cs=[a[1] for a in acc]
    for k in (-1000,-300,-100,-30,-10,-3):
        if -k<len(acc): print('  over last %d: x1 %g -> %g, cost rel fall %.3e'%(-k, xs[k][0], xs[-1][0], (cs[k]-cs[-1])/cs[-1]))
