"""Runs a command and records its wall time, CPU time and peak RSS as JSON.

usage: timed.py OUT_JSON LOG_FILE -- COMMAND [ARGS...]

Uses `/usr/bin/time -v` when it exists; otherwise the child's own resource
usage from os.wait4 (what resource.getrusage(RUSAGE_CHILDREN) reports for
a single child). The command's stdout and stderr go to LOG_FILE. Exits with
the command's status.
"""

import json
import os
import re
import subprocess
import sys
import time

# BENCH_GNU_TIME="" forces the fallback.
GNU_TIME = os.environ.get("BENCH_GNU_TIME", "/usr/bin/time")


def parse_gnu_time(text: str) -> dict:
    def field(name: str) -> str:
        match = re.search(rf"^\s*{re.escape(name)}: (.*)$", text, re.M)
        if not match:
            raise ValueError(f"no `{name}` in /usr/bin/time output")
        return match.group(1).strip()

    parts = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    wall = 0.0
    for part in parts:
        wall = wall * 60 + part
    return {
        "wall_seconds": wall,
        "cpu_seconds": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "max_rss_kib": int(field("Maximum resident set size (kbytes)")),
        "exit_status": int(field("Exit status")),
        "measured_by": "/usr/bin/time -v",
    }


def main() -> None:
    out, log = sys.argv[1], sys.argv[2]
    if sys.argv[3] != "--":
        sys.exit(__doc__)
    command = sys.argv[4:]
    with open(log, "w") as log_file:
        if GNU_TIME and os.access(GNU_TIME, os.X_OK):
            report = out + ".time"
            started = time.perf_counter()
            status = subprocess.run(
                [GNU_TIME, "-v", "-o", report, *command], stdout=log_file, stderr=subprocess.STDOUT
            ).returncode
            precise_wall = time.perf_counter() - started
            with open(report) as f:
                result = parse_gnu_time(f.read())
            # /usr/bin/time rounds to 10 ms: the wall time is the wrapper's
            # own clock (which adds only the fork and exec of /usr/bin/time).
            result["wall_seconds_gnu_time"] = result["wall_seconds"]
            result["wall_seconds"] = precise_wall
        else:
            started = time.perf_counter()
            child = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
            _, wait_status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - started
            child.returncode = status = os.waitstatus_to_exitcode(wait_status)
            result = {
                "wall_seconds": wall,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "max_rss_kib": usage.ru_maxrss,  # KiB on Linux
                "exit_status": status,
                "measured_by": "os.wait4 rusage",
            }
    result["command"] = command
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    sys.exit(status)


if __name__ == "__main__":
    main()
