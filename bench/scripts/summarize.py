#!/usr/bin/env python3
"""Markdown tables from bench/scripts/suite.sh output directories.

    bench/scripts/summarize.py AFTER_DIR [BEFORE_DIR]

Round trips: JMH score (ops/s, mean ± 99.9% CI half-width), allocation per op (gc.alloc.rate.norm), and the
median over measurement iterations of the per-iteration p50/p99 latencies that RoundTripBench prints.
"""
import json
import os
import re
import statistics
import sys


def load(d, name):
    if not d:
        return []
    p = os.path.join(d, name + ".json")
    if not os.path.exists(p):
        return []
    with open(p) as f:
        return json.load(f)


def key(r):
    return (r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1],
            tuple(sorted((r.get("params") or {}).items())))


def index(results):
    return {key(r): r for r in results}


def latencies(d):
    """server/transport/inflight -> (median p50 us, median p99 us) over the measurement iterations."""
    out = {}
    p = os.path.join(d, "roundtrip.txt") if d else None
    if not p or not os.path.exists(p):
        return out
    runs = {}
    for line in open(p):
        m = re.match(r"\[latency\] (\S+): n=\d+ p50=([\d.]+)us p99=([\d.]+)us", line)
        if m:
            runs.setdefault(m.group(1), []).append((float(m.group(2)), float(m.group(3))))
    for k, v in runs.items():
        meas = v[-5:]  # warm-up iterations come first
        out[k] = (statistics.median(x[0] for x in meas), statistics.median(x[1] for x in meas))
    return out


def score(r):
    if r is None:
        return "–"
    pm = r["primaryMetric"]
    err = pm.get("scoreError")
    e = f" ± {err:,.0f}" if isinstance(err, (int, float)) and err == err else ""
    return f"{pm['score']:,.0f}{e}"


def sec(r, name):
    if r is None:
        return None
    m = r.get("secondaryMetrics", {}).get(name)
    return None if m is None else m["score"]


def fmt(x, f="{:,.0f}"):
    return "–" if x is None else f.format(x)


def main():
    after = sys.argv[1]
    before = sys.argv[2] if len(sys.argv) > 2 else None
    A, B = index(load(after, "roundtrip")), index(load(before, "roundtrip"))
    la, lb = latencies(after), latencies(before)
    print("### Round trips (RoundTripBench)\n")
    print("| server | transport | in flight | before ops/s | after ops/s | before B/op | after B/op "
          "| before p50/p99 µs | after p50/p99 µs |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for k in sorted(A, key=lambda k: (dict(k[1])["server"], dict(k[1])["transport"], int(dict(k[1])["inFlight"]))):
        p = dict(k[1])
        a, b = A[k], B.get(k)
        lk = f"{p['server']}/{p['transport']}/{p['inFlight']}"
        lat = lambda t: "–" if t is None else f"{t[0]:,.0f} / {t[1]:,.0f}"
        print(f"| {p['server']} | {p['transport']} | {p['inFlight']} | {score(b)} | {score(a)} "
              f"| {fmt(sec(b, 'gc.alloc.rate.norm'))} | {fmt(sec(a, 'gc.alloc.rate.norm'))} "
              f"| {lat(lb.get(lk))} | {lat(la.get(lk))} |")
    for name, title, unit in [("pki", "PKI document parse (PkiDecodeBench)", "µs"),
                              ("connect", "Connect + handshake (ConnectBench)", "ms")]:
        A2, B2 = index(load(after, name)), index(load(before, name))
        if not A2:
            continue
        print(f"\n### {title}\n")
        print(f"| case | before {unit} | after {unit} | before B/op | after B/op |")
        print("|---|---:|---:|---:|---:|")
        for k in sorted(A2):
            case = ", ".join(f"{v}" for _, v in k[1])
            a, b = A2[k], B2.get(k)
            f2 = lambda r: "–" if r is None else (f"{r['primaryMetric']['score']:,.3f} ± "
                                                 f"{r['primaryMetric']['scoreError']:,.3f}")
            print(f"| {case} | {f2(b)} | {f2(a)} | {fmt(sec(b, 'gc.alloc.rate.norm'))} "
                  f"| {fmt(sec(a, 'gc.alloc.rate.norm'))} |")
    for name, title in [("request-codec", "Request codec (RequestCodecBench), ns/op"),
                        ("response-codec", "Response codec (ResponseCodecBench), ns/op")]:
        A2 = load(after, name)
        if not A2:
            continue
        rows = {}
        for r in A2:
            rows.setdefault(r["params"]["kind"], {})[r["benchmark"].split(".")[-1]] = r["primaryMetric"]["score"]
        print(f"\n### {title}\n")
        print("| kind | encode | decode |")
        print("|---|---:|---:|")
        for kind, v in rows.items():
            print(f"| {kind} | {fmt(v.get('encode'))} | {fmt(v.get('decode'))} |")
    A2 = load(after, "cbor-libraries")
    if A2:
        rows = {}
        for r in A2:
            rows.setdefault(r["params"]["input"], {})[r["benchmark"].split(".")[-1]] = r["primaryMetric"]["score"]
        cols = ["decode_ours_typed", "decode_ours_tree", "decode_jackson_tree", "decode_petero_tree",
                "encode_ours_typed", "encode_ours_tree", "encode_jackson_tree", "encode_petero_tree"]
        print("\n### CBOR: ours vs Jackson vs PeterO (CborLibraryBench), µs/op\n")
        print("| input | " + " | ".join(c.replace("_", " ") for c in cols) + " |")
        print("|---|" + "---:|" * len(cols))
        for inp, v in rows.items():
            print(f"| {inp} | " + " | ".join(fmt(v.get(c) / 1000 if v.get(c) else None, "{:,.2f}") for c in cols) + " |")


main()
