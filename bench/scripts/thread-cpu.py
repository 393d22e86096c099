#!/usr/bin/env python3
"""CPU time and context switches per call, by thread, of one side-by-side driver run (docs/performance.md,
"Connect and CPU per call").

    bench/scripts/thread-cpu.py JAR|go OP CONNS INFLIGHT [WARMUP DURATION]

Runs the Java driver of JAR (org.katzenpost.bench.SideBySideDriver) or, with "go", .bench/go-driver/kp-go-driver
(built by scripts/side-by-side), against the testnet's kpclientd; reads /proc/<pid>/task/*/{stat,status} from
the driver's "WINDOW open" line (its warm-up is over) to 1 s before its measured window ends, names Java threads
with jstack (digits folded into #), and prints the driver's RESULT line, then CPU ms, share and context switches
per call for each thread group.
"""
import collections
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WINDOW_OPEN = "WINDOW open"  # the drivers' line when their measured window opens
START_UP_LIMIT = 120  # seconds a driver may take to start, connect and warm up before it must say WINDOW_OPEN


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    jar, op, conns, inflight = sys.argv[1:5]
    warmup = float(sys.argv[5]) if len(sys.argv) > 5 else 3
    duration = float(sys.argv[6]) if len(sys.argv) > 6 else 6
    go = jar == "go"
    cmd = [os.path.join(ROOT, ".bench/go-driver/kp-go-driver")] if go else \
        ["java", "-Xss512k", "-cp", jar, "org.katzenpost.bench.SideBySideDriver"]
    p = subprocess.Popen(cmd + ["--op", op, "--conns", conns, "--inflight", inflight, "--warmup", str(warmup),
                                "--duration", str(duration)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    lines, window_open_or_ended = [], threading.Event()
    reader = threading.Thread(target=read_lines, args=(p.stdout, lines, window_open_or_ended), daemon=True)
    reader.start()
    window_open_or_ended.wait(warmup + START_UP_LIMIT)
    if not any(line.strip() == WINDOW_OPEN for line in lines):  # it ended, or is stuck: say what it printed
        p.kill()
        p.wait()
        reader.join()
        sys.exit(f"the driver never printed {WINDOW_OPEN!r}:\n" + "".join(lines))
    before, t0 = snapshot(p.pid), time.time()
    names = {}
    if not go:
        stack = subprocess.run(["jstack", str(p.pid)], capture_output=True, text=True).stdout
        for m in re.finditer(r'^"([^"]+)".*?nid=0x([0-9a-f]+)', stack, re.M):
            names[str(int(m.group(2), 16))] = m.group(1)
    # the window itself is timed: it opened at t0 and the driver's closes `duration` later; stop 1 s short of that
    time.sleep(max(0.5, duration - 1.0 - (time.time() - t0)))
    after, t1 = snapshot(p.pid), time.time()
    p.wait()
    reader.join()
    out = "".join(lines)
    result = next((l for l in out.splitlines() if l.startswith("RESULT")), None)
    if result is None:
        sys.exit("no RESULT line:\n" + out)
    print(result)
    calls = float(re.search(r"ops_s=([0-9.]+)", result).group(1)) * (t1 - t0)
    cpu, switches = collections.Counter(), collections.Counter()
    for tid, (comm, ticks, cs) in after.items():
        group = re.sub(r"\d+", "#", names.get(tid, comm))
        t, c = before.get(tid, (comm, 0, 0))[1:]
        cpu[group] += ticks - t
        switches[group] += cs - c
    total = sum(cpu.values())
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    print(f"window {t1 - t0:.2f} s, {calls:.0f} calls, {total * tick_ms:.0f} ms CPU, "
          f"{total * tick_ms * 1000 / max(calls, 1):.1f} us per call, "
          f"{sum(switches.values()) / max(calls, 1):.2f} context switches per call")
    for group, ticks in cpu.most_common():
        if ticks or switches[group]:
            print(f"{ticks * tick_ms:8.0f} ms {100 * ticks / max(total, 1):5.1f}% "
                  f"{switches[group] / max(calls, 1):6.2f} switches/call  {group}")


def read_lines(stream, lines, window_open_or_ended):
    """Collects the driver's output; sets window_open_or_ended at its WINDOW_OPEN line, or when it ends."""
    for line in stream:
        lines.append(line)
        if line.strip() == WINDOW_OPEN:
            window_open_or_ended.set()
    window_open_or_ended.set()


def snapshot(pid):
    """tid -> (comm, utime + stime ticks, voluntary + involuntary context switches)"""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                comm = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
            fields = stat[stat.rindex(")") + 2:].split()
            cs = 0
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        cs += int(line.split()[1])
            out[tid] = (comm, int(fields[11]) + int(fields[12]), cs)
        except OSError:
            pass  # the thread ended meanwhile
    return out


if __name__ == "__main__":
    main()
