#!/usr/bin/env bash
# The body of `make test`: every check and test suite as a step; a failing step does not stop
# the others. `make test` runs it inside scripts/with-session.sh (private D-Bus, unlocked
# gnome-keyring, Xvfb) after installing what the tests need. It prints a table of the steps
# and closes with one line of totals — tests (and subtests) of every runner, plus one per
# check step (gofmt, vet, builds…):  "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
ART=test-artifacts
mkdir -p "$ART"
COUNTS=$ART/counts.tsv
: >"$COUNTS"
export MESHDESK_BIN=${MESHDESK_BIN:-$PWD/build/bin/meshdesk}
export NO_COLOR=1 FORCE_COLOR=0 npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

report=()
failed_steps=0
# step NAME CMD…: runs CMD, records its time and result. A step that wrote no counts line
# counts as one check (passed or failed); a failed step with no failure counted adds one.
step() {
  local name=$1
  shift
  local t0=$SECONDS before after rc
  before=$(wc -l <"$COUNTS")
  echo "=== step: $name"
  "$@"
  rc=$?
  after=$(wc -l <"$COUNTS")
  if [ "$rc" -eq 0 ]; then
    [ "$after" -eq "$before" ] && printf '%s\t1\t0\t0\n' "$name" >>"$COUNTS"
    report+=("$(printf 'ok     %5ss  %s' $((SECONDS - t0)) "$name")")
  else
    failed_steps=$((failed_steps + 1))
    if ! tail -n +$((before + 1)) "$COUNTS" | awk -F'\t' '$3 > 0 {f=1} END {exit !f}'; then
      printf '%s\t0\t1\t0\n' "$name" >>"$COUNTS"
    fi
    report+=("$(printf 'FAILED %5ss  %s (exit %d)' $((SECONDS - t0)) "$name" "$rc")")
  fi
}

TESTSUM=$ART/.testsum
# gotest NAME ARGS…: go test -json ARGS, summarised like plain go test, counted.
gotest() {
  local name=$1
  shift
  "$GO" test -json "$@" 2>&1 | "$TESTSUM" -step "$name" -counts "$COUNTS"
}

# quiet LOG CMD…: CMD's output goes to test-artifacts/LOG; its last lines are shown.
quiet() {
  local log=$ART/$1
  shift
  "$@" >"$log" 2>&1
  local rc=$?
  if [ $rc -ne 0 ]; then tail -n 60 "$log"; else tail -n 2 "$log"; fi
  return $rc
}

check_bindings() {
  mkdir -p frontend/dist
  [ -n "$(ls -A frontend/dist)" ] || touch frontend/dist/gitkeep
  "$GO" tool wails generate module -tags webkit2_41 >/dev/null || return 1
  if ! git rev-parse --git-dir >/dev/null 2>&1; then
    echo "not a git checkout: cannot compare the bindings with the committed ones" >&2
    return 1
  fi
  local changed
  # Content only: wails generate writes the runtime files 0755 on some runs and leaves them
  # 0644 on others, which is not a change to the bindings.
  changed=$(git -c core.fileMode=false status --porcelain -- frontend/wailsjs)
  if [ -n "$changed" ]; then
    echo "frontend/wailsjs differs from the committed bindings: run 'make generate' and commit:" >&2
    echo "$changed" >&2
    git -c core.fileMode=false --no-pager diff --stat -- frontend/wailsjs >&2
    return 1
  fi
}

check_gofmt() {
  local files out
  files=$(git ls-files -co --exclude-standard -- '*.go' 2>/dev/null || find . -name '*.go' -not -path '*/node_modules/*')
  [ -z "$files" ] && return 0
  # shellcheck disable=SC2086
  out=$(gofmt -l $files)
  if [ -n "$out" ]; then
    echo "gofmt -l lists files that need formatting:" >&2
    echo "$out" >&2
    return 1
  fi
}

go_vet() {
  "$GO" vet ./... && "$GO" vet -tags desktop,production,webkit2_41 .
}

