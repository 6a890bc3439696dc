#!/bin/bash
# Alternates the old build and the snapshot build with LIST53_AHEAD = 0, 4, 8 (the products' prefetch of later matrices), batched-quick.
out=/tmp/list53/repo/bench/results/s50-list53
for r in $(seq 1 ${ROUNDS:-3}); do
  for v in old new2:0 new2:4 new2:8; do
    b=${v%%:*}; a=${v#*:}; [ "$b" = old ] && a=0
    { echo "### build $v round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) env ${ENVX}"
      env ${ENVX} LIST53_AHEAD=$a BLASNET_BLAS=${P:-managed} dotnet /tmp/list53/$b-bench/BlasNet.Benchmarks.dll batched-quick --reps ${REPS:-9} --threads ${THREADS:-1} --types double,float --sizes ${SIZES:-16} --forms "${FORMS}" ${EXTRA} 2>&1; } >> $out/$OUT
  done
done
