#!/usr/bin/env python3
"""Capture real kpclientd thin-client frames as fixtures (dev tool, not used by CI).

Connects over TCP to a running kpclientd (default 127.0.0.1:64331, see scripts/testnet),
performs the handshake and a series of requests, and writes every frame it receives and every
request it sends, as raw CBOR bodies (without the 4-byte length prefix):

    OUT/NN-<variant>.cbor          frame received from the daemon
    OUT/NN-<variant>.request.cbor  request sent by this script
    OUT/NN-<...>.txt               human-readable dump of the same frame
    OUT/capture-log.txt            chronological log (direction, variant, size, elapsed ms)

Requires: pip install cbor2.  Usage:
    python3 scripts/capture_frames.py [--addr 127.0.0.1:64331] [--out fixtures/daemon-v0.0.99]
                                      [--pigeonhole]   # also a full write+read ARQ round trip
"""
import argparse
import hashlib
import os
import socket
import struct
import sys
import time

import cbor2

MAX_FRAME = 40 * 1024 * 1024


class Capture:
    def __init__(self, out):
        self.out = out
        self.n = 0
        self.t0 = time.monotonic()
        os.makedirs(out, exist_ok=True)
        self.logf = open(os.path.join(out, "capture-log.txt"), "w")

    def ms(self):
        return int((time.monotonic() - self.t0) * 1000)

    def save(self, name, body, direction, note=""):
        self.n += 1
        base = "%02d-%s" % (self.n, name)
        with open(os.path.join(self.out, base + ".cbor"), "wb") as f:
            f.write(body)
        with open(os.path.join(self.out, base + ".txt"), "w") as f:
            f.write("# %s %s, %d bytes of CBOR (length prefix %s), t=+%d ms\n"
                    % (direction, name, len(body), struct.pack(">I", len(body)).hex(), self.ms()))
            if note:
                f.write("# %s\n" % note)
            f.write(dump(cbor2.loads(body)))
            f.write("\n")
            extra = nested_dump(name, cbor2.loads(body))
            if extra:
                f.write("\n# nested CBOR decoded for reading (not part of the frame):\n")
                f.write(extra)
        line = "%8d ms  %-4s %-45s %7d bytes  %s%s" % (
            self.ms(), "recv" if direction == "received" else "sent", base, len(body),
            "" if direction != "received" else "", note)
        self.logf.write(line + "\n")
        self.logf.flush()
        print(line, file=sys.stderr)
        return base

    def note(self, text):
        line = "%8d ms  ---- %s" % (self.ms(), text)
        self.logf.write(line + "\n")
        self.logf.flush()
        print(line, file=sys.stderr)


def short(b):
    return "bytes[%d] %s%s" % (len(b), b[:16].hex(), "..." if len(b) > 16 else "")


def dump(v, ind=0):
    pad = "  " * ind
    if isinstance(v, dict):
        if not v:
            return "{}"
        lines = ["{"]
        for k, x in v.items():
            kk = short(k) if isinstance(k, (bytes, bytearray)) else repr(k)
            lines.append("%s  %s: %s" % (pad, kk, dump(x, ind + 1)))
        lines.append(pad + "}")
        return "\n".join(lines)
    if isinstance(v, list):
        if not v:
            return "[]"
        lines = ["["]
        for x in v:
            lines.append("%s  %s" % (pad, dump(x, ind + 1)))
        lines.append(pad + "]")
        return "\n".join(lines)
    if isinstance(v, (bytes, bytearray)):
        return short(bytes(v))
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "float %r" % v
    if isinstance(v, int):
        return "uint %d" % v if v >= 0 else "nint %d" % v
    if isinstance(v, str):
        return "tstr %r" % v
    return "%s %r" % (type(v).__name__, v)


def variant(frame):
    """The one top-level key whose value is not null (frames may carry all keys)."""
    live = [k for k, v in frame.items() if v is not None]
    return live[0] if len(live) == 1 else "+".join(live) if live else "NO-VARIANT"


def decode_doc(b):
    doc = cbor2.loads(b)
    return doc


