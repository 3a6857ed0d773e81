#!/usr/bin/env bash
# One entry point for local runs and CI:  bash ci/run.sh <target> [<target> ...]
#
#   deps            install Debian packages (ci/install-deps.sh)
#   build           configure + build the `ci` preset into build/ci
#   unit            C++ unit tests (ctest, preset ci)       -> build/reports/unit-junit.xml
#   sanitize        the `dev` preset (ASan/UBSan) in build/dev: ctest, the demo, tests/integration
#   lint            clang-tidy (.clang-tidy: naming, bug-prone patterns) over the sources
#   pytest          python3 -m pytest tests              -> build/reports/pytest-junit.xml
#   demo            build, then run scenarios/demo       -> build/reports/demo-junit.xml, demo.json
#   setup-and-demo  deps, build, demo
#   all             deps, build, unit, demo, pytest (sets CI=true: nothing may skip); the ci preset
#                   is a Debug build with ASan and UBSan, so every test runs sanitized
#
# Every stage prints a banner and its duration; the first failing stage stops the run.
# Environment: PYTHON (interpreter with pytest; default: the first of python3,
# /usr/bin/python3 that has it), ALLOW_EMPTY=1 (pytest collecting no tests is not
# an error), CI=true (missing prerequisites fail instead of skipping in pytest).
set -euo pipefail
cd "$(dirname "$0")/.."

REPORTS=build/reports
OXHARNESS_BIN=${OXHARNESS_BIN:-build/ci/runner/oxharness}
export OXHARNESS_BIN

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

now() { printf '%s' "${EPOCHREALTIME:-$(date +%s.%N)}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

pick_python() {
  if [ -n "${PYTHON:-}" ]; then printf '%s' "$PYTHON"; return; fi
  local c
  for c in python3 /usr/bin/python3; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import pytest, yaml' >/dev/null 2>&1; then
      printf '%s' "$c"; return
    fi
  done
  echo "ci/run.sh: no python3 with pytest and yaml found (Debian: python3-pytest python3-yaml;" \
       "run 'bash ci/run.sh deps' or set PYTHON)" >&2
  return 1
}

# ------------------------------------------------------------------ stages
stage_deps() { bash ci/install-deps.sh; }

stage_build() {
  cmake --preset ci
  cmake --build --preset ci
}

stage_unit() {
  mkdir -p "$REPORTS"
  # --output-junit is relative to the preset's build dir (build/ci).
  ctest --preset ci -j2 --output-junit ../reports/unit-junit.xml
}

stage_sanitize() {
  cmake --preset dev
  cmake --build --preset dev
  ctest --preset dev -j2
  # The runner itself under ASan/UBSan: the demo and the CLI integration tests.
  build/dev/runner/oxharness run scenarios/demo -q
  local py
  py=$(pick_python)
  OXHARNESS_BIN=build/dev/runner/oxharness "$py" -m pytest tests/integration -q -p no:cacheprovider
}

# Naming and bug-prone patterns (.clang-tidy); not part of `all` (slow on two cores).
stage_lint() {
  [ -f build/ci/compile_commands.json ] || stage_build
  local files
  files=$(git ls-files '*.cpp' | grep -v '_test\.cpp$')
  # shellcheck disable=SC2086
  clang-tidy -p build/ci --quiet $files
}

stage_pytest() {
  local py rc=0
  py=$(pick_python)
  mkdir -p "$REPORTS"
  "$py" -m pytest tests -q --junitxml="$REPORTS/pytest-junit.xml" || rc=$?
  if [ "$rc" -eq 5 ]; then
    if [ "${ALLOW_EMPTY:-0}" = 1 ]; then
      echo "ci/run.sh: pytest collected no tests (allowed by ALLOW_EMPTY=1)"
      return 0
    fi
    echo "ci/run.sh: pytest collected no tests (exit code 5); that is a failure" \
         "(set ALLOW_EMPTY=1 to allow it)" >&2
  fi
  return "$rc"
}

stage_demo() {
  if [ ! -x "$OXHARNESS_BIN" ]; then
    echo "ci/run.sh: $OXHARNESS_BIN not found or not executable (did the build stage run?)" >&2
    return 1
  fi
  mkdir -p "$REPORTS"
  "$OXHARNESS_BIN" run scenarios/demo \
    --junit "$REPORTS/demo-junit.xml" --json "$REPORTS/demo.json"
  echo "reports: $REPORTS/demo-junit.xml $REPORTS/demo.json"
}

# ------------------------------------------------------------------ driver
declare -a DONE=()
RUN_START=$(now)

run_stage() {
  local name=$1 start rc=0
  start=$(now)
  printf '\n==================== %s ====================\n' "$name"
  # Not `stage || rc=$?`: bash ignores set -e inside anything tested by || or if.
  set +e
  ( set -euo pipefail; "stage_${name}" )
  rc=$?
  set -e
  local took
  took=$(elapsed "$start")
  if [ "$rc" -ne 0 ]; then
    printf '==================== %s FAILED (exit %d) after %ss ====================\n' "$name" "$rc" "$took"
    printf '\nci/run.sh: FAILED at stage %s; passed: %s; total %ss\n' \
      "$name" "${DONE[*]:-none}" "$(elapsed "$RUN_START")"
    exit "$rc"
  fi
  DONE+=("$name(${took}s)")
  printf '==================== %s ok in %ss ====================\n' "$name" "$took"
}

[ $# -ge 1 ] || usage
stages=()
for target in "$@"; do
  case "$target" in
    deps|build|unit|sanitize|pytest|lint) stages+=("$target") ;;
    demo) stages+=(build demo) ;;
    setup-and-demo) stages+=(deps build demo) ;;
    all)
      export CI="${CI:-true}"
      stages+=(deps build unit demo pytest) ;;
    -h|--help|help) usage ;;
    *) echo "ci/run.sh: unknown target '$target'" >&2; usage ;;
  esac
done

for s in "${stages[@]}"; do run_stage "$s"; done
printf '\nci/run.sh: OK: %s; total %ss\n' "${DONE[*]}" "$(elapsed "$RUN_START")"
