#!/bin/bash
# batched-quick: old (pre-change build of main at 0d02cda) and new (8e55eba) alternated, both widths, OpenBLAS provider
OLD=/tmp/kernel47/oldbench/BlasNet.Benchmarks.dll
NEW=/tmp/kernel47/repo/bench/BlasNet.Benchmarks/bin/Release/net10.0/BlasNet.Benchmarks.dll
for round in $(seq 1 ${ROUNDS:-1}); do
  for width in 256 512; do
    for build in old new; do
      D=$OLD; [ $build = new ] && D=$NEW
      if [ $width = 256 ]; then export DOTNET_EnableAVX512=0; else unset DOTNET_EnableAVX512; fi
      echo "## round $round width $width build $build $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
      BLASNET_BLAS=${P:-openblas} dotnet $D batched-quick --reps 3 --types double,float --sizes 16,64 --forms 'strided,strided:products-1-thread*'
    done
  done
done
