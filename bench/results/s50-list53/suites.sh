#!/bin/bash
cd /tmp/list53/repo
for p in openblas managed; do
  echo "C# $p: $(BLASNET_BLAS=$p timeout 1200 dotnet test tests/BlasNet.Tests/BlasNet.Tests.csproj -c Release --no-build 2>&1 | tail -1)"
  echo "F# $p: $(BLASNET_BLAS=$p timeout 1200 dotnet test tests/BlasNet.FSharp.Tests/BlasNet.FSharp.Tests.fsproj -c Release --no-build 2>&1 | tail -1)"
done
echo "done $(date -u)"
