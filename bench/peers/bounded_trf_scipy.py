# Random boxes around the starts of five small least-squares problems (Rosenbrock, an exponential decay with offset,
# Beale, Box's 3-D function, Powell's singular function), solved by scipy.optimize.least_squares(method='trf') at
# tolerances 1e-15: the reference costs for bench/bounded_fits.fsx (bench/RESULTS.md, "Session 25: bounds").
# Each parameter gets no bound, a lower, an upper or both, widths 1e-6 … 3 (log-uniform), the start clipped into the box.
# Run: /usr/bin/python3 bench/peers/bounded_trf_scipy.py  (writes bench/results/bounded-trf-cases.json)
import numpy as np, json
from scipy.optimize import least_squares
rng=np.random.default_rng(7)
t=np.linspace(0,4,25); 
probs={
 'rosen': (lambda x: np.array([10*(x[1]-x[0]**2),1-x[0]]), [-1.2,1.0]),
 'decay': (lambda x: x[0]*np.exp(-x[1]*t)+x[2]-(3*np.exp(-0.7*t)+0.5+0.01*np.sin(9*t)), [1.0,0.1,0.0]),
 'beale': (lambda x: np.array([1.5-x[0]*(1-x[1]),2.25-x[0]*(1-x[1]**2),2.625-x[0]*(1-x[1]**3)]), [1.0,1.0]),
 'box3': (lambda x: np.exp(-x[0]*t/4)-np.exp(-x[1]*t/4)-x[2]*(np.exp(-t/4)-np.exp(-t)), [0.0,10.0,20.0]),
 'powell': (lambda x: np.array([x[0]+10*x[1],np.sqrt(5)*(x[2]-x[3]),(x[1]-2*x[2])**2,np.sqrt(10)*(x[0]-x[3])**2]), [3.0,-1.0,0.0,1.0]),
}
cases=[]
for name,(f,x0) in probs.items():
  x0=np.array(x0)
  for k in range(8):
    n=len(x0); lo=np.full(n,-np.inf); hi=np.full(n,np.inf)
    for j in range(n):
      c=rng.integers(0,4)
      w=10**rng.uniform(-6,0.5)
      if c==1: lo[j]=x0[j]-w*rng.uniform(0,1)
      if c==2: hi[j]=x0[j]+w*rng.uniform(0,1)
      if c==3: lo[j]=x0[j]-w*rng.uniform(0,1); hi[j]=lo[j]+w
    x0c=np.clip(x0,lo,hi)
    r=least_squares(f,x0c,bounds=(lo,hi),method='trf',xtol=1e-15,ftol=1e-15,gtol=1e-15,max_nfev=20000)
    cases.append(dict(name=name,x0=list(x0c),lo=[None if not np.isfinite(v) else v for v in lo],hi=[None if not np.isfinite(v) else v for v in hi],cost=r.cost,x=list(r.x)))
json.dump(cases,open('bench/results/bounded-trf-cases.json','w'))
print(len(cases))
