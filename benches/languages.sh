#!/usr/bin/env bash
# `liseuse check` on sites of one post in each of N languages, all sharing
# one translationKey and one path (so every post is every other's
# translation): 250, 500, 1,000, 2,000, then 4,000 and 8,000 to show the
# growth. Release binary; hyperfine when installed (median of its runs),
# else the median of RUNS runs of /usr/bin/time (or bash's `time`). Also
# prints the maximum resident set when GNU time is there. The figures go
# in benches/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# LISEUSE_BIN: a binary already built, to time instead of building one.
if [ -n "${LISEUSE_BIN:-}" ]; then
    bin="$LISEUSE_BIN"
else
    cargo build --release --quiet
    bin="$CARGO_TARGET_DIR/release/liseuse"
fi
runs="${RUNS:-5}"
counts="${COUNTS:-250 500 1000 2000 4000 8000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The same site as tests/budgets.rs's `languages`: codes aaa, aab, …
python3 - "$work" $counts <<'PY'
import itertools, os, string, sys
out, counts = sys.argv[1], [int(n) for n in sys.argv[2:]]
codes = ["".join(c) for c in itertools.product(string.ascii_lowercase, repeat=3)]
for n in counts:
    site = os.path.join(out, f"languages-{n}")
    os.makedirs(site)
    with open(os.path.join(site, "hugo.yaml"), "w") as f:
        f.write("baseURL: https://x.org/\ndefaultContentLanguage: aaa\nlanguages:\n")
        for i, c in enumerate(codes[:n]):
            f.write(f"  {c}:\n    contentDir: content/{c}\n    weight: {i + 1}\n")
    for c in codes[:n]:
        os.makedirs(os.path.join(site, "content", c))
        with open(os.path.join(site, "content", c, "hello.md"), "w") as f:
            f.write(f"---\ntitle: Hello {c}\ntranslationKey: hello\n---\nText.\n")
PY

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-10s %10s %12s %12s\n' languages "site KB" "seconds" "max RSS KB"
for n in $counts; do
    site="$work/languages-$n"
    size=$(du -sk --apparent-size "$site" | cut -f1)
    "$bin" check "$site" > /dev/null # warm the page cache
    rss=-
    if command -v hyperfine > /dev/null; then
        hyperfine --runs "$runs" --export-json "$work/h.json" "$bin check $site" > /dev/null 2>&1
        seconds=$(python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/h.json")
    elif [ -x /usr/bin/time ]; then
        for _ in $(seq "$runs"); do
            /usr/bin/time -f '%e %M' -o "$work/time" "$bin" check "$site" > /dev/null 2>&1 || true
            cat "$work/time"
        done > "$work/times"
        seconds=$(cut -d' ' -f1 "$work/times" | median)
        rss=$(cut -d' ' -f2 "$work/times" | median)
    else
        for _ in $(seq "$runs"); do
            { TIMEFORMAT=%R; time "$bin" check "$site" > /dev/null 2>&1; } 2>&1
        done > "$work/times"
        seconds=$(median < "$work/times")
    fi
    [ "$rss" = - ] && [ -x /usr/bin/time ] && {
        /usr/bin/time -f '%M' -o "$work/time" "$bin" check "$site" > /dev/null 2>&1 || true
        rss=$(cat "$work/time")
    }
    printf '%-10s %10s %12s %12s\n' "$n" "$size" "$seconds" "$rss"
done
