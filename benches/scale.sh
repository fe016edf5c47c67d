#!/usr/bin/env bash
# Figures at 100,000 posts (DESIGN §6), on a site generated from the real
# corpus by examples/generate_site.rs, all in one run on the same files:
#   - first frame showing posts, whole process, in a pseudo-terminal (≤ 100 ms)
#   - full load (`liseuse check`) against `cat` of the same files (≤ 1.4×)
#   - peak resident memory of the full load against the corpus size (≤ 1.25× + 10 MB)
# Filtering and site search at 100,000 are in `cargo bench --bench reader`
# and `--bench search`. Needs hyperfine and script(1); installs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
posts="${POSTS:-100000}"
corpus="${LISEUSE_CORPUS:-$(pwd)/../shared/corpus}/digital-canada-ca"
[ -d "$corpus/content" ] || { echo "scale.sh: the real corpus is missing at $corpus" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "scale.sh: installing hyperfine" >&2; apt-get install -y -qq hyperfine >/dev/null; }
command -v script >/dev/null || { echo "scale.sh: script(1) is missing (util-linux)" >&2; exit 2; }
site="${SCALE_SITE:-${TMPDIR:-/tmp}/liseuse-site-$posts}"
cargo build --release --quiet --example generate_site
cargo build --release --quiet
[ -d "$site/content" ] || target/release/examples/generate_site "$corpus" "$site" "$posts"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
find "$site/content" -type f -print0 > "$out/files"
bytes=$(xargs -0 cat < "$out/files" | wc -c)

hyperfine --warmup 1 --runs 5 -N --export-json "$out/scale.json" \
  "script -qec 'stty cols 120 rows 40; target/release/liseuse $site --exit-after-first-frame' /dev/null" \
  "script -qec 'stty cols 120 rows 40; true' /dev/null" \
  "target/release/liseuse check $site --json" \
  "sh -c 'xargs -0 cat < $out/files > /dev/null'"
/usr/bin/time -f "%M" -o "$out/rss" target/release/liseuse check "$site" > /dev/null || true

python3 - "$out/scale.json" "$out/rss" "$bytes" "$posts" <<'PY'
import json, sys
r = [x["median"] for x in json.load(open(sys.argv[1]))["results"]]
first, pty, load, cat = r[0] - r[1], r[1], r[2], r[3]
rss = int(open(sys.argv[2]).read().split()[-1]) * 1024
size = int(sys.argv[3])
print(f"{sys.argv[4]} posts, {size/1e6:.0f} MB of content")
print(f"first frame showing posts: {first*1000:.0f} ms (target <= 100)")
print(f"full load {load*1000:.0f} ms, cat {cat*1000:.0f} ms: {load/cat:.2f}x (target <= 1.4)")
budget = 1.25 * size + 10e6
print(f"peak memory {rss/1e6:.0f} MB, budget {budget/1e6:.0f} MB: {rss/size:.2f}x the content (target <= 1.25x + 10 MB)")
PY
