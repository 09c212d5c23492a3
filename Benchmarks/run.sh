#!/usr/bin/env bash
# run.sh - Peregrine's benchmark: builds the tools and two rule-set variants in release, generates
# the corpora, measures every figure of BENCHMARKS.md and prints them as Markdown.
#
#   Benchmarks/run.sh                  # 1,000,000-event corpus (and the 100,000 one for memory)
#   EVENTS=200000 REPEAT=1 Benchmarks/run.sh   # a quicker look
#
# Environment: EVENTS, SMALL_EVENTS, SEED, JOBS (default: all cores), REPEAT (runs per figure; the
# median by wall time is reported), WORK (scratch, default .build-bench), SHARED (../shared),
# CALLGRIND=0 to skip the instruction counts, JQ=0 to skip jq, REBUILD=0 to skip the rebuild timing,
# STATIC=0 to skip the static build (README's command, in .build-static).
# Nothing here is part of `swift test`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
EVENTS=${EVENTS:-1000000}
SMALL_EVENTS=${SMALL_EVENTS:-100000}
SEED=${SEED:-1}
JOBS=${JOBS:-$(nproc)}
REPEAT=${REPEAT:-3}
WORK=${WORK:-$ROOT/.build-bench}
CALLGRIND=${CALLGRIND:-1}
JQ=${JQ:-1}
REBUILD=${REBUILD:-1}
STATIC=${STATIC:-1}
mkdir -p "$WORK"
REPORT=$WORK/report.md
: > "$REPORT"

say() { echo "$@" | tee -a "$REPORT"; }
log() { echo "run.sh: $*" >&2; }

# ---------------------------------------------------------------------------------------------
# Tools, rules, builds

log "building peregrine-bench (release)"
swift build -c release --package-path "$ROOT/Benchmarks" >&2
BENCH=$ROOT/Benchmarks/.build/release/peregrine-bench

UPSTREAM_RULES=$SHARED/upstream/falco/aws_cloudtrail_rules.yaml
RULES300=$WORK/aws_cloudtrail_rules_300.yaml
"$BENCH" rules --upstream "$UPSTREAM_RULES" > "$RULES300"

build_variant() { # name yaml -> prints the binary path; the build time goes to $WORK/build-<name>.txt
    local name=$1 yaml=$2 dir
    dir=$("$BENCH" variant --package "$ROOT" --name "$name" "$yaml")
    log "building $name (release)"
    /usr/bin/time -f "%e" -o "$WORK/build-$name.txt" swift build -c release --package-path "$dir" --product peregrine >&2
    echo "$dir/.build/release/peregrine"
}
PEREGRINE=$(build_variant bench-upstream "$UPSTREAM_RULES")
PEREGRINE300=$(build_variant bench-300 "$RULES300")
rule_count() { echo "$("$1" rules --json | grep -c '"name"') ($("$1" rules --json | grep -c '"enabled":true') enabled)"; }
RULE_COUNT=$(rule_count "$PEREGRINE")
RULE_COUNT300=$(rule_count "$PEREGRINE300")

# Edit one rule's condition, rebuild: what a rule author waits for (both rule sets).
REBUILD_SECONDS=n/a
REBUILD_SECONDS300=n/a
rebuild_after_edit() { # variant yaml-file-name -> seconds
    local v=$ROOT/.build-variants/$1 y
    y=$v/rules/$2
    cp "$y" "$WORK/rules.orig"
    sed -i "0,/ct.name=\"CreateUser\" and not ct.error exists/s//ct.name=\"CreateUser\" and not ct.error exists and ct.region != \"edit-$(date +%s%N)\"/" "$y"
    grep -q 'edit-' "$y" || { log "rule edit did not apply"; exit 1; }
    /usr/bin/time -f "%e" -o "$WORK/rebuild.txt" swift build -c release --package-path "$v" --product peregrine >&2
    cp "$WORK/rules.orig" "$y"
    swift build -c release --package-path "$v" --product peregrine >&2
    cat "$WORK/rebuild.txt"
}
if [ "$REBUILD" = 1 ]; then
    REBUILD_SECONDS=$(rebuild_after_edit bench-upstream aws_cloudtrail_rules.yaml)
    REBUILD_SECONDS300=$(rebuild_after_edit bench-300 aws_cloudtrail_rules_300.yaml)
