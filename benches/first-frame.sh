#!/usr/bin/env bash
# Start to first frame on the real corpus, whole process, against `cat` of
# the same files (DESIGN §6: ≤ 1.5×). The reader runs in a pseudo-terminal
# made by script(1) and quits once its first frame is drawn; `cat` reads the
# content files. script's own start-up is measured too, and taken off.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${LISEUSE_CORPUS:-$(pwd)/../shared/corpus}/digital-canada-ca"
[ -d "$corpus/content" ] || { echo "first-frame.sh: the real corpus is missing at $corpus" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "first-frame.sh: installing hyperfine" >&2; apt-get install -y -qq hyperfine >/dev/null; }
command -v script >/dev/null || { echo "first-frame.sh: script(1) is missing (util-linux)" >&2; exit 2; }
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
find "$corpus/content" -type f -print0 > "$out/files"
export COLUMNS=120 LINES=40
# The reader's state in a directory of its own, empty: it reads it (in the
# background) as at every start, and has no last post to open.
export XDG_STATE_HOME="$out/state"
hyperfine --warmup 5 --runs 40 -N --export-json "$out/ff.json" \
  "script -qec 'stty cols 120 rows 40; target/release/liseuse $corpus --exit-after-first-frame' /dev/null" \
  "script -qec 'stty cols 120 rows 40; true' /dev/null" \
  "sh -c 'xargs -0 cat < $out/files > /dev/null'"
python3 - "$out/ff.json" <<'PY'
import json, sys
r = [x["median"] for x in json.load(open(sys.argv[1]))["results"]]
reader, pty, cat = r[0] - r[1], r[1], r[2]
print(f"first frame: {reader*1000:.1f} ms (after {pty*1000:.1f} ms of script's own start), cat: {cat*1000:.1f} ms")
print(f"first frame / cat = {reader/cat:.2f} (target <= 1.5)")
PY
