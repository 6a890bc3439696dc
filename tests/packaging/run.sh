#!/usr/bin/env bash
# Packaging test: the packages as a user gets them. Packs every src/ project into artifacts/packages with
# a unique prerelease version (through Cake's Pack target), then, in a temporary folder outside the
# repository (so none of its Directory.Build.props apply), builds and runs an F# console app and a C#
# console app that take the packages from that folder (nuget.config: the folder plus nuget.org for
# FSharp.Core and the other dependencies), and an F# script that loads them with #r "nuget: ...".
# Each consumer checks numbers against hand-computed values and closed forms and exits non-zero on a miss;
# inspect-packages.fsx checks each package's README, license, embedded deterministic debug info, and its nuspec
# dependencies against its project (MSBuild's evaluation of it) and DESIGN.md's layering.
# Last line: "N passed, N failed"; exit status 0 only when everything passed.
#
# usage: tests/packaging/run.sh                          pack, then test
#        tests/packaging/run.sh --no-pack --version V [--packages DIR]   test packages already packed
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/tests/packaging"
packages="$repo/artifacts/packages"
version=""
pack=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-pack) pack=0 ;;
    --version) version="$2"; shift ;;
    --packages) packages="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

start=$(date +%s)
passed=0; failed=0
step() {  # step <name> <command...>: runs it, counts it, keeps its output in the log and shows the tail on failure
  local name="$1"; shift
  local out="$work/$name.log" t0=$(date +%s)
  if "$@" >"$out" 2>&1; then
    passed=$((passed + 1)); echo "passed $name ($(( $(date +%s) - t0 )) s)"
    grep -E '^(ok|FAIL) ' "$out" | sed 's/^/    /'
  else
    failed=$((failed + 1)); echo "FAILED $name ($(( $(date +%s) - t0 )) s); last lines:"
    tail -n 25 "$out" | sed 's/^/    /'
  fi
}
work=$(mktemp -d "${TMPDIR:-/tmp}/blasnet-packtest.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ "$pack" = 1 ]; then
  suffix="packtest.$(date -u +%Y%m%d%H%M%S)"
  prefix=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$repo/Directory.Build.props")
  version="$prefix-$suffix"
  step pack bash -c "cd '$repo' && dotnet tool restore && dotnet cake --target=Pack --version-suffix=$suffix"
  if [ "$failed" -ne 0 ]; then echo "$passed passed, $failed failed"; exit 1; fi
fi
if [ -z "$version" ]; then echo "--no-pack needs --version" >&2; exit 2; fi
packages=$(cd "$packages" && pwd)
# Every project under src/ must have come out as a package (a new project is checked without edits here).
for project in "$repo"/src/*/*.csproj "$repo"/src/*/*.fsproj; do
  [ -f "$project" ] || continue
  id=$(basename "${project%.*}")
  if [ -f "$packages/$id.$version.nupkg" ]; then passed=$((passed + 1)); echo "passed $id.$version.nupkg"
  else failed=$((failed + 1)); echo "FAILED $id.$version.nupkg is not in $packages"; fi
done

# Never let a stale package stand in for the one just packed: the version is unique, and earlier
# packtest versions are dropped from the NuGet cache (they would only pile up).
cache=$(dotnet nuget locals global-packages --list | sed 's/^[^:]*: *//')
for d in "$cache"/blasnet*/; do
  [ -d "$d" ] && find "$d" -maxdepth 1 -name '*-packtest.*' ! -name "$version" -exec rm -rf {} +
done

cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="blasnet-local" value="$packages" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="blasnet-local"><package pattern="BlasNet" /><package pattern="BlasNet.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
cp -r "$here/fsharp-app" "$here/csharp-app" "$work/"
sed -e "s|__PACKAGES__|$packages|; s|__VERSION__|$version|g" "$here/consumer.fsx" >"$work/consumer.fsx"

echo "packages $version from $packages; consumers in $work"
step package-contents dotnet fsi "$here/inspect-packages.fsx" "$packages" "$version"
for app in fsharp-app csharp-app; do
  step "$app" bash -c "cd '$work/$app' && dotnet build -c Release -p:BlasNetVersion=$version -nologo -v:q && dotnet run -c Release --no-build"
done
step fsharp-script bash -c "cd '$work' && dotnet fsi consumer.fsx"

echo "packaging test: $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
