#!/usr/bin/env bash
# Rendering against the peers, whole process, 80 columns (DESIGN §6):
#   1. one typical post: liseuse show vs mdcat vs pandoc -t plain (target ≥ 4x mdcat)
#   2. every Markdown post of the real corpus in one process vs mdcat given
#      all the files at once (target: faster)
# One post is run 200 times: its few milliseconds are mostly the start of
# a process, whose time on a shared machine wanders by a tenth.
# liseuse is the binary handed out (.ci/dist); the one `cargo build
# --release` makes is measured beside it.
# Needs hyperfine, mdcat and pandoc; installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus="${LISEUSE_CORPUS:-$(pwd)/../shared/corpus}/digital-canada-ca"
[ -d "$corpus/content" ] || { echo "render.sh: the real corpus is missing at $corpus" >&2; exit 2; }

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || ! need pandoc; then
  echo "render.sh: installing hyperfine and pandoc (apt)" >&2
  apt-get update -qq && apt-get install -y -qq hyperfine pandoc >/dev/null
fi
if ! need mdcat; then
  echo "render.sh: installing mdcat (cargo install; takes a few minutes)" >&2
  cargo install --locked mdcat
fi

# The binary handed out (.ci/dist: static-pie on Linux), and the one
# `cargo build --release` makes (shared libraries), for comparison.
bin=$(bash .ci/dist)
cargo build --release --quiet
shared=target/release/liseuse
post="content/en/blog/posts/hello-world-canada.md"
[ -f "$corpus/$post" ] || { echo "render.sh: $post is missing" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Our own post with nine fenced blocks in nine languages (TOML, Dockerfile,
# TypeScript, HTML, YAML, Rust, Go, Python, shell): the grammars are loaded
# and each block highlighted, so this is the case that pays for it.
# `--ansi`: mdcat writing to a pipe highlights nothing otherwise.
code="$(pwd)/tests/fixtures/code/code-tour.md"

echo "== one post with code ($code), 80 columns, styled output"
hyperfine --warmup 20 --runs 200 -N --export-json "$out/code.json" \
  "$bin show $code --width 80 --color always" \
  "mdcat --ansi --columns 80 $code" \
  "$bin show $post $corpus --width 80 --color always"

echo "== one post ($post), 80 columns, plain output"
hyperfine --warmup 20 --runs 200 -N --export-json "$out/one.json" \
  "$bin show $post $corpus --width 80 --color never" \
  "mdcat --columns 80 --no-colour $corpus/$post" \
  "pandoc -t plain --columns 80 $corpus/$post" \
  "$shared show $post $corpus --width 80 --color never"

mapfile -d '' files < <(find "$corpus/content" -name '*.md' -print0 | sort -z)
echo "== every post: liseuse show --all vs mdcat on the ${#files[@]} Markdown files"
printf '%s\0' "${files[@]}" > "$out/files"
hyperfine --warmup 3 --runs 30 --export-json "$out/all.json" \
  "$bin show --all $corpus --width 80 --color never > /dev/null" \
  "xargs -0 mdcat --columns 80 --no-colour < $out/files > /dev/null"

python3 - "$out/one.json" "$out/all.json" "$out/code.json" <<'PY'
import json, sys
liseuse, mdcat, pandoc, shared = [r["median"] for r in json.load(open(sys.argv[1]))["results"]]
code, mdcat_code, no_code = [r["median"] for r in json.load(open(sys.argv[3]))["results"]]
print(f"one post with code, styled: liseuse {code*1000:.2f} ms, mdcat {mdcat_code*1000:.2f} ms, mdcat/liseuse = {mdcat_code/code:.1f}x (target >= 4)")
print(f"one post without code, styled: liseuse {no_code*1000:.2f} ms (no grammar loaded)")
every = [r["median"] for r in json.load(open(sys.argv[2]))["results"]]
print(f"one post: liseuse {liseuse*1000:.2f} ms, mdcat {mdcat*1000:.2f} ms, pandoc {pandoc*1000:.1f} ms")
print(f"one post: mdcat/liseuse = {mdcat/liseuse:.1f}x (target >= 4), pandoc/liseuse = {pandoc/liseuse:.1f}x")
print(f"one post, cargo build --release (shared libraries): {shared*1000:.2f} ms, mdcat/that = {mdcat/shared:.1f}x")
print(f"every post: liseuse {every[0]*1000:.0f} ms, mdcat {every[1]*1000:.0f} ms, mdcat/liseuse = {every[1]/every[0]:.1f}x (target > 1)")
PY
