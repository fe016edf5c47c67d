#!/usr/bin/env bash
# Figures at 100,000 posts (DESIGN §6), on a site generated from the real
# corpus by examples/generate_site.rs, all in one run on the same files:
#   - first frame showing posts, whole process, in a pseudo-terminal (≤ 100 ms),
#     with an empty state and with the state of a reader who has read every
#     post (examples/read_every_post.rs): remembering must not slow it
#   - full load against `cat` of the same files (≤ 1.4×): `liseuse list`
#     (read, parse, URL index, translations, then the list printed), and the
#     reader's own background load until every post is linked
#     (`--exit-when-loaded`, in a pseudo-terminal); `check` too, which also
#     reads every body for its links
#   - peak resident memory of each against the content size (≤ 1.25× + 10 MB)
#   - a key typed in the filter and in the site search, whole reader in a
#     pseudo-terminal, while the site loads (and is indexed) and after
#     (≤ 16 ms; benches/keystrokes.py)
# The filter and the site search alone, at 100,000, are in
# `cargo bench --bench reader` and `--bench search`. Needs hyperfine, GNU time and script(1); installs
# what apt has.
set -euo pipefail
cd "$(dirname "$0")/.."
posts="${POSTS:-100000}"
corpus="${LISEUSE_CORPUS:-$(pwd)/../shared/corpus}/digital-canada-ca"
[ -d "$corpus/content" ] || { echo "scale.sh: the real corpus is missing at $corpus" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "scale.sh: installing hyperfine" >&2; apt-get install -y -qq hyperfine >/dev/null; }
[ -x /usr/bin/time ] || { echo "scale.sh: installing GNU time" >&2; apt-get install -y -qq time >/dev/null; }
command -v script >/dev/null || { echo "scale.sh: script(1) is missing (util-linux)" >&2; exit 2; }
site="${SCALE_SITE:-${TMPDIR:-/tmp}/liseuse-site-$posts}"
cargo build --release --quiet --example generate_site --example read_every_post
cargo build --release --quiet
[ -d "$site/content" ] || target/release/examples/generate_site "$corpus" "$site" "$posts"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
find "$site/content" -type f -print0 > "$out/files"
bytes=$(xargs -0 cat < "$out/files" | wc -c)
bin=target/release/liseuse
pty() { echo "script -qec 'stty cols 120 rows 40; $1' /dev/null"; }
# Every run below on its own state directories, never the user's.
mkdir -p "$out/empty-state" "$out/full-state"
export XDG_STATE_HOME="$out/empty-state"
XDG_STATE_HOME="$out/full-state" target/release/examples/read_every_post "$site" >&2

hyperfine --warmup 1 --runs 5 -N --export-json "$out/scale.json" \
  "$(pty "$bin $site --exit-after-first-frame")" \
  "$(pty true)" \
  "$(pty "$bin $site --exit-when-loaded")" \
  "$bin list $site" \
  "$bin check $site --json" \
  "sh -c 'xargs -0 cat < $out/files > /dev/null'" \
  "env XDG_STATE_HOME=$out/full-state $(pty "$bin $site --exit-after-first-frame")"
peak() { /usr/bin/time -f "%M" -o "$out/rss" "$@" > /dev/null || true; tail -1 "$out/rss"; }
rss_list=$(peak "$bin" list "$site")
rss_check=$(peak "$bin" check "$site")
# script(1) waits for the reader: the largest of them is the reader.
rss_reader=$(peak script -qec "stty cols 120 rows 40; $bin $site --exit-when-loaded" /dev/null)
# `liseuse serve` holds the site and its whole search index, built before
# it listens: its peak once it says it listens.
serve_log="$out/serve.log"
"$bin" serve "$site" --listen 127.0.0.1:0 --anonymous --no-watch \
  --host-key "$out/host_ed25519" 2> "$serve_log" &
serve_pid=$!
until grep -q "listening on" "$serve_log" 2>/dev/null; do
  kill -0 "$serve_pid" 2>/dev/null || { echo "scale.sh: the server ended:" >&2; cat "$serve_log" >&2; exit 1; }
  sleep 0.5
done
rss_serve=$(awk '/VmHWM/ {print $2}' "/proc/$serve_pid/status")
kill "$serve_pid"; wait "$serve_pid" || true

python3 - "$out/scale.json" "$bytes" "$posts" "$rss_list" "$rss_check" "$rss_reader" "$rss_serve" <<'PY'
import json, sys
r = [x["median"] for x in json.load(open(sys.argv[1]))["results"]]
first, pty, reader, listed, check, cat = r[0] - r[1], r[1], r[2] - r[1], r[3], r[4], r[5]
first_full = r[6] - r[1]
size = int(sys.argv[2])
print(f"{sys.argv[3]} posts, {size/1e6:.0f} MB of content; cat {cat*1000:.0f} ms")
print(f"first frame showing posts: {first*1000:.0f} ms (target <= 100)")
print(f"first frame, state of {sys.argv[3]} read posts: {first_full*1000:.0f} ms ({first_full/first:.2f}x the empty state's)")
for name, t in (("list", listed), ("reader, until linked", reader), ("check", check)):
    print(f"full load, {name}: {t*1000:.0f} ms, {t/cat:.2f}x cat (target <= 1.4)")
budget = 1.25 * size + 10e6
for name, kb in (("list", sys.argv[4]), ("check", sys.argv[5]), ("reader", sys.argv[6]),
                 ("serve, site and search index", sys.argv[7])):
    rss = int(kb) * 1024
    print(f"peak memory, {name}: {rss/1e6:.0f} MB, {rss/size:.2f}x the content, budget {budget/1e6:.0f} MB (1.25x + 10 MB)")
PY
python3 benches/keystrokes.py "$site"
python3 benches/keystrokes.py "$site" --search
