#!/usr/bin/env python3
"""Builds packets with scapy from a JSON description on stdin and prints one line per case:
"<name> <hex>". Used by test/ptf/packets/scapy.test.ts to cross-check our builders.

Input: {"cases": [{"name": "udp6", "layers": [["Ether", {"dst": "...", "src": "..."}],
                                               ["IPv6", {"src": "...", "dst": "..."}],
                                               ["UDP", {"sport": 1, "dport": 2}],
                                               ["Raw", {"load": {"hex": "6869"}}]]}]}
Fields left out are filled by scapy (lengths, protocol numbers, checksums). A value
{"hex": "..."} is bytes; a list of [layer, fields] pairs is a list of layers (e.g. the
options of IPv6ExtHdrDestOpt); any other list becomes a tuple (TCP options like ["MSS", 1460]).
"""
import json
import sys

from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.inet6 import (HBHOptUnknown, ICMPv6EchoReply, ICMPv6EchoRequest,
                                ICMPv6PacketTooBig, IPv6, IPv6ExtHdrDestOpt)
from scapy.layers.l2 import Ether
from scapy.packet import Raw

LAYERS = {cls.__name__: cls for cls in (
    Ether, IP, IPv6, IPv6ExtHdrDestOpt, HBHOptUnknown, TCP, UDP, ICMP,
    ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6PacketTooBig, Raw)}


def value(v):
    if isinstance(v, dict) and set(v) == {"hex"}:
        return bytes.fromhex(v["hex"])
    if isinstance(v, list) and v and all(isinstance(x, list) and x and x[0] in LAYERS for x in v):
        return [layer(x) for x in v]
    if isinstance(v, list):
        return tuple(value(x) for x in v)
    return v


def layer(desc):
    name, fields = desc
    return LAYERS[name](**{k: value(v) for k, v in fields.items()})


def build(layers):
    pkt = layer(layers[0])
    for desc in layers[1:]:
        pkt = pkt / layer(desc)
    return bytes(pkt)


def main():
    for case in json.load(sys.stdin)["cases"]:
        print(case["name"], build(case["layers"]).hex())


if __name__ == "__main__":
    main()
