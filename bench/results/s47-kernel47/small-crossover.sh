#!/bin/bash
# small-crossover: old (pre-change build of main at 0d02cda) and new (8e55eba) alternated, both widths, OpenBLAS provider
OLD=/tmp/kernel47/oldbench/BlasNet.Benchmarks.dll
NEW=/tmp/kernel47/repo/bench/BlasNet.Benchmarks/bin/Release/net10.0/BlasNet.Benchmarks.dll
for round in 1 2 3 4 5; do
  for width in 512 256; do
    for build in old new; do
      D=$OLD; [ $build = new ] && D=$NEW
      if [ $width = 256 ]; then export DOTNET_EnableAVX512=0; else unset DOTNET_EnableAVX512; fi
      echo "## round $round width $width build $build $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
      BLASNET_BLAS=openblas dotnet $D small-crossover --sizes 8,16,24,32,48,64 --reps 7 --types double,float
    done
  done
done