fi

# ---------------------------------------------------------------------------------------------
# Corpora

corpus() { # events -> directory
    local dir=$WORK/corpus-$1-s$SEED
    if [ ! -f "$dir/corpus.txt" ]; then
        log "generating $1 events in $dir"
        rm -rf "$dir"
        "$BENCH" generate --events "$1" --seed "$SEED" --datasets "$SHARED/datasets" --out "$dir" >&2
    fi
    echo "$dir"
}
C=$(corpus "$EVENTS")
CS=$(corpus "$SMALL_EVENTS")
field() { awk -v k="$2" '$1 == k { print $2 }' "$1/corpus.txt"; }
N=$(field "$C" events); FILES=$(field "$C" files); PLAIN=$(field "$C" plain_bytes); GZ=$(field "$C" gzip_bytes)
NS=$(field "$CS" events); PLAINS=$(field "$CS" plain_bytes)

# ---------------------------------------------------------------------------------------------
# Measurements

# measure LABEL EVENTS BYTES CMD... : REPEAT runs, the median by wall time; one Markdown row.
# Columns: wall s, CPU s (user+sys), events/s, MB/s (decompressed JSON bytes / wall), peak RSS MB.
declare -A WALL RSS CPU
measure() {
    local label=$1 events=$2 bytes=$3
    shift 3
    local runs=()
    for _ in $(seq "$REPEAT"); do
        /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/stderr.txt" || {
            log "failed: $*"; cat "$WORK/stderr.txt" >&2; exit 1; }
        runs+=("$(tail -1 "$WORK/time.txt")")
    done
    local median
    median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (${#runs[@]} + 1) / 2 ))p")
    read -r wall user sys rss <<< "$median"
    WALL[$label]=$wall; RSS[$label]=$rss; CPU[$label]=$(echo "$user + $sys" | bc -l)
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v e="$events" -v b="$bytes" 'BEGIN {
        printf "| %s | %.2f | %.2f | %s | %s | %.0f |\n", l, w, u + s,
            (e > 0 ? sprintf("%.0f", e / w) : "-"), sprintf("%.0f", b / w / 1e6), r / 1024 }' | tee -a "$REPORT"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "## Results"
say ""
say "Corpus: $N events in $FILES files, $PLAIN bytes of JSON ($GZ gzip-compressed), seed $SEED."
say "Rules: upstream = Falco's aws_cloudtrail_rules.yaml, $RULE_COUNT rules; 300 = upstream plus generated variants, $RULE_COUNT300 rules."
say "Jobs: $JOBS (of $(nproc) cores). Each figure is the median of $REPEAT runs. MB/s counts decompressed JSON bytes."
say ""
say "| run | wall s | CPU s | events/s | MB/s | peak RSS MB |"
say "|---|---:|---:|---:|---:|---:|"
measure "read alone (plain, 1 core)" "$N" "$PLAIN" "$BENCH" read "$C/plain"
measure "zlib inflate alone (gz, 1 core)" "$N" "$PLAIN" "$BENCH" inflate "$C/gz"
measure "scan upstream, gz, $JOBS jobs" "$N" "$PLAIN" "$PEREGRINE" scan -q --jobs "$JOBS" "$C/gz"
measure "scan upstream, gz, 1 job" "$N" "$PLAIN" "$PEREGRINE" scan -q --jobs 1 "$C/gz"
measure "scan upstream, plain, $JOBS jobs" "$N" "$PLAIN" "$PEREGRINE" scan -q --jobs "$JOBS" "$C/plain"
measure "scan upstream, plain, 1 job" "$N" "$PLAIN" "$PEREGRINE" scan -q --jobs 1 "$C/plain"
measure "scan upstream, gz, $JOBS jobs, --ordered" "$N" "$PLAIN" "$PEREGRINE" scan -q --jobs "$JOBS" --ordered "$C/gz"
measure "scan 300 rules, gz, $JOBS jobs" "$N" "$PLAIN" "$PEREGRINE300" scan -q --jobs "$JOBS" "$C/gz"
measure "scan 300 rules, plain, $JOBS jobs" "$N" "$PLAIN" "$PEREGRINE300" scan -q --jobs "$JOBS" "$C/plain"
measure "scan upstream, gz, $JOBS jobs, $NS events" "$NS" "$PLAINS" "$PEREGRINE" scan -q --jobs "$JOBS" "$CS/gz"
if [ "$JQ" = 1 ]; then
    # Rule 'Create AWS user': ct.name="CreateUser" and not ct.error exists.
    JQFILTER='.Records[] | select(.eventName == "CreateUser" and (has("errorCode") | not))'
    REPEAT_SAVED=$REPEAT; REPEAT=1
    measure "jq, one rule (plain, 1 core)" "$N" "$PLAIN" sh -c "find '$C/plain' -name '*.json' | sort | xargs jq -c '$JQFILTER'"
    REPEAT=$REPEAT_SAVED
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Same alerts whatever the input form and the parallelism.
"$PEREGRINE" scan --jobs 1 "$C/gz" 2>/dev/null | sort > "$WORK/alerts-gz-1.txt"
"$PEREGRINE" scan --jobs "$JOBS" "$C/plain" 2>/dev/null | sort > "$WORK/alerts-plain-n.txt"
"$PEREGRINE" scan --jobs "$JOBS" --ordered "$C/gz" 2>/dev/null > "$WORK/alerts-gz-ordered.txt"
"$PEREGRINE" scan --jobs 1 "$C/gz" 2>/dev/null > "$WORK/alerts-gz-1-unsorted.txt"
ALERTS=$(wc -l < "$WORK/alerts-gz-1.txt")
SAME=no; cmp -s "$WORK/alerts-gz-1.txt" "$WORK/alerts-plain-n.txt" && SAME=yes
ORDERED=no; cmp -s "$WORK/alerts-gz-ordered.txt" "$WORK/alerts-gz-1-unsorted.txt" && ORDERED=yes
CREATE_USER=$(grep -c "A new AWS user has been created" "$WORK/alerts-gz-1.txt" || true)
JQ_COUNT=n/a
if [ "$JQ" = 1 ]; then
    JQ_COUNT=$(find "$C/plain" -name '*.json' | sort | xargs jq -c "$JQFILTER" | wc -l)
fi

say ""
say "Alerts (upstream rules): $ALERTS. Same alert set for gz with 1 job and plain with $JOBS jobs: $SAME."
say "--ordered output identical to --jobs 1 output: $ORDERED. 'Create AWS user' alerts: $CREATE_USER; jq's matches: $JQ_COUNT."

# ---------------------------------------------------------------------------------------------
# Ratios against the targets

ratio() { echo "scale=3; $1 / $2" | bc -l; }
say ""
say "## Targets"
say ""
say "| target | measured |"
say "|---|---|"
say "| gz, upstream, $JOBS jobs: wall ≤ 0.7 × zlib alone on 1 core | $(ratio "${WALL["scan upstream, gz, $JOBS jobs"]}" "${WALL["zlib inflate alone (gz, 1 core)"]}") × |"
say "| plain, upstream: ≥ 1 GB/s per core (1 job) | $(echo "scale=2; $PLAIN / ${WALL["scan upstream, plain, 1 job"]} / 1000000000" | bc -l) GB/s |"
say "| 300 rules ≤ 1.3 × upstream (gz, $JOBS jobs) | $(ratio "${WALL["scan 300 rules, gz, $JOBS jobs"]}" "${WALL["scan upstream, gz, $JOBS jobs"]}") × |"
say "| 300 rules ≤ 1.3 × upstream (plain, $JOBS jobs) | $(ratio "${WALL["scan 300 rules, plain, $JOBS jobs"]}" "${WALL["scan upstream, plain, $JOBS jobs"]}") × |"
say "| peak RSS ≤ 64 MB, same for $NS and $N events | $((${RSS["scan upstream, gz, $JOBS jobs, $NS events"]} / 1024)) MB / $((${RSS["scan upstream, gz, $JOBS jobs"]} / 1024)) MB |"
say "| edit one rule → swift build -c release ≤ 10 s | $REBUILD_SECONDS s (upstream), $REBUILD_SECONDS300 s (300 rules) |"
say ""
say "Release builds of the two variants in this run: upstream $(cat "$WORK/build-bench-upstream.txt") s, 300 rules $(cat "$WORK/build-bench-300.txt") s (incremental: what changed since the previous run)."

# ---------------------------------------------------------------------------------------------
# Instruction counts (callgrind): stable on a noisy machine

if [ "$CALLGRIND" = 1 ]; then
    CB=$(corpus 20000)
    CT=$(corpus 100)
    NB=$(field "$CB" events); NT=$(field "$CT" events)
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 > /dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
    per_event() { # label cmd-with-DIR-placeholder...
        local label=$1; shift
        local big tiny
        big=$(ir "${@//DIR/$CB}"); tiny=$(ir "${@//DIR/$CT}")
        echo "| $label | $(( (big - tiny) / (NB - NT) )) | $(( (big - tiny) / ($(field "$CB" plain_bytes) - $(field "$CT" plain_bytes)) )) |" | tee -a "$REPORT"
    }
    say ""
    say "## Instructions per event (callgrind, 1 job; ($NB-event run − $NT-event run) / $((NB - NT)) events)"
    say ""
    say "| run | instructions/event | instructions/byte |"
    say "|---|---:|---:|"
    per_event "read alone (plain)" "$BENCH" read DIR/plain
    per_event "zlib inflate alone (gz)" "$BENCH" inflate DIR/gz
    per_event "scan upstream, plain" "$PEREGRINE" scan -q --jobs 1 DIR/plain
    per_event "scan upstream, gz" "$PEREGRINE" scan -q --jobs 1 DIR/gz
    per_event "scan 300 rules, plain" "$PEREGRINE300" scan -q --jobs 1 DIR/plain
fi

if [ "$STATIC" = 1 ]; then
    log "building the static binary (README's command)"
    swift build -c release --static-swift-stdlib -Xswiftc -static-executable --scratch-path "$ROOT/.build-static" \
        --package-path "$ROOT" --product peregrine > "$WORK/static.log" 2>&1 || { cat "$WORK/static.log" >&2; exit 1; }
    SB=$(swift build -c release --static-swift-stdlib -Xswiftc -static-executable --scratch-path "$ROOT/.build-static" \
        --package-path "$ROOT" --show-bin-path)/peregrine
    strip -o "$WORK/peregrine-stripped" "$SB"
    say ""
    say "## Static binary"
    say ""
    say "\`swift build -c release --static-swift-stdlib -Xswiftc -static-executable\` (shipped rules): $(stat -c %s "$SB") bytes, $(stat -c %s "$WORK/peregrine-stripped") stripped; ldd: $(ldd "$SB" 2>&1 | tr -d '\t' | head -1); sample scan: $("$SB" scan "$ROOT/samples" 2>&1 >/dev/null | tail -1)"
fi

say ""
say "## Machine"
say ""
say "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(uname -sr)"
say "- $(swift --version 2>&1 | head -1); zlib $(dpkg-query -W -f='${Version}' zlib1g 2>/dev/null || echo '?'); $(jq --version 2>/dev/null || true)"
say "- Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER"
say "- Date: $(date -u +%Y-%m-%dT%H:%MZ); commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo ' (modified)')"
log "report written to $REPORT"
