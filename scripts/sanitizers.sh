#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer, each in its own scratch
# path (.build-asan, .build-tsan; ignored by git). Extra arguments go to `swift test` (e.g.
# `--filter RuntimeTests`). Exit status: non-zero if either run failed.
#
#   scripts/sanitizers.sh [address|thread|both] [swift test arguments…]
set -uo pipefail
cd "$(dirname "$0")/.."
which="${1:-both}"; [ $# -gt 0 ] && shift
# LeakSanitizer is off: rulec, run by the build plugin under ASan, reports objects still allocated
# when it exits (a short-lived compiler), and a leak report there fails the build. Leaks in the
# scanner are not what this run looks for; memory errors are.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
# TSan reports are errors (a race makes the run fail), not just warnings.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1}"
status=0
if [ "$which" = address ] || [ "$which" = both ]; then
  echo "== swift test --sanitize=address"
  swift test --sanitize=address --scratch-path .build-asan "$@" || status=1
fi
if [ "$which" = thread ] || [ "$which" = both ]; then
  echo "== swift test --sanitize=thread"
  swift test --sanitize=thread --scratch-path .build-tsan "$@" || status=1
fi
exit $status
