#!/usr/bin/env python3
"""Scapy side of test/controller/too-big.test.ts. Two commands, JSON on stdin, JSON on stdout:

  clients: [{"family": 6|4, "size": N}] -> client packets (hex) as a client would send them:
           UDP to the MSLB service address, N bytes of IP packet, IPv4 with DF.
  decode:  ["hex", ...] -> what scapy reads in each reply: addresses, ICMP type/code, MTU,
           and whether every checksum equals the one scapy computes itself.
"""
import json
import sys

from scapy.layers.inet import ICMP, IP, IPerror, UDP
from scapy.layers.inet6 import ICMPv6PacketTooBig, IPv6, IPerror6
from scapy.layers.l2 import Ether
from scapy.packet import Raw

CLIENT_MAC, SWITCH_MAC = "02:00:00:00:0c:01", "02:00:00:00:02:03"


def client(family, size):
    if family == 6:
        ip = IPv6(src="2001:db8:c::10", dst="2001:db8:e::80", hlim=63)
        pad = size - 40 - 8
    else:
        ip = IP(src="198.51.100.10", dst="203.0.113.80", flags="DF", ttl=63, id=7)
        pad = size - 20 - 8
    return bytes(Ether(src=CLIENT_MAC, dst=SWITCH_MAC) / ip / UDP(sport=40000, dport=80)
                 / Raw(b"x" * pad)).hex()


def recomputed(layer):
    """The checksum scapy computes for this layer when the field is left out."""
    copy = layer.__class__(bytes(layer))
    del copy.chksum
    return copy.__class__(bytes(copy)).chksum


def decode(h):
    e = Ether(bytes.fromhex(h))
    out = {"eth_src": e.src, "eth_dst": e.dst, "length": len(bytes(e))}
    if IPv6 in e:
        ip, icmp = e[IPv6], e[ICMPv6PacketTooBig]
        copy = Ether(bytes(e))
        del copy[ICMPv6PacketTooBig].cksum
        good = Ether(bytes(copy))[ICMPv6PacketTooBig].cksum
        quoted = icmp[IPerror6]
        out.update(src=ip.src, dst=ip.dst, nh=ip.nh, hlim=ip.hlim, type=icmp.type,
                   code=icmp.code, mtu=icmp.mtu, checksum_ok=icmp.cksum == good,
                   quoted_src=quoted.src, quoted_dst=quoted.dst, quoted_len=len(bytes(quoted)))
    else:
        ip, icmp = e[IP], e[ICMP]
        quoted = icmp[IPerror]
        out.update(src=ip.src, dst=ip.dst, proto=ip.proto, ttl=ip.ttl, type=icmp.type,
                   code=icmp.code, mtu=icmp.nexthopmtu,
                   checksum_ok=icmp.chksum == recomputed(icmp) and ip.chksum == recomputed(ip),
                   quoted_src=quoted.src, quoted_dst=quoted.dst, quoted_len=len(bytes(quoted)))
    return out


def main():
    cmd, data = sys.argv[1], json.load(sys.stdin)
    if cmd == "clients":
        print(json.dumps([client(c["family"], c["size"]) for c in data]))
    else:
        print(json.dumps([decode(h) for h in data]))


main()
