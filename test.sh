#!/usr/bin/env bash
# Runs every test of Orleans.Vector. On a fresh Debian machine with only the .NET SDK and node/npm,
# it first installs what the tests need: etcd (Debian etcd-server), FAISS and hnswlib for the
# reference comparisons (python3-faiss, python3-hnswlib for Debian's /usr/bin/python3, not a pyenv one),
# and the Node tools in tests/node (npm ci).
# Exits non-zero on any failure. Usage: ./test.sh [extra dotnet test arguments, e.g. --filter X]
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root (or sudo) to run: $*" >&2; return 1; fi
}

# apt-get waits for nobody: retry while another process holds the dpkg lock.
apt_get() {
  local attempt
  for attempt in $(seq 1 30); do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@"; then return 0; fi
    echo "apt-get $* failed (attempt $attempt); retrying in 5 s (dpkg lock?)" >&2
    sleep 5
  done
  return 1
}

install_debian_packages() {
  local missing=()
  command -v etcd >/dev/null || missing+=(etcd-server)
  /usr/bin/python3 -c 'import faiss' 2>/dev/null || missing+=(python3-faiss)
  /usr/bin/python3 -c 'import hnswlib' 2>/dev/null || missing+=(python3-hnswlib)
  if [ ${#missing[@]} -eq 0 ]; then echo "etcd, faiss and hnswlib are present"; return; fi
  step "Installing ${missing[*]} (apt)"
  apt_get update
  apt_get install --no-install-recommends "${missing[@]}"
}

step "Test dependencies"
install_debian_packages
command -v etcd >/dev/null || { echo "etcd is still missing after apt-get install etcd-server" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required (the Milvus Node SDK and s3rver run on it)" >&2; exit 1; }
(cd tests/node && npm ci --no-audit --no-fund --loglevel=error)

step "Build (Release)"
dotnet build Orleans.Vector.sln -c Release -warnaserror --nologo -clp:ErrorsOnly

step "Test"
results=TestResults
rm -rf "$results"
status=0
dotnet test Orleans.Vector.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?

# One summary line over every test project, from the TRX files.
read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | tr '>' '\n' | grep -o '<Counters [^/]*' |
    awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "\""); n[kv[1]] += kv[2] } }
         END { printf "%d %d %d\n", n["passed="], n["failed="] + n["error="] + n["timeout="] + n["aborted="], n["notExecuted="] }')
if [ "$skipped" -gt 0 ]; then
  echo "Skipped tests (each says why):"
  cat "$results"/*.trx | tr '>' '\n' | grep -o 'testName="[^"]*"[^<]*outcome="NotExecuted"' | sed 's/^/  /' || true
fi
projects=$(ls "$results"/*.trx 2>/dev/null | wc -l)
# Every test project must hold tests: one that runs none is a broken project, not a pass.
empty=$(cat "$results"/*.trx 2>/dev/null | grep -o 'No test is available in [^ ]*dll' | sed 's/No test is available in /  /' || true)
if [ -n "$empty" ]; then echo "Test projects that ran no test:"; echo "$empty"; fi
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$projects" -eq 0 ] || [ -n "$empty" ]; then
  echo "FAILED (dotnet test exit code $status, $projects test projects reported)" >&2
  exit 1
fi
