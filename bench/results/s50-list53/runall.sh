#!/bin/bash
cd /tmp/list53
ROUNDS=3 ENVX=DOTNET_EnableAVX512=0 FORMS='list,list:validation-1-thread,list:products-1-thread' OUT=batched-ab-managed-t1-256.txt ./ab-batched.sh
ROUNDS=3 SIZES=64 REPS=5 FORMS='list,list:validation-1-thread,list:products-1-thread' OUT=batched-ab-managed-t1-64.txt ./ab-batched.sh
ROUNDS=3 EXTRA="--evict-mb 0" FORMS='list,list:validation-1-thread,list:products-1-thread' OUT=batched-ab-managed-t1-warm.txt ./ab-batched.sh
ROUNDS=3 THREADS=2 FORMS='strided,list,list:phased' OUT=batched-ab-managed-t2.txt ./ab-batched.sh
ROUNDS=3 THREADS=2 P=openblas FORMS='strided,list,list:phased' OUT=batched-ab-openblas-t2.txt ./ab-batched.sh
ROUNDS=3 THREADS=2 SIZES=64 REPS=5 FORMS='list' OUT=batched-ab-managed-t2-64.txt ./ab-batched.sh
echo done
