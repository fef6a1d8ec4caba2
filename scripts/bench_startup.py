#!/usr/bin/env python3
"""Start-up time and memory of the app against a bare Tauri window (benches/baseline-app), and sizes.

Usage: bench_startup.py APP_BINARY BASELINE_BINARY OUT_JSON [RUNS] [APP_DEB BASELINE_DEB]

Runs under its own Xvfb (a free display, stopped by PID) and a private D-Bus session
(dbus-run-session), in RUNS rounds (default 15) after one warm-up round that is not counted (the
first start of each reads WebKit's libraries from disk). A round starts each binary once, in an
order that is reversed every other round, so neither always follows the other. Each run: spawn,
wait for the "first screen ready after N ms" line on the child's stderr (N: measured by the
process from its own start; the wall time from spawn to the line is recorded too), then sum the
PSS of the process tree (the binary and its WebKit children, /proc/PID/smaps_rollup), then kill
the tree. The baseline runs twice per round: as Tauri draws it by default, and with WebKitGTK's
compositing mode off (WEBKIT_DISABLE_COMPOSITING_MODE=1), which is how the app draws itself on
Linux (src-tauri/rendering.rs): the first is the issue's `start_ratio`/`memory_ratio`, the second
the like-for-like `*_same_rendering` figures. The app gets XDG_DATA_HOME/XDG_CONFIG_HOME/XDG_CACHE_HOME in a temporary folder: no real
profile or account is touched. Writes OUT_JSON: medians, sizes, and the ratios (app / baseline),
each the median of the rounds' own ratios: a change in the machine's load during the run moves
both runs of a round alike, so it cancels out of that round's ratio (the ratio of the medians is
kept beside it).
Standard library only.
"""

import json
import os
import pathlib
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

READY = re.compile(r"first screen ready after (\d+) ms")
READY_TIMEOUT_S = 60.0
# Rounds run before the counted ones (the first start of each reads WebKit's libraries from disk).
WARM_UP_ROUNDS = 1


def free_display():
    for number in range(90, 200):
        if not os.path.exists(f"/tmp/.X11-unix/X{number}") and not os.path.exists(f"/tmp/.X{number}-lock"):
            return number
    sys.exit("no free X display number")


def start_xvfb():
    """Xvfb on a free display; -displayfd tells us when it accepts clients (no sleeping)."""
    number = free_display()
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x1024x24", "-nolisten", "tcp",
                             "-displayfd", str(write)], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as ready:
        shown = ready.readline().strip()
    if not shown:
        xvfb.kill()
        sys.exit("Xvfb did not start")
    return xvfb, f":{shown}"


def children_of():
    """parent PID -> child PIDs, from /proc/*/stat."""
    tree = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = pathlib.Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: fields after the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def descendants(pid):
    tree, found, todo = children_of(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def pss_bytes(pids):
    total = 0
    for pid in pids:
        try:
            for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            pass  # a process that ended meanwhile
    return total


def kill_tree(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def one_run(binary, env):
    """(ms reported by the process, wall ms from spawn to the line, PSS bytes of its tree, the line)."""
    spawned = time.monotonic()
    child = subprocess.Popen([binary], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, start_new_session=True)
    reported, buffer = None, b""
    try:
        while reported is None:
            left = READY_TIMEOUT_S - (time.monotonic() - spawned)
            if left <= 0 or not select.select([child.stderr], [], [], left)[0]:
                raise RuntimeError(f"{binary}: no ready line within {READY_TIMEOUT_S:.0f} s")
            chunk = os.read(child.stderr.fileno(), 65536)
            if not chunk:
                raise RuntimeError(f"{binary} ended before its ready line: {buffer.decode(errors='replace')[-2000:]}")
            buffer += chunk
            text = buffer.decode(errors="replace")
            match = READY.search(text)
            if match and "\n" in text[match.start():]:
                reported = int(match.group(1))
                line = text[match.start():].split("\n", 1)[0]
        wall = (time.monotonic() - spawned) * 1000
        tree = descendants(child.pid)
        return reported, round(wall, 1), pss_bytes(tree), line
    finally:
        kill_tree(descendants(child.pid))
        child.wait()
        child.stderr.close()


def size(path):
    return os.path.getsize(path) if path and os.path.exists(path) else None


def median_of(runs, index):
    return statistics.median(run[index] for run in runs)


def in_private_dbus_session():
    """Runs this script again under dbus-run-session, once: the apps then share a bus of their
    own (the app's keyring and notifications never reach the desktop's)."""
    if os.environ.get("BENCH_STARTUP_PRIVATE_DBUS") != "1":
        os.environ["BENCH_STARTUP_PRIVATE_DBUS"] = "1"
        os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable, *sys.argv])


