#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# ranktest-ref.py - how the reference p-values in tests/unit/test_ranktest.c were computed
# (brute-force enumeration of mid-rank assignments, and scipy.stats.mannwhitneyu).
import itertools, math
from scipy.stats import mannwhitneyu
def midranks(v):
    s=sorted(v); r={}
    i=0
    while i<len(s):
        j=i
        while j<len(s) and s[j]==s[i]: j+=1
        r[s[i]]=(i+1+j)/2; i=j
    return [r[a] for a in v]
def brute(x,y):
    pool=x+y; r=midranks(pool); n=len(pool); m=len(x)
    U=sum(r[:m])-m*(m+1)/2; mu=m*len(y)/2
    hit=tot=0
    for c in itertools.combinations(range(n),m):
        u=sum(r[i] for i in c)-m*(m+1)/2
        tot+=1
        if abs(u-mu)>=abs(U-mu)-1e-9: hit+=1
    return U, hit/tot
cases={
 'noties_sep':([1,2,3,4,5],[6,7,8,9,10]),
 'noties_mixed':([1.1,2.3,0.7,4.2,3.3,5.0],[2.9,6.1,4.8,7.7,5.5,8.0,6.6]),
 'ties_a':([1,2,2,3,3,3],[2,3,3,4,4,5]),
 'ties_b':([10,10,20,30],[10,20,20,40,50]),
 'equal':([7,7,7],[7,7,7,7]),
}
for k,(x,y) in cases.items():
    U,p=brute(x,y)
    se=mannwhitneyu(x,y,method='exact'); sa=mannwhitneyu(x,y,method='asymptotic')
    print(k,'U=%r brute_p=%.17g scipy_exact=%.17g (U=%r) scipy_asym=%.17g'%(U,p,se.pvalue,se.statistic,sa.pvalue))
# large: 30 vs 31 with ties (values rounded)
x=[round(100+ (i*37%17)*1.5,0) for i in range(30)]
y=[round(104+ (i*53%19)*1.5,0) for i in range(31)]
print('x=',x); print('y=',y)
sa=mannwhitneyu(x,y,method='asymptotic'); print('large U=%r p=%.17g'%(sa.statistic,sa.pvalue))
x2=[float(i) for i in range(1,31)]; y2=[i+0.5+5 for i in range(1,26)]
sa=mannwhitneyu(x2,y2,method='asymptotic'); print('large_noties U=%r p=%.17g'%(sa.statistic,sa.pvalue))
