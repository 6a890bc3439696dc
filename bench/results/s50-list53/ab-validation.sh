#!/bin/bash
# Alternates the old build (main at 9a22460) and the snapshot build, one process each per round, list-validation (thread CPU).
out=/tmp/list53/repo/bench/results/s50-list53
for r in $(seq 1 ${ROUNDS:-3}); do
  for b in old new1; do
    { echo "### build $b round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
      env ${ENVX} BLASNET_BLAS=managed dotnet /tmp/list53/$b-bench/BlasNet.Benchmarks.dll list-validation --reps ${REPS:-21} ${EXTRA} --layouts blocks,interleaved 2>&1; } >> $out/${OUT:-list-validation-ab-managed.txt}
  done
done