def main():
    if len(sys.argv) not in (4, 5, 7):
        sys.exit(__doc__)
    in_private_dbus_session()
    app, baseline, out = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    app_deb, baseline_deb = (sys.argv[5], sys.argv[6]) if len(sys.argv) == 7 else (None, None)
    xvfb, display = start_xvfb()
    runs = {"app": [], "baseline": [], "baseline_same_rendering": []}
    ready_line = None
    try:
        with tempfile.TemporaryDirectory(prefix="bench-startup-") as home:
            env = {key: value for key, value in os.environ.items()
                   if not key.startswith(("WAYLAND", "FLEX_SSO", "BENCH_STARTUP", "WEBKIT_"))}
            env.update(DISPLAY=display, XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
                       XDG_CACHE_HOME=f"{home}/cache", GDK_BACKEND="x11")
            same_rendering = dict(env, WEBKIT_DISABLE_COMPOSITING_MODE="1")
            kinds = [("app", app, env), ("baseline", baseline, env),
                     ("baseline_same_rendering", baseline, same_rendering)]
            for _ in range(WARM_UP_ROUNDS):
                for _, binary, run_env in kinds:
                    one_run(binary, run_env)
            for round_number in range(count):
                for name, binary, run_env in kinds if round_number % 2 == 0 else kinds[::-1]:
                    *figures, line = one_run(binary, run_env)
                    runs[name].append(tuple(figures))
                    if name == "app":
                        ready_line = line
    finally:
        xvfb.terminate()
        xvfb.wait()
    medians = {name: {"reported_ms": median_of(r, 0), "wall_ms": median_of(r, 1), "pss_bytes": median_of(r, 2)}
               for name, r in runs.items()}
    def ratio(index, against):
        """The median of the rounds' ratios, app / AGAINST, of figure INDEX."""
        return round(statistics.median(a[index] / b[index] for a, b in zip(runs["app"], runs[against])), 3)

    result = {
        "runs_each": count,
        "warm_up_rounds": WARM_UP_ROUNDS,
        "start_ratio": ratio(0, "baseline"),
        "start_ratio_of_medians": round(medians["app"]["reported_ms"] / medians["baseline"]["reported_ms"], 3),
        "start_ratio_wall": ratio(1, "baseline"),
        "memory_ratio": ratio(2, "baseline"),
        "start_ratio_same_rendering": ratio(0, "baseline_same_rendering"),
        "memory_ratio_same_rendering": ratio(2, "baseline_same_rendering"),
        # Where the app's start-up goes (its phases and the page's own times), from its last run.
        "app_ready_line": ready_line,
        "medians": medians,
        "binary_bytes": {"app": size(app), "baseline": size(baseline)},
        "deb_bytes": {"app": size(app_deb), "baseline": size(baseline_deb)} if app_deb else None,
        "runs": {name: [{"reported_ms": a, "wall_ms": b, "pss_bytes": c} for a, b, c in r] for name, r in runs.items()},
    }
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"start_ratio {result['start_ratio']} (wall {result['start_ratio_wall']}), memory_ratio {result['memory_ratio']}; "
          f"drawn alike: start {result['start_ratio_same_rendering']}, memory {result['memory_ratio_same_rendering']}; "
          f"app {medians['app']}, baseline {medians['baseline']}, baseline drawn alike {medians['baseline_same_rendering']}")


if __name__ == "__main__":
    main()
