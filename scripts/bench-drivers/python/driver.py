"""Side-by-side driver for the Python thin client (katzenpost_thinclient 0.0.25 from PyPI).

Runs one operation that kpclientd answers without the mixnet, against a running kpclientd, for a fixed time
after a warm-up, with --inflight calls in flight spread over --conns connections (one asyncio task per
in-flight slot, each calling in a loop), and prints one line:

  RESULT client=python op=... conns=C inflight=N ops=... secs=... ops_s=... p50_us=... p99_us=... errors=...
"""
import argparse
import asyncio
import logging
import math
import os
import sys
import time

from katzenpost_thinclient import Config, ThinClient


def quantile(sorted_ns, q):
    if not sorted_ns:
        return 0.0
    r = max(1, min(len(sorted_ns), math.ceil(q * len(sorted_ns))))
    return sorted_ns[r - 1] / 1e3


def report(op, conns, inflight, lat, secs, errors, cpu_secs=-1.0):
    lat.sort()
    cpu = cpu_secs * 1e6 / len(lat) if cpu_secs >= 0 and lat else -1.0
    print(f"RESULT client=python op={op} conns={conns} inflight={inflight} ops={len(lat)} secs={secs:.2f} "
          f"ops_s={len(lat) / secs:.1f} p50_us={quantile(lat, 0.5):.1f} p99_us={quantile(lat, 0.99):.1f} "
          f"errors={errors} cpu_us_per_op={cpu:.1f}", flush=True)


async def connect(config_path):
    client = ThinClient(Config(config_path))
    await client.start(asyncio.get_running_loop())
    return client


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="/tmp/kpnet/client/thinclient.toml")
    ap.add_argument("--op", default="next_message_box_index")
    ap.add_argument("--conns", type=int, default=1)
    ap.add_argument("--inflight", type=int, default=1)
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--duration", type=float, default=5.0)
    a = ap.parse_args()
    logging.disable(logging.CRITICAL)

    start = time.monotonic()
    measure_from = start + a.warmup
    end = measure_from + a.duration
    lat = []
    errors = 0

    clients = [await connect(a.config) for _ in range(a.conns)]
    seed = os.urandom(32)
    kp = await clients[0].new_keypair(seed)
    write_cap, first = kp.write_cap, kp.first_message_index
    plaintext = bytes(100)

    if a.op == "connect":
        # connect + handshake + first reply (the same definition for every client), closing not timed
        while time.monotonic() < end:
            t0 = time.monotonic_ns()
            c = None
            try:
                c = await connect(a.config)
                await c.next_message_box_index(first)
                ok = True
            except Exception as e:
                print(f"python driver: connect failed: {e!r}", file=sys.stderr)
                ok = False
            d = time.monotonic_ns() - t0
            if c is not None:
                c.stop()
                # let the cancelled reader task unwind, so its fd leaves the selector before the number is reused
                await asyncio.sleep(0.001)
            if t0 / 1e9 >= measure_from:
                if ok:
                    lat.append(d)
                else:
                    errors += 1
        report(a.op, 1, 1, lat, a.duration, errors)
        for c in clients:
            c.stop()
        return

    async def call(c):
        if a.op == "new_keypair":
            await c.new_keypair(seed)
        elif a.op == "next_message_box_index":
            await c.next_message_box_index(first)
        elif a.op == "encrypt_write":
            await c.encrypt_write(plaintext, write_cap, first)
        elif a.op == "get_pki_document":
            await c.get_pki_document_raw(0)
        else:
            raise SystemExit(f"unknown op {a.op}")

    async def slot(i):
        nonlocal errors
        c = clients[i % len(clients)]
        while True:
            t0 = time.monotonic_ns()
            if t0 / 1e9 > end:
                return
            err = False
            try:
                await call(c)
            except Exception:
                err = True
            t1 = time.monotonic_ns()
            if t0 / 1e9 >= measure_from and t1 / 1e9 <= end:
                if err:
                    errors += 1
                else:
                    lat.append(t1 - t0)

    cpu = {}

    async def cpu_window():  # this process's CPU time during the measured window
        await asyncio.sleep(max(0.0, measure_from - time.monotonic()))
        c0 = time.process_time()
        await asyncio.sleep(max(0.0, end - time.monotonic()))
        cpu["secs"] = time.process_time() - c0

    await asyncio.gather(cpu_window(), *(slot(i) for i in range(a.inflight)))
    report(a.op, a.conns, a.inflight, lat, a.duration, errors, cpu.get("secs", -1.0))
    for c in clients:
        c.stop()


if __name__ == "__main__":
    asyncio.run(main())
