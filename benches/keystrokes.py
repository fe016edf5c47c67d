#!/usr/bin/env python3
"""Keystroke latency of the whole reader, in a pseudo-terminal, while a
site loads (and while the site search indexes it) and after: the time from
a key written to the terminal to the reader's screen showing it.

    python3 benches/keystrokes.py SITE [--search | --language]

Types a filter (`/` then two words), one key at a time, from the first
frame on and round after round until the site is loaded, then three times
more; with --search, the same in the site search (`s`), which indexes in
the background. Prints the median, 99th percentile and worst latency of each phase
(DESIGN §6: a filter keystroke ≤ 16 ms while loading and after). With
--language, once the site is loaded (and its lists made ahead): `t`, the
list in the other language, 24 times, and `S`, the list sorted by title or
by date, 10 times, each timed to the frame that answers it (the first of
each is the one that would sort). Uses only Python's standard library.
"""
import os, pty, re, select, signal, statistics, sys, time

BIN = os.path.join(os.path.dirname(__file__), "..", "target", "release", "liseuse")
# A frame that changed cells ends with the pen reset and the end of its
# synchronized update, then the terminal's cursor is put at the focus
# (shown or hidden only when that changes): in a prompt, its caret, one
# column further for each key typed.
CARET = re.compile(rb"\x1b\[0m(?:\x1b\[\?2026l)?(?:\x1b\[\?25[lh])?\x1b\[(\d+);(\d+)H")


def caret_after(seen):
    """Where the last frame in `seen` left the caret: (row, column)."""
    found = CARET.findall(seen)
    if not found:
        raise RuntimeError("no frame placed the cursor")
    row, column = found[-1]
    return int(row), int(column)


ROWS, COLUMNS = 40, 120


def spawn(site):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(BIN, [BIN, site, "--lang", "en", "--no-mouse", "--no-state"])
    import fcntl, struct, termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    return pid, fd


def whole_screen(fd):
    """What the whole screen shows now. A frame writes only the cells that
    changed (a status that did not change is not written again), so the
    window is made one row taller and back: the reader then draws all of
    it."""
    import fcntl, struct, termios
    seen = b""
    for rows in (ROWS + 1, ROWS):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, COLUMNS, 0, 0))
        seen = settle(fd, 0.3)
    return seen


def read_until(fd, wanted, timeout=30.0):
    """Reads the reader's output until `wanted` (bytes) shows; returns what was read."""
    seen = b""
    end = time.monotonic() + timeout
    while wanted not in seen:
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{wanted!r} never showed")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            seen += os.read(fd, 1 << 16)
    return seen


def read_until_caret(fd, where, timeout=30.0):
    """Reads the reader's output until a frame puts the caret at `where`
    (row, column, from 1)."""
    seen = b""
    end = time.monotonic() + timeout
    while not any((int(r), int(c)) == where for r, c in CARET.findall(seen)):
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no frame put the caret at {where}")
        if select.select([fd], [], [], left)[0]:
            seen += os.read(fd, 1 << 16)
    return seen


def read_frame(fd, timeout=30.0):
    """Reads until a frame has placed the cursor, then what follows at
    once; returns what was read."""
    seen = b""
    end = time.monotonic() + timeout
    while not CARET.search(seen):
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError("no frame placed the cursor")
        if select.select([fd], [], [], left)[0]:
            seen += os.read(fd, 1 << 16)
    return seen + settle(fd, 0.1)


def drain(fd):
    while select.select([fd], [], [], 0)[0]:
        os.read(fd, 1 << 16)


def settle(fd, wait=1.0):
    """Gives the reader `wait` seconds to answer every key sent, then reads
    what it wrote: no old frame can pass for a new one. (Waiting for it to
    go quiet would not do: while it loads it redraws its progress.)"""
    time.sleep(wait)
    seen = b""
    while select.select([fd], [], [], 0)[0]:
        seen += os.read(fd, 1 << 16)
    return seen