def doc_summary(doc):
    lines = []
    for k in doc:
        v = doc[k]
        if k in ("Topology",):
            lines.append("%s: %d layers, sizes %s" % (k, len(v or []), [len(l) for l in (v or [])]))
            for li, layer in enumerate(v or []):
                for d in layer:
                    lines.append("  layer %d: %s" % (li, dump(cbor2.loads(d), 2)))
        elif k in ("GatewayNodes", "ServiceNodes"):
            lines.append("%s: %d descriptors (each a bstr of CBOR)" % (k, len(v or [])))
            for d in v or []:
                lines.append("  " + dump(cbor2.loads(d), 1))
        else:
            lines.append("%s: %s" % (k, dump(v, 0)))
    return "\n".join(lines) + "\n"


def nested_dump(name, frame):
    body = frame.get(name) if isinstance(frame, dict) else None
    if not isinstance(body, dict):
        return ""
    if name == "new_pki_document_event" and body.get("payload"):
        return "payload (stripped PKI document):\n" + doc_summary(decode_doc(body["payload"]))
    if name == "get_pki_document_reply" and body.get("payload"):
        outer = cbor2.loads(body["payload"])
        s = "payload (certificate wrapper):\n" + dump(outer) + "\n"
        cert_inner = outer.get("Certified") if isinstance(outer, dict) else None
        if isinstance(cert_inner, bytes):
            try:
                s += "Certified (inner document):\n" + doc_summary(cbor2.loads(cert_inner))
            except Exception as e:  # noqa
                s += "Certified: not decodable as CBOR (%s)\n" % e
        return s
    if name in ("encrypt_read_reply", "encrypt_write_reply") and body.get("envelope_descriptor"):
        return "envelope_descriptor:\n" + dump(cbor2.loads(body["envelope_descriptor"])) + "\n"
    return ""


class Conn:
    def __init__(self, cap, addr, timeout=120):
        host, port = addr.rsplit(":", 1)
        self.cap = cap
        self.s = socket.create_connection((host, int(port)), timeout=timeout)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.s.settimeout(timeout)

    def recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise EOFError("connection closed by daemon after %d/%d bytes" % (len(buf), n))
            buf += chunk
        return buf

    def read_frame(self, note=""):
        (n,) = struct.unpack(">I", self.recv_exact(4))
        if n > MAX_FRAME:
            raise ValueError("frame too large: %d" % n)
        body = self.recv_exact(n)
        frame = cbor2.loads(body)
        name = variant(frame)
        self.cap.save(name, body, "received", note)
        return name, frame[name] if name in frame else None, frame

    def send(self, name, body, label=None):
        raw = cbor2.dumps({name: body})
        self.cap.save((label or name) + ".request", raw, "sent")
        self.s.sendall(struct.pack(">I", len(raw)) + raw)
        return raw

    def request(self, name, body, expect, label=None, match=None, timeout=120):
        """Send, then read until the expected reply (anything in between is saved too)."""
        self.send(name, body, label)
        qid = body.get("query_id") if isinstance(body, dict) else None
        self.s.settimeout(timeout)
        while True:
            vname, val, _ = self.read_frame()
            if vname != expect:
                continue
            if qid is not None and isinstance(val, dict) and val.get("query_id") != qid:
                continue
            if match and not match(val):
                continue
            return val

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass


