#!/usr/bin/env bash
# Memory (maximum resident set) and time of every command, and of the
# reader until its site is loaded, on each input whose cost grew faster
# than its size, and on 250 to 2,000 languages.
# Uses the release binary; figures go in benches/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/liseuse"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, sys, itertools, string
out = sys.argv[1]
def site(name, files):
    for path, text in files.items():
        full = os.path.join(out, name, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
fine = {"content/en/fine.md": "---\ntitle: Fine\n---\nFine.\n"}
def alias(n, m):
    return "big: &a [" + ", ".join(["x"] * n) + "]\nrefs: [" + ", ".join(["*a"] * m) + "]\n"
for n in (3000, 10000, 20000):
    site(f"alias-{n}", {**fine, "content/en/bomb.md": "---\ntitle: B\n" + alias(n, n) + "---\nBody\n"})
site("string-1MBx200k", {**fine, "content/en/bomb.md": "---\ntitle: S\ns: &s " + "y" * 1_000_000
     + "\nrefs: [" + ", ".join(["*s"] * 200_000) + "]\n---\nBody\n"})
site("config-alias-10k", {**fine, "hugo.yaml": "baseURL: https://x.org/\n" + alias(10000, 10000)})
site("toml-6MB-tables", {**fine, "content/en/t.md": "+++\ntitle = \"T\"\n"
     + "".join(f"[t{i}]\na = {i}\n" for i in range(300_000)) + "+++\nBody\n"})
site("toml-20k-tables", {**fine, "content/en/t.md": "+++\ntitle = \"T\"\n"
     + "".join(f"[t{i}]\na = {i}\n" for i in range(20_000)) + "+++\nBody\n"})
site("zalgo", {**fine, "content/en/z.md": "---\ntitle: Z\n---\n"
     + ("Z" + "\u0300\u0301\u0302\u0303" * 2000 + "algo ") * 100 + "\n"})
site("table-1000x200", {**fine, "content/en/t.md": "---\ntitle: T\n---\n"
     + "|" + "|".join(["h"] * 1000) + "\n|" + "|".join(["-"] * 1000) + "\n"
     + ("|" + "|".join(["x"] * 1000) + "\n") * 200})
codes = ["".join(c) for c in itertools.product(string.ascii_lowercase, repeat=3)]
for n in (250, 500, 1000, 2000):
    files = {"hugo.yaml": "baseURL: https://x.org/\ndefaultContentLanguage: aaa\nlanguages:\n"
             + "".join(f"  {c}:\n    contentDir: content/{c}\n    weight: {i + 1}\n" for i, c in enumerate(codes[:n]))}
    for c in codes[:n]:
        files[f"content/{c}/hello.md"] = f"---\ntitle: Hello {c}\ntranslationKey: hello\n---\nText.\n"
    site(f"languages-{n}", files)
PY
# Sparse: a 170 MB configuration costs nothing to make.
mkdir -p "$work/config-170MB/content/en"
cp "$work/alias-3000/content/en/fine.md" "$work/config-170MB/content/en/"
truncate -s 170M "$work/config-170MB/config.toml"

# Every command, and the reader until the whole site is loaded, on every
# input: seconds and maximum resident set (MB = 10^6 bytes) of each.
# Each runs under the budget's ceiling as an address-space limit, so one
# that would exceed it fails here instead of taking the machine.
limit_kb=$((1024 * 1024))
run() { # run NAME COMMAND...: prints "seconds/MB", or "seconds/MB!" when it failed
    local name=$1
    shift
    local status=0
    ( ulimit -v "$limit_kb"; exec /usr/bin/time -f '%e %M' -o "$work/time" "$@" ) \
        > /dev/null 2> "$work/stderr" < /dev/null || status=$?
    local seconds rss
    read -r seconds rss < <(tail -n 1 "$work/time")
    # check exits 1 on problems found, search and resolve on no match:
    # only a signal or a status above 2 is a failure.
    local mark=""
    if [ "$status" -gt 2 ]; then mark="!"; echo "$name: exit $status: $(head -c 300 "$work/stderr")" >&2; fi
    awk -v s="$seconds" -v kb="$rss" -v m="$mark" 'BEGIN { printf "%s/%.1f%s", s, kb / 1000, m }'
}
printf '%-18s %8s' input "site KB"
for command in check list list-json show-all search resolve reader; do printf ' %14s' "$command"; done
printf '\n'
for dir in "$work"/*/; do
    dir=${dir%/}
    name=$(basename "$dir")
    size=$(du -sk --apparent-size "$dir" | cut -f1)
    printf '%-18s %8s' "$name" "$size"
    printf ' %14s' "$(run check "$bin" check "$dir")"
    printf ' %14s' "$(run list "$bin" list "$dir")"
    printf ' %14s' "$(run list-json "$bin" list --json "$dir")"
    printf ' %14s' "$(run show-all "$bin" show --all --width 80 --color always "$dir")"
    printf ' %14s' "$(run search "$bin" search "x algo" "$dir")"
    printf ' %14s' "$(run resolve "$bin" resolve "https://x.org/bomb/" "$dir")"
    # The reader needs a terminal: `script` gives it one of 80×24.
    printf ' %14s' "$(run reader script -qec "stty cols 80 rows 24; exec $bin --no-state --exit-when-loaded $dir" /dev/null)"
    printf '\n'
done
echo "(seconds/MB; ! = killed or failed under the ${limit_kb} KB address-space limit)"
