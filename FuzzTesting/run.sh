#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for the given seconds, seeded from the sample logs,
# ../shared/datasets and the rule files; prints executions, coverage (cov/ft from libFuzzer's final
# stats) and crashes per target. Exit status 1 if any target crashed (inputs in FuzzTesting/crashes/).
#
#   FuzzTesting/run.sh [seconds-per-target] [target…]     default 60 s, every target
#   FuzzTesting/run.sh --smoke                            10 s each, for .ci/run
#
# Environment: FUZZ_RSS_MB (libFuzzer -rss_limit_mb, default 2048).
set -uo pipefail
# A crash is reported by libFuzzer and ASan; the Swift backtracer only adds noise (and an ASan
# report of its own memory reads).
export SWIFT_BACKTRACE=enable=no
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
seconds=60
targets=()
for a in "$@"; do
  case "$a" in
    --smoke) seconds=10 ;;
    ''|*[!0-9]*) targets+=("$a") ;;
    *) seconds="$a" ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(FuzzEventLoad FuzzRecordReader FuzzGzip FuzzYAMLReader FuzzConditionParser FuzzOutputFormat)

echo "== building fuzz targets (release, -sanitize=fuzzer,address)"
# The rules plugin's rulec is built too and its link may fail under the fuzzer flags (ld.gold
# internal error); the fuzzers do not need it, so success is judged by the binaries.
( cd "$here" && swift build -c release -Xswiftc -sanitize=fuzzer,address ) >"$here/.build-log.txt" 2>&1
bin="$here/.build/release"
for t in "${targets[@]}"; do
  if [ ! -x "$bin/$t" ] || [ "$bin/$t" -ot "$here/Sources/$t/main.swift" ]; then
    grep -v "Cannot export local symbol" "$here/.build-log.txt" | tail -n 40
    echo "fuzz: build of $t failed" >&2; exit 2
  fi
done

work="$here/.work"
corpus="$work/corpus"
mkdir -p "$work" "$here/crashes"
# Seeds, rebuilt every run (cheap); libFuzzer adds what it finds to the same directories, which
# persist between runs in .work/ (ignored by git).
python3 "$here/seed.py" "$corpus" "$repo" >/dev/null

dict_for() {
  case "$1" in
    FuzzYAMLReader) echo "$here/dict/yaml.dict" ;;
    FuzzConditionParser|FuzzOutputFormat) echo "$here/dict/condition.dict" ;;
    *) echo "$here/dict/json.dict" ;;
  esac
}

failed=0
printf '%-20s %12s %8s %8s %8s\n' target executions cov ft crashes
for t in "${targets[@]}"; do
  mkdir -p "$corpus/$t"
  log="$work/$t.log"
  "$bin/$t" -max_total_time="$seconds" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -max_len=65536 -timeout=20 \
    -dict="$(dict_for "$t")" -artifact_prefix="$here/crashes/$t-" -print_final_stats=1 \
    "$corpus/$t" >"$log" 2>&1
  status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  crashes=0
  if [ $status -ne 0 ]; then
    crashes=1; failed=1
    echo "fuzz: $t failed (exit $status); log: $log" >&2
    grep -E 'ERROR|Fatal error|Test unit written|SUMMARY' "$log" | head -n 10 >&2
  fi
  printf '%-20s %12s %8s %8s %8s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes"
done
exit $failed