def qid():
    return os.urandom(16)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", default="127.0.0.1:64331")
    ap.add_argument("--out", default="fixtures/daemon-v0.0.99")
    ap.add_argument("--pigeonhole", action="store_true", help="also do a full write+read ARQ round trip")
    ap.add_argument("--broadcast", action="store_true", help="stay connected until the next epoch's PKI broadcast")
    a = ap.parse_args()
    cap = Capture(a.out)

    # ---- handshake
    cap.note("connect %s" % a.addr)
    c = Conn(cap, a.addr)
    n1, status, _ = c.read_frame("handshake frame 1")
    n2, pki, _ = c.read_frame("handshake frame 2")
    cap.note("handshake frames: %s, %s; payload %s" % (
        n1, n2, "null" if not (pki or {}).get("payload") else "%d bytes, float widths %s" % (
            len(pki["payload"]), float_widths(pki["payload"]))))
    token = os.urandom(16)
    rep = c.request("session_token", {"client_instance_token": token}, "session_token_reply")
    cap.note("session_token_reply resumed=%r app_id=%s" % (rep.get("resumed"), short(rep.get("app_id") or b"")))

    # ---- PKI / directory authorities
    rep = c.request("get_pki_document", {"query_id": qid(), "epoch": 0}, "get_pki_document_reply")
    cap.note("get_pki_document_reply error_code=%r epoch=%r" % (rep.get("error_code"), rep.get("epoch")))
    rep = c.request("get_directory_authorities", {"query_id": qid()}, "get_directory_authorities_reply")
    cap.note("get_directory_authorities_reply error_code=%r n=%d" % (
        rep.get("error_code"), len(rep.get("authorities") or [])))

    # ---- Pigeonhole local operations
    seed = hashlib.sha256(b"capture_frames.py fixed seed").digest()
    kp = c.request("new_keypair", {"query_id": qid(), "seed": seed}, "new_keypair_reply")
    wc, rc, idx = kp["write_cap"], kp["read_cap"], kp["first_message_index"]
    cap.note("new_keypair sizes: write_cap=%d read_cap=%d first_message_index=%d" % (len(wc), len(rc), len(idx)))
    plaintext = b"hello from capture_frames.py"
    ew = c.request("encrypt_write", {"query_id": qid(), "plaintext": plaintext, "write_cap": wc,
                                     "message_box_index": idx}, "encrypt_write_reply")
    cap.note("encrypt_write error_code=%r ciphertext=%s" % (ew.get("error_code"), len(ew.get("message_ciphertext") or b"")))
    er = c.request("encrypt_read", {"query_id": qid(), "read_cap": rc, "message_box_index": idx},
                   "encrypt_read_reply")
    cap.note("encrypt_read error_code=%r ciphertext=%s" % (er.get("error_code"), len(er.get("message_ciphertext") or b"")))
    nx = c.request("next_message_box_index", {"query_id": qid(), "message_box_index": idx},
                   "next_message_box_index_reply")
    cap.note("next_message_box_index error_code=%r" % nx.get("error_code"))
    ct = c.request("get_message_box_index_counter", {"query_id": qid(), "message_box_index": nx["next_message_box_index"]},
                   "get_message_box_index_counter_reply")
    cap.note("get_message_box_index_counter(next) counter=%r error_code=%r" % (ct.get("counter"), ct.get("error_code")))
    c0 = c.request("get_message_box_index_counter", {"query_id": qid(), "message_box_index": idx},
                   "get_message_box_index_counter_reply", label="get_message_box_index_counter-first")
    cap.note("get_message_box_index_counter(first) counter=%r; first 8 bytes of index little-endian=%r" % (
        c0.get("counter"), int.from_bytes(idx[:8], "little")))

    # ---- echo via send_message with SURB
    doc = cbor2.loads(pki["payload"]) if (pki or {}).get("payload") else None
    if doc is None:
        r = c.request("get_pki_document", {"query_id": qid(), "epoch": 0}, "get_pki_document_reply",
                      label="get_pki_document-again")
        doc = cbor2.loads(cbor2.loads(r["payload"])["Certified"])
    echo_id = None
    for d in doc.get("ServiceNodes") or []:
        desc = cbor2.loads(d)
        if "echo" in (desc.get("Kaetzchen") or {}):
            echo_id = desc["IdentityKey"]
            cap.note("echo service on %s, endpoint %r" % (desc.get("Name"), desc["Kaetzchen"]["echo"].get("endpoint")))
            break
    if echo_id is None:
        sys.exit("no service node with echo in the PKI document")
    dest = hashlib.blake2b(echo_id, digest_size=32).digest()
    surbid, mid = os.urandom(16), os.urandom(16)
    payload = b"echo payload from capture_frames.py"
    c.send("send_message", {"id": mid, "with_surb": True, "surbid": surbid, "destination_id_hash": dest,
                            "recipient_queue_id": b"+echo", "payload": payload})
    t = time.monotonic()
    got_sent = got_reply = False
    c.s.settimeout(180)
    while not got_reply:
        vname, val, _ = c.read_frame()
        if vname == "message_sent_event" and val.get("surbid") == surbid:
            got_sent = True
            cap.note("message_sent_event after %d ms" % ((time.monotonic() - t) * 1000))
        if vname == "message_reply_event" and val.get("surbid") == surbid:
            got_reply = True
            p = val.get("payload") or b""
            cap.note("message_reply_event after %d ms; payload %d bytes, prefix matches=%r, sent_event_first=%r" % (
                (time.monotonic() - t) * 1000, len(p), p.startswith(payload), got_sent))

    # ---- error replies that keep the connection
    r = c.request("new_keypair", {"query_id": qid(), "seed": os.urandom(16)}, "new_keypair_reply",
                  label="error-new_keypair-short-seed")
    cap.note("new_keypair with 16-byte seed -> error_code=%r" % r.get("error_code"))
    r = c.request("encrypt_write", {"query_id": qid(), "plaintext": None, "write_cap": wc, "message_box_index": idx},
                  "encrypt_write_reply", label="error-encrypt_write-null-plaintext")
    cap.note("encrypt_write with null plaintext -> error_code=%r" % r.get("error_code"))
    r = c.request("get_pki_document", {"query_id": qid(), "epoch": 1}, "get_pki_document_reply",
                  label="error-get_pki_document-epoch1")
    cap.note("get_pki_document epoch=1 -> error_code=%r epoch=%r" % (r.get("error_code"), r.get("epoch")))

    if a.pigeonhole:
        pigeonhole_roundtrip(c, cap, wc, rc, idx, ew)
    if a.broadcast:
        wait_broadcast(c, cap)

    # ---- thin_close: the daemon replies nothing and closes
    c.send("thin_close", {})
    c.s.settimeout(10)
    try:
        while True:
            c.read_frame("after thin_close")
    except EOFError as e:
        cap.note("after thin_close: EOF (%s)" % e)
    except socket.timeout:
        cap.note("after thin_close: no EOF within 10 s")
    c.close()

    # ---- separate connections for behaviours that may drop the connection
    garbage_read_cap(cap, a.addr, idx)
    no_variant(cap, a.addr)
    wrong_length_cap(cap, a.addr, idx)
    resume(cap, a.addr)
    cap.note("done")


