#!/usr/bin/env python3
"""Frame I/O for the PTF-style suite on bmv2 (test/ptf/harness/bmv2-io.ts drives it).

    bmv2_io.py 1=veth1,2=veth3        # port=interface: the test side of each veth pair

Reads JSON lines on stdin:  {"op": "send", "id": 7, "port": 1, "hex": "ffff..."}
Writes JSON lines on stdout: {"ready": true} once every interface is open, then
{"sent": 7} after each send, {"port": 2, "hex": "..."} for every frame received,
{"error": "...", "id": 7} when a send fails. Exits when stdin closes.

Frames this process sends are not reported: the sockets drop outgoing packets
(PACKET_OUTGOING), so only what bmv2 transmits shows up. Frames are kept as raw bytes
(never dissected and rebuilt), so the bytes reported are the bytes on the wire.
"""
import json
import logging
import sys
import threading

logging.getLogger("scapy").setLevel(logging.ERROR)  # no start-up chatter on stderr

try:
    from scapy.config import conf
    from scapy.sendrecv import AsyncSniffer
except ImportError as e:
    raise SystemExit("bmv2_io: %s (install Debian's python3-scapy, or set P4_PYTHON)" % e)

_out = threading.Lock()


def emit(obj):
    with _out:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


def parse_port_map(text):
    ports = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        port, sep, iface = part.partition("=")
        if not sep or not port.isdigit() or not iface:
            raise SystemExit("bmv2_io: '%s' is not <port>=<interface>" % part)
        ports[int(port)] = iface
    return ports


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: bmv2_io.py 1=veth1,2=veth3")
    ports = parse_port_map(sys.argv[1])
    socks = {}
    for port, iface in ports.items():
        try:
            sock = conf.L2socket(iface=iface)  # L2Socket: drops PACKET_OUTGOING on receive
        except OSError as e:
            raise SystemExit("bmv2_io: cannot open '%s' (port %d): %s" % (iface, port, e))
        sock.LL = conf.raw_layer  # hand frames over undissected
        socks[port] = sock
    sniffer = AsyncSniffer(
        opened_socket={sock: port for port, sock in socks.items()},
        prn=lambda pkt: emit({"port": pkt.sniffed_on, "hex": bytes(pkt).hex()}),
        store=False,
    )
    sniffer.start()  # the sockets are bound already: nothing that arrives from now is lost
    emit({"ready": True})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            req = json.loads(line)
            rid = req.get("id")
            try:
                if req.get("op") != "send":
                    raise ValueError("unknown op %r" % req.get("op"))
                sock = socks.get(req.get("port"))
                if sock is None:
                    raise ValueError("port %r is not in the port map" % req.get("port"))
                # The raw socket, not scapy's send(), which would pad a short frame.
                sock.outs.send(bytes.fromhex(req["hex"]))
                emit({"sent": rid})
            except Exception as e:  # reported to the harness, which fails the test
                emit({"error": "%s: %s" % (type(e).__name__, e), "id": rid})
    finally:
        if sniffer.running:
            sniffer.stop()
        for sock in socks.values():
            sock.close()


if __name__ == "__main__":
    main()
