#!/usr/bin/env bash
# DESIGN §6, memory: peak resident set size of `liseuse check` on the real
# corpus. Target: ≤ 15 MB.
#
#   bash benches/memory.sh            # build release, measure 5 runs
#   RUNS=10 bash benches/memory.sh
#   LISEUSE_CORPUS=/path/to/corpus bash benches/memory.sh
#   MEMORY_METHOD=proc bash benches/memory.sh   # force the /proc fallback
#
# Measures with GNU time (`/usr/bin/time -v`, "Maximum resident set size")
# when it is installed; otherwise polls VmHWM in /proc/PID/status while the
# process runs (that can miss growth in the last instant; install GNU time
# with `apt-get install -y time` for an exact figure).
# MB here is 10^6 bytes (the stricter reading of the target).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${LISEUSE_CORPUS:-$here/../shared/corpus}"
site="$corpus/digital-canada-ca"
runs="${RUNS:-5}"
target_mb=15

if [[ ! -d "$site/content" ]]; then
    echo "memory.sh: no corpus at $site (expected a digital-canada-ca site with content/)." >&2
    echo "Set LISEUSE_CORPUS to the directory that holds digital-canada-ca." >&2
    exit 2
fi

echo "building the release binary…" >&2
(cd "$here" && cargo build --release --quiet --bin liseuse)
target_dir="$(cd "$here" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
bin="${target_dir:-$here/target}/release/liseuse"
[[ -x "$bin" ]] || { echo "memory.sh: no binary at $bin" >&2; exit 2; }

# Peak RSS of one run, in kB (KiB, as the kernel counts), on stdout.
if [[ "${MEMORY_METHOD:-}" != proc && -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    method="GNU time -v (Maximum resident set size)"
    peak_kb() {
        local report
        report="$(mktemp)"
        # `check` exits 1 when the site has problems: that is not our concern here.
        /usr/bin/time -v -o "$report" "$bin" check "$site" >/dev/null 2>&1 || true
        sed -n 's/.*Maximum resident set size (kbytes): *//p' "$report"
        rm -f "$report"
    }
else
    method="polling VmHWM in /proc (approximate: GNU time is missing; apt-get install -y time)"
    if [[ "${MEMORY_METHOD:-}" == proc ]]; then
        method="polling VmHWM in /proc (approximate; MEMORY_METHOD=proc)"
    else
        echo "memory.sh: /usr/bin/time (GNU time) not found; falling back to polling /proc/PID/status." >&2
        echo "           For an exact figure: apt-get install -y time" >&2
    fi
    peak_kb() {
        local pid hwm=0 line value
        "$bin" check "$site" >/dev/null 2>&1 &
        pid=$!
        while [[ -r /proc/$pid/status ]]; do
            line="$(grep -s '^VmHWM:' "/proc/$pid/status" || true)"
            [[ -z "$line" ]] && break # exited (zombie: no memory lines)
            value="$(awk '{print $2}' <<<"$line")"
            ((value > hwm)) && hwm=$value
        done
        wait "$pid" || true
        echo "$hwm"
    }
fi

samples=()
for ((i = 0; i < runs; i++)); do
    samples+=("$(peak_kb)")
done
sorted="$(printf '%s\n' "${samples[@]}" | sort -n)"
max_kb="$(tail -n1 <<<"$sorted")"
median_kb="$(sed -n "$(((runs + 1) / 2))p" <<<"$sorted")"
corpus_bytes="$(find "$site/content" -type f -printf '%s\n' | awk '{s += $1} END {print s}')"

mb() { awk -v kb="$1" 'BEGIN {printf "%.1f", kb * 1024 / 1e6}'; }
echo "binary: $bin"
echo "corpus: $site/content ($(awk -v b="$corpus_bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB of files)"
echo "method: $method; $runs runs: $(tr '\n' ' ' <<<"$sorted")kB; median $(mb "$median_kb") MB"
verdict="met"
awk -v kb="$max_kb" -v t="$target_mb" 'BEGIN {exit !(kb * 1024 / 1e6 <= t)}' || verdict="MISSED"
echo "peak RSS: $(mb "$max_kb") MB (target ≤ $target_mb MB) — $verdict"
