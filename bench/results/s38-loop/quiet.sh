#!/usr/bin/env bash
# Session 38 (loop38): re-measure on a quiet machine, after every helper has stopped (about 5 minutes).
# Run from the repository root after `dotnet build BlasNet.sln -c Release`. Output: bench/results/s38-loop/quiet-<time>/.
# 1. loop-alias: the managed loop of 10 000 single 16x16 Blas.Gemm calls under controlled layouts and cache regimes
#    (4K aliasing, alignment, memory floor, call overhead, requests ahead, the strided batch with and without requests
#    two products ahead), two processes on Vector512, one on Vector256.
# 2. batched-quick at 16 (the issue-14 ratios), usual order and --reverse, two processes each.
# No library change was made in session 38, so there is no before/after build to alternate: the figures to compare are
# the ratios inside each process (bench/RESULTS.md, "Session 38, loop38").
set -euo pipefail
cd "$(dirname "$0")/../../.."
dll=bench/BlasNet.Benchmarks/bin/Release/net10.0/BlasNet.Benchmarks.dll
out=bench/results/s38-loop/quiet-$(date -u +%Y%m%dT%H%M)
mkdir -p "$out"
log() { echo "## $(date -u +%H:%M:%S) $* ; load $(cut -d' ' -f1-3 /proc/loadavg)"; }
for i in 1 2; do
  { log "loop-alias process $i"; BLASNET_BLAS=managed dotnet "$dll" loop-alias --reps 7; } >> "$out/loop-alias-avx512.txt" 2>&1
done
{ log "loop-alias DOTNET_EnableAVX512=0"; DOTNET_EnableAVX512=0 BLASNET_BLAS=managed dotnet "$dll" loop-alias --reps 7; } >> "$out/loop-alias-avx256.txt" 2>&1
for i in 1 2; do
  { log "batched-quick process $i"; BLASNET_BLAS=managed dotnet "$dll" batched-quick --reps 7 --types double,float --sizes 16; } >> "$out/batched-quick-16.txt" 2>&1
  { log "batched-quick --reverse process $i"; BLASNET_BLAS=managed dotnet "$dll" batched-quick --reps 7 --types double,float --sizes 16 --reverse; } >> "$out/batched-quick-16-reverse.txt" 2>&1
done
# Summary: best ms per form and process (loop-alias), and the loop/strided/list lines (batched-quick).
for f in "$out"/loop-alias-*.txt; do
  echo "== $f"
  awk '/^## /{p++} $1=="loop-alias"{k=$2" "$3; if(!(k in v)){o[++n]=k}; v[k]=v[k]" "$7} END{for(i=1;i<=n;i++) printf "%-36s%s\n", o[i], v[o[i]]}' "$f"
done
grep -hE "^## |batched (double|float) (loop|loop-list|strided|list) " "$out"/batched-quick-16*.txt
