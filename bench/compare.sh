#!/usr/bin/env bash
# GEMM side by side, one run: the C harness (cblas_?gemm, no .NET), BlasNet on the native BLAS (OpenBLAS, and
# MKL and BLIS where installed), BlasNet's managed provider, MathNet's managed provider, a naive loop and numpy, 1 and 2 threads.
# Writes the GEMM section of bench/RESULTS.md (between its gemm markers) and keeps the raw lines
# in bench/results/gemm-raw.txt. Run by `dotnet cake --target=Compare`.
# Then the module benchmarks side by side (module-quick against bench/peers/module_peers.py: SciPy, PyTorch)
# into bench/results/module-raw.txt, and the charts of both. `bash bench/compare.sh --modules-only` redoes
# only the module part (the GEMM charts are redrawn from the gemm-raw.txt already there).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results native/build
raw=bench/results/gemm-raw.txt
modules_only=false
[[ "${1:-}" == "--modules-only" ]] && modules_only=true
dotnet build bench/BlasNet.Benchmarks -c Release -v q -nologo >/dev/null

if ! $modules_only; then
: > "$raw"

gcc -O2 -std=c11 -o native/build/gemm_harness native/gemm_harness.c -l:libopenblas.so.0 -lm

# BlasNet's rows run on OpenBLAS, the library the C harness links: the default search puts MKL first on Intel CPUs, and
# an Intel VM's run set BlasNet on MKL (~100 GFLOP/s) beside "the same OpenBLAS" in the C harness (~19), in the table and
# the charts alike. Pinned here, and checked below from the provider line the run printed.
quick() { BLASNET_BLAS=openblas dotnet run -c Release --no-build --project bench/BlasNet.Benchmarks -- gemm-quick "$@"; }
# BlasNet on the other native providers installed here (MKL, BLIS), for the "per provider" curves: their rows are named
# blasnet-<provider> (not blasnet, which is the OpenBLAS row set beside the C harness), and each run must print its own
# library, or it is left out with a note (a provider that is not installed draws no line).
other() {
  local provider=$1; shift
  local out; out=$(BLASNET_BLAS=$provider dotnet run -c Release --no-build --project bench/BlasNet.Benchmarks -- gemm-quick --impl blasnet "$@" 2>&1) || true
  local expect; case $provider in mkl) expect=MKL ;; blis) expect=BLIS ;; esac
  if grep -q "^# provider $expect " <<<"$out"; then
    sed -E "s/^(gemm(-ns|-alloc)?) blasnet /\1 blasnet-$provider /" <<<"$out"
  else
    echo "# BlasNet on $provider unavailable here (BLASNET_BLAS=$provider printed no '# provider $expect' line): no line drawn"
  fi
}

# One thread on the process CPU clock (steady on a shared machine); two threads on the wall clock.
echo "## threads 1 clock cpu" >> "$raw"
native/build/gemm_harness --threads 1 --clock cpu | tee -a "$raw"
quick --threads 1 --clock cpu --impl blasnet,managed,naive,mathnet | tee -a "$raw"
for p in mkl blis; do other $p --threads 1 --clock cpu | tee -a "$raw"; done
/usr/bin/python3 bench/peers/gemm_numpy.py --threads 1 --clock cpu | tee -a "$raw" || echo "# numpy unavailable" >> "$raw"
echo "## threads 1 clock wall (call overhead at n = 8)" >> "$raw"
native/build/gemm_harness --threads 1 --sizes 8 | tee -a "$raw"
quick --threads 1 --sizes 8 --impl blasnet,managed | tee -a "$raw"
echo "## threads 2 clock wall" >> "$raw"
native/build/gemm_harness --threads 2 --types double --sizes 257,512,1024 | tee -a "$raw"
quick --threads 2 --types double --sizes 257,512,1024 --impl blasnet,managed | tee -a "$raw"
for p in mkl blis; do other $p --threads 2 --types double --sizes 257,512,1024 | tee -a "$raw"; done
/usr/bin/python3 bench/peers/gemm_numpy.py --threads 2 --types double --sizes 257,512,1024 | tee -a "$raw" || true

# The lines to check are BlasNet's: "# provider NAME PATH …" (the C harness and numpy print their own, marked).
if grep '^# provider ' "$raw" | grep -v '(C harness)' | grep -v '^# provider numpy ' | grep -v -E '^# provider (MKL|BLIS) ' | grep -qv '^# provider OpenBLAS '; then
  echo "BlasNet's GEMM rows did not run on OpenBLAS (see the # provider lines of $raw): not comparable with the C harness." >&2
  exit 1
fi
/usr/bin/python3 bench/gemm_table.py "$raw" "dotnet cake --target=Compare" > bench/results/gemm-table.md
/usr/bin/python3 - <<'PY'
import re, pathlib
results = pathlib.Path("bench/RESULTS.md")
table = pathlib.Path("bench/results/gemm-table.md").read_text()
text = results.read_text() if results.exists() else "# Benchmark results\n\n<!-- gemm:begin -->\n<!-- gemm:end -->\n"
text = re.sub(r"<!-- gemm:begin -->.*<!-- gemm:end -->", "<!-- gemm:begin -->\n" + table.replace("\\", "\\\\") + "<!-- gemm:end -->", text, flags=re.S)
results.write_text(text)
PY
fi

# The module benchmarks, BlasNet and Math.NET (about a minute) then SciPy and PyTorch (about half a minute).
modraw=bench/results/module-raw.txt
dotnet run -c Release --no-build --project bench/BlasNet.Benchmarks -- module-quick | tee "$modraw"
/usr/bin/python3 bench/peers/module_peers.py | tee -a "$modraw" || echo "# module peers unavailable" >> "$modraw"

# Charts next to bench/RESULTS.md, drawn from the raw lines above (and from BenchmarkDotNet's CSV
# reports of the module benchmarks, when the Bench target has left some).
dotnet run -c Release --project bench/BlasNet.Charts -- "$raw" bench/charts BenchmarkDotNet.Artifacts/results "$modraw"
echo "bench/RESULTS.md updated (GEMM section); charts in bench/charts."
