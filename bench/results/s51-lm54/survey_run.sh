#!/bin/bash
# usage: run.sh base|repo provider tag [env...]
which=$1; p=$2; tag=$3; shift 3
cd /tmp/lm54/$which
rm -f /tmp/lm54/survey/$which-$tag.jsonl
env "$@" LM54_OUT=/tmp/lm54/survey/$which-$tag.jsonl BLASNET_BLAS=$p dotnet test tests/BlasNet.Tests/BlasNet.Tests.csproj -c Release --no-build --filter 'FullyQualifiedName~Lm54SurveyScratch' 2>&1 | tail -3 > /tmp/lm54/survey/$which-$tag.log