vitest() {
  (cd frontend && npx vitest run --reporter=default --reporter=json --outputFile.json="../$ART/vitest.json")
  local rc=$?
  if [ -f "$ART/vitest.json" ]; then
    node -e '
      const r = require(process.argv[1]);
      console.log(["vitest", r.numPassedTests, r.numFailedTests, r.numPendingTests + (r.numTodoTests || 0)].join("\t"));
    ' "$PWD/$ART/vitest.json" >>"$COUNTS" || rc=1
  fi
  return $rc
}

# fuzz: every Fuzz target in the module, 20,000 inputs each (new targets are picked up by
# themselves). A count, not a duration: Go 1.26's fuzz coordinator can report a spurious
# "context deadline exceeded" when a -fuzztime duration ends while a worker is busy
# (go.dev/issue/75804, fixed in Go 1.27); a count has no deadline to race.
fuzz() {
  local rc=0 any=0 file dir name
  while IFS= read -r file; do
    dir=$(dirname "$file")
    for name in $(grep -hoE '^func Fuzz[A-Za-z0-9_]+\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/'); do
      any=1
      echo "--- fuzz $dir $name (${FUZZTIME:-20000x})"
      gotest "fuzz $name" -run='^$' -fuzz="^${name}\$" -fuzztime="${FUZZTIME:-20000x}" "./$dir" || rc=1
    done
  done < <(grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+\(' . 2>/dev/null | grep -v -e '/node_modules/' -e '/testdata/' | sed 's|^\./||' | sort)
  [ $any -eq 1 ] || echo "no fuzz targets"
  return $rc
}

start=$SECONDS
rm -f "$ART/vitest.json"
if ! "$GO" build -o "$TESTSUM" ./scripts/testsum; then
  echo "cannot build scripts/testsum" >&2
  exit 1
fi
step "bindings current (wails generate module)" check_bindings
step "gofmt -l" check_gofmt
step "go vet (headless and desktop tags)" go_vet
step "build desktop (make build)" quiet build-desktop.log make --no-print-directory build
step "build headless (make build-cli)" quiet build-cli.log make --no-print-directory build-cli
step "tsc --noEmit" bash -c 'cd frontend && npx tsc --noEmit'
step "vitest" vitest
# wails dev compiles with -gcflags 'all=-N -l' (every package again, unoptimised); build that
# first so the e2e dev smoke test waits for Wails, not for the compiler.
step "go build (wails dev flags, warms the cache)" "$GO" build -gcflags 'all=-N -l' -tags dev,webkit2_41,devtools -o /dev/null .
# Unit and integration packages run side by side; the end-to-end packages one at a time, since
# several drive `wails dev` (one build output folder, one frontend/dist) and real windows.
mapfile -t UNIT_PKGS < <("$GO" list ./... | grep -v '^meshdesk/e2e/')
step "go test (full, all but e2e)" gotest "go test" -timeout 25m "${UNIT_PKGS[@]}"
step "go test ./e2e/... (one package at a time)" gotest "go test e2e" -p 1 -timeout 30m ./e2e/...
step "go test ./dist/... (packaging module)" bash -c 'cd dist && "$0" test -json ./... 2>&1 | "$1" -step "go test dist" -counts "$2"' "$GO" "$PWD/$TESTSUM" "$PWD/$COUNTS"
step "go test -race -short ./..." gotest "go test -race -short" -race -short -timeout 15m ./...
step "fuzz (20,000 inputs per target)" fuzz
step "package benchmarks once (-short)" make --no-print-directory bench-packages
step "make bench-smoke" make --no-print-directory bench-smoke
# e2e/sdk (Mesh's web Link SDK and Node client against the emulator) runs inside
# `go test ./meshsim` (TestLinkSDK), which starts the emulator; make test-deps runs its npm ci.

echo
echo "=== make test: $((SECONDS - start))s"
printf '%s\n' "${report[@]}"
echo "per step (passed/failed/skipped):"
awk -F'\t' '{printf "  %-45s %5d %5d %5d\n", $1, $2, $3, $4}' "$COUNTS"
awk -F'\t' '{p+=$2; f+=$3; s+=$4} END {printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}' "$COUNTS"
[ "$failed_steps" -eq 0 ]