def garbage_read_cap(cap, addr, idx):
    # y=2 (0x02 then 31 zero bytes) is not on the Ed25519 curve, so the daemon cannot blind it; random bytes
    # would be a valid point about half the time, and then encrypt_read simply succeeds.
    cap.note("connection 2: encrypt_read with a 136-byte garbage read_cap (public key = y-coordinate 2, not on the curve)")
    c = Conn(cap, addr, timeout=60)
    c.read_frame("handshake 1")
    c.read_frame("handshake 2")
    c.request("session_token", {"client_instance_token": os.urandom(16)}, "session_token_reply")
    try:
        r = c.request("encrypt_read", {"query_id": qid(), "read_cap": b"\x02" + bytes(31) + os.urandom(104),
                                                      "message_box_index": idx},
                      "encrypt_read_reply", label="error-encrypt_read-garbage-read_cap", timeout=30)
        cap.note("garbage read_cap -> error_code=%r (connection kept)" % r.get("error_code"))
    except EOFError as e:
        cap.note("garbage read_cap -> connection dropped by daemon (%s)" % e)
    except socket.timeout:
        cap.note("garbage read_cap -> no reply within 30 s")
    c.send("thin_close", {})
    c.close()


def handshake(cap, addr, label=""):
    c = Conn(cap, addr, timeout=60)
    c.read_frame("handshake 1" + label)
    c.read_frame("handshake 2" + label)
    c.request("session_token", {"client_instance_token": os.urandom(16)}, "session_token_reply")
    return c


def no_variant(cap, addr):
    cap.note("connection: a frame with no known variant, then get_pki_document")
    c = handshake(cap, addr)
    c.send("no_such_request", {"query_id": qid()}, label="unknown-variant")
    try:
        r = c.request("get_pki_document", {"query_id": qid(), "epoch": 0}, "get_pki_document_reply",
                      label="get_pki_document-after-unknown", timeout=30)
        cap.note("after unknown variant: connection kept, next request answered error_code=%r" % r.get("error_code"))
    except EOFError as e:
        cap.note("after unknown variant: connection dropped (%s)" % e)
    except socket.timeout:
        cap.note("after unknown variant: no reply within 30 s")
    c.send("thin_close", {})
    c.close()


def wrong_length_cap(cap, addr, idx):
    cap.note("connection: encrypt_read with a 100-byte read_cap (wrong length)")
    c = handshake(cap, addr)
    try:
        r = c.request("encrypt_read", {"query_id": qid(), "read_cap": os.urandom(100), "message_box_index": idx},
                      "encrypt_read_reply", label="error-encrypt_read-wrong-length-read_cap", timeout=30)
        cap.note("wrong-length read_cap -> reply error_code=%r (connection kept)" % r.get("error_code"))
    except EOFError as e:
        cap.note("wrong-length read_cap -> connection dropped by daemon, no reply (%s)" % e)
    except (socket.timeout, ConnectionResetError) as e:
        cap.note("wrong-length read_cap -> %r" % e)
    c.close()


