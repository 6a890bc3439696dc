#!/bin/bash
# Alternates builds (BUILDS) one process each per round: batched-quick at 16x16 (FORMS, THREADS), the managed provider unless P is set.
out=/tmp/list53/repo/bench/results/s50-list53
for r in $(seq 1 ${ROUNDS:-3}); do
  for b in ${BUILDS:-old new1}; do
    { echo "### build $b round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) env ${ENVX}"
      env ${ENVX} BLASNET_BLAS=${P:-managed} dotnet /tmp/list53/$b-bench/BlasNet.Benchmarks.dll batched-quick --reps ${REPS:-9} --threads ${THREADS:-1} --types double,float --sizes ${SIZES:-16} --forms "${FORMS}" ${EXTRA} 2>&1; } >> $out/$OUT
  done
done
