#!/bin/bash
cd "$(dirname "$0")"
DLL=../../BlasNet.Benchmarks/bin/Release/net10.0/BlasNet.Benchmarks.dll
MAIN=${MAIN:?set MAIN to BlasNet.Benchmarks.dll of a build of main 8ab6414}
FORMS='list,list:phased,list:validation,list:products,list@ov=*,list:phased@ov=*,list:validation@ov=*'
# 1. lower budgets (one process per provider/width/threads)
for prov in managed openblas; do for width in 512 256; do for thr in 2 1; do
  env=""; [ $width = 256 ] && env="DOTNET_EnableAVX512=0"
  (uptime; env $env BLASNET_BLAS=$prov timeout 600 dotnet $DLL batched-quick --reps 7 --types double,float --sizes 16 --threads $thr --forms "$FORMS" --overlap off,2x1024t0,4x512t0,8x2048t0; uptime) > budget-$prov-$width-t$thr.txt 2>&1
done; done; done
# 2. 64x64: off against the 16x16 default setting (8 lines, 2 MB, T0)
for prov in managed openblas; do for thr in 2 1; do
  (uptime; BLASNET_BLAS=$prov timeout 600 dotnet $DLL batched-quick --reps 5 --types double,float --sizes 64 --threads $thr --forms "$FORMS" --overlap off,8x2048t0; uptime) > size64-$prov-512-t$thr.txt 2>&1
done; done
# 3. main (before the branch) against the branch's default (requests off): the pass's cost of the inactive cursor
for r in 1 2 3; do
  (uptime; BLASNET_BLAS=managed dotnet $MAIN batched-quick --reps 9 --types double,float --sizes 16 --forms 'list,list:validation,list:validation-1-thread'; uptime) > mainvsbranch-r$r-main.txt 2>&1
  (uptime; BLASNET_BLAS=managed dotnet $DLL batched-quick --reps 9 --types double,float --sizes 16 --forms 'list,list:validation,list:validation-1-thread'; uptime) > mainvsbranch-r$r-branch.txt 2>&1
done