def type_word(fd, word):
    """Types `word` key by key; the latency of each key after the first
    (until the frame that moves the prompt's caret past it), in ms. The
    first key is not timed: it tells where the caret is."""
    drain(fd)
    os.write(fd, word[0].encode())
    row, column = caret_after(read_frame(fd))
    latencies = []
    for i, c in enumerate(word[1:], start=1):
        drain(fd)
        start = time.monotonic()
        os.write(fd, c.encode())
        read_until_caret(fd, (row, column + i))
        latencies.append((time.monotonic() - start) * 1000)
    return latencies


def round_of(fd, key, word):
    """Opens the filter (or search), types `word`, then empties it and
    leaves: the latencies of the typed keys."""
    os.write(fd, key.encode())
    settle(fd)
    latencies = type_word(fd, word)
    os.write(fd, b"\x7f" * len(word))
    settle(fd)
    os.write(fd, b"\x1b")
    settle(fd)
    return latencies


def timed_frame(fd, key):
    """Writes `key`; the time until the frame that answers it, in ms."""
    drain(fd)
    start = time.monotonic()
    os.write(fd, key)
    seen = b""
    end = start + 30.0
    while not CARET.search(seen):
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no frame answered {key!r}")
        if select.select([fd], [], [], left)[0]:
            seen += os.read(fd, 1 << 16)
    return (time.monotonic() - start) * 1000


def percentiles(values):
    """Median, nearest-rank 99th percentile and worst, in ms."""
    p99 = sorted(values)[max(0, -(-99 * len(values) // 100) - 1)]
    return f"median {statistics.median(values):.1f} ms, p99 {p99:.1f} ms, worst {max(values):.1f} ms"


def language_keys(site):
    pid, fd = spawn(site)
    read_until(fd, b"Loading")
    while b"Loading" in whole_screen(fd):
        pass
    # The lists of the other language and order are made in the
    # background once the site is whole: given the time to be.
    settle(fd, 3.0)
    os.write(fd, b"/digital\r")
    settle(fd, 1.0)
    switches = []
    for _ in range(24):
        switches.append(timed_frame(fd, b"t"))
        settle(fd, 0.2)
    sorts = []
    for _ in range(10):
        sorts.append(timed_frame(fd, b"S"))
        settle(fd, 0.2)
    os.write(fd, b"q")
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    print(f"t (the other language's list), the first {switches[0]:.1f} ms; "
          f"{percentiles(switches)} over {len(switches)} keys (target: <= 16)")
    print(f"S (sorted by title or date), the first {sorts[0]:.1f} ms; "
          f"{percentiles(sorts)} over {len(sorts)} keys (target: <= 16)")


def main():
    site = sys.argv[1]
    if "--language" in sys.argv:
        language_keys(site)
        return
    search = "--search" in sys.argv
    key = "s" if search else "/"
    busy = [b"Loading", b"Indexing"] if search else [b"Loading"]
    # Two words, as people type them: each keystroke filters anew.
    word = "digital government"
    pid, fd = spawn(site)
    read_until(fd, b"Loading")
    # While the background works: round after round, until a whole round
    # goes by without the status saying it still does.
    working = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        working += round_of(fd, key, word)
        os.write(fd, key.encode())
        settle(fd)
        screen = whole_screen(fd)
        os.write(fd, b"\x1b")
        settle(fd)
        if not any(b in screen for b in busy) and len(working) >= 2 * len(word):
            break
    drain(fd)
    after = []
    for _ in range(3):
        after += round_of(fd, key, word)
    os.write(fd, b"q")
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    what = "site search" if search else "filter"
    phase = "while indexing and loading" if search else "while loading"
    for name, values in ((phase, working), ("after", after)):
        # Nearest rank: the key that 99 % of keys are no slower than.
        print(f"{what} keystroke, {name}: {percentiles(values)} over {len(values)} keys "
              f"(target: p99 <= 16)")


if __name__ == "__main__":
    main()