def wait_broadcast(c, cap):
    cap.note("waiting (up to 150 s) for the next epoch's new_pki_document_event broadcast")
    c.s.settimeout(150)
    try:
        while True:
            vname, val, _ = c.read_frame("broadcast")
            if vname == "new_pki_document_event":
                doc = cbor2.loads(val["payload"])
                cap.note("broadcast document epoch %r, %d bytes, float widths %s" % (
                    doc.get("Epoch"), len(val["payload"]), float_widths(val["payload"])))
                r = c.request("get_pki_document", {"query_id": qid(), "epoch": 0}, "get_pki_document_reply",
                              label="get_pki_document-after-broadcast")
                cert = cbor2.loads(r["payload"])["Certified"]
                cap.note("broadcast payload == Certified bytes of get_pki_document(0): %r" % (cert == val["payload"]))
                return
    except socket.timeout:
        cap.note("no broadcast within 150 s")


def float_widths(b):
    """Count CBOR floats by encoded width (half/single/double) in a CBOR item."""
    counts = {"half": 0, "single": 0, "double": 0}

    def arg(i):
        ai = b[i] & 0x1F
        if ai < 24:
            return ai, i + 1
        n = {24: 1, 25: 2, 26: 4, 27: 8}[ai]
        return int.from_bytes(b[i + 1:i + 1 + n], "big"), i + 1 + n

    def item(i):
        mt = b[i] >> 5
        ai = b[i] & 0x1F
        if mt == 7:
            w = {25: "half", 26: "single", 27: "double"}.get(ai)
            if w:
                counts[w] += 1
            return i + 1 + {25: 2, 26: 4, 27: 8}.get(ai, 1 if ai == 24 else 0)
        v, j = arg(i)
        if mt in (0, 1):
            return j
        if mt in (2, 3):
            return j + v
        if mt == 4:
            for _ in range(v):
                j = item(j)
            return j
        if mt == 5:
            for _ in range(2 * v):
                j = item(j)
            return j
        if mt == 6:
            return item(j)
        raise ValueError("bad CBOR")

    item(0)
    return counts


def resume(cap, addr):
    cap.note("connection 3+4: drop without thin_close, reconnect with the same token")
    token = os.urandom(16)
    c = Conn(cap, addr, timeout=60)
    c.read_frame("handshake 1")
    c.read_frame("handshake 2")
    c.request("session_token", {"client_instance_token": token}, "session_token_reply", label="resume-first")
    c.close()
    time.sleep(1)
    c = Conn(cap, addr, timeout=60)
    c.read_frame("handshake 1 (reconnect)")
    c.read_frame("handshake 2 (reconnect)")
    r = c.request("session_token", {"client_instance_token": token}, "session_token_reply", label="resume-second")
    cap.note("reconnect with same token -> resumed=%r" % r.get("resumed"))
    c.send("thin_close", {})
    c.close()


def pigeonhole_roundtrip(c, cap, wc, rc, idx, ew):
    cap.note("pigeonhole: start_resending_encrypted_message (write)")
    t = time.monotonic()
    r = c.request("start_resending_encrypted_message", {
        "query_id": qid(), "read_cap": None, "write_cap": wc, "message_box_index": idx,
        "envelope_descriptor": ew["envelope_descriptor"], "message_ciphertext": ew["message_ciphertext"],
        "envelope_hash": ew["envelope_hash"]}, "start_resending_encrypted_message_reply",
        label="start_resending_encrypted_message-write", timeout=600)
    cap.note("write reply after %d ms error_code=%r" % ((time.monotonic() - t) * 1000, r.get("error_code")))
    er = c.request("encrypt_read", {"query_id": qid(), "read_cap": rc, "message_box_index": idx},
                   "encrypt_read_reply", label="encrypt_read-for-roundtrip")
    t = time.monotonic()
    r = c.request("start_resending_encrypted_message", {
        "query_id": qid(), "read_cap": rc, "write_cap": None, "message_box_index": idx,
        "envelope_descriptor": er["envelope_descriptor"], "message_ciphertext": er["message_ciphertext"],
        "envelope_hash": er["envelope_hash"]}, "start_resending_encrypted_message_reply",
        label="start_resending_encrypted_message-read", timeout=600)
    cap.note("read reply after %d ms error_code=%r plaintext=%r" % (
        (time.monotonic() - t) * 1000, r.get("error_code"), (r.get("plaintext") or b"")[:64]))


if __name__ == "__main__":
    main()
