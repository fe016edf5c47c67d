#!/usr/bin/env bash
# Memory (maximum resident set) and time of `liseuse check` on each input
# whose cost grows faster than its size, and on 250 to 2,000 languages.
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

printf '%-20s %10s %8s %12s\n' input "site KB" seconds "max RSS KB"
for dir in "$work"/*/; do
    name=$(basename "$dir")
    size=$(du -sk --apparent-size "$dir" | cut -f1)
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" check "$dir" > /dev/null 2>&1 || true
    read -r seconds rss < "$work/time"
    printf '%-20s %10s %8s %12s\n' "$name" "$size" "$seconds" "$rss"
done
# The Zalgo post and the wide table, rendered (the cost is in layout).
for name in zalgo table-1000x200; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" show --all --width 80 "$work/$name" > /dev/null 2>&1 || true
    read -r seconds rss < "$work/time"
    printf '%-20s %10s %8s %12s\n' "show $name" "" "$seconds" "$rss"
done
