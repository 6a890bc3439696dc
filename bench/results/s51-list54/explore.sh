#!/bin/bash
# Alternating processes: managed/openblas, 512/256 widths, two threads and one; best-of-7 rounds each.
cd "$(dirname "$0")"
DLL=../../BlasNet.Benchmarks/bin/Release/net10.0/BlasNet.Benchmarks.dll
FORMS='list,list:phased,list:validation,list:products,list@ov=*,list:phased@ov=*,list:validation@ov=*'
OV=off,8x2048t0,16x4096t0,8x2048t2,8x2048t3
for round in 1 2 3; do
 for prov in managed openblas; do
  for width in 512 256; do
   for thr in 2 1; do
    f=explore-r$round-$prov-$width-t$thr.txt
    env=""; [ $width = 256 ] && env="DOTNET_EnableAVX512=0"
    (uptime; env $env BLASNET_BLAS=$prov timeout 600 dotnet $DLL batched-quick --reps 7 --types double,float --sizes 16 --threads $thr --forms "$FORMS" --overlap $OV; uptime) > $f 2>&1
   done
  done
 done
done
