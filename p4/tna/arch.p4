/*
 * arch.p4 (TNA): the architecture-specific pieces the shared controls use, with Tofino
 * externs. Same macro names and the same RoundRobin control as ../v1model/arch.p4, so every
 * file in ../include compiles unchanged under either; what differs, and why, is said next to
 * each macro. Every macro takes its data list last, so commas inside `{ ... }` reach the
 * extern unsplit.
 */
#ifndef SSA_FABRIC_TNA_ARCH_P4
#define SSA_FABRIC_TNA_ARCH_P4

#include <core.p4>
#include <tna.p4>

// The port P4Runtime PacketIn / PacketOut use: Tofino's PCIe CPU port, 320 on a 4-pipe
// Tofino (64 front-panel ports; also what tofino-model simulates by default), 192 on a
// 2-pipe one (32 ports): build with -DCPU_PORT=192 there. The controller finds it in the
// switch's topology entry, as for bmv2.
#ifndef CPU_PORT
#define CPU_PORT 320
#endif

// Queues (ig_tm_md.qid) of packets that leave normally and of SSA packets a service demotes
// (wire §2). Which queue is served first is the traffic manager's port configuration:
// the operator gives QUEUE_DEMOTED the lowest priority (docs/tofino.md).
#ifndef QUEUE_NORMAL
#define QUEUE_NORMAL 0
#endif
#ifndef QUEUE_DEMOTED
#define QUEUE_DEMOTED 1
#endif

#include "profiles.p4"
#include "../include/size.p4"

// Hash units. HashAlgorithm_t.CRC32 is the reflected CRC-32 with initial value and final
// xor 0xFFFFFFFF, i.e. zlib's crc32 and bmv2's "crc32" (wire §2): the same 32 bits for the
// same bytes, so the controller and the reference model need no Tofino case. The field list
// is hashed in order, big-endian, as on bmv2; no split of the 128-bit addresses is needed
// here because the hash input crossbar reads them as 32-bit containers.
#define CRC32_HASHER(name) Hash<bit<32>>(HashAlgorithm_t.CRC32) name;
#define CRC32(name, result, ...) result = name.get(__VA_ARGS__)
// Differs from v1model: Tofino has no modulo, so "CRC32 mod n" is the low 16 bits of the CRC
// masked with n - 1. That is the modulo when n is a power of two; for other n the slot is
// still below n (x & (n - 1) <= n - 1) but not uniform. The controller gives SAR services
// in flow-hash mode a power-of-two member count on Tofino (replicating members, as weighted
// mode does), so every target picks the same slot for the same flow.
#define CRC32_MOD(name, result, n, ...) \
    result = ((bit<16>)name.get(__VA_ARGS__)) & ((n) - 1)

// A random value in [lo, hi]. Differs from v1model for the same reason: the 16 random bits
// are masked with hi - lo, exact and uniform when hi - lo + 1 is a power of two, and
// otherwise still within [lo, hi].
#define RANDOM_SOURCE(name) Random<bit<16>>() name;
#define RANDOM(name, result, lo, hi) result = (lo) + (name.get() & ((hi) - (lo)))

// Counters count packets and bytes (64-bit cells: the P4Runtime server reads both).
// A direct counter is counted in every action of its table (TNA requires it; the shared
// controls already do it for v1model's sake).
#define DIRECT_COUNTER(name) DirectCounter<bit<64>>(CounterType_t.PACKETS_AND_BYTES) name
#define DIRECT_COUNT(name) name.count()
#define INDEXED_COUNTER(name, size) \
    Counter<bit<64>, bit<32>>(size, CounterType_t.PACKETS_AND_BYTES) name
#define INDEXED_COUNT(name, index) name.count((bit<32>)(index))

// Parser hooks of the shared FabricParser (include/parser.p4). A Tofino parser has no user
// errors (bf-p4c rejects `verify`), so a failed check is left to FabricParserChecks in the
// ingress. The IPv4 header checksum is verified by a parser Checksum unit in the state that
// extracts the header, and its result is handed out through an extra parameter.
#define PARSER_VERIFY(cond, err)
#define FABRIC_PARSER_ARCH_PARAMS , out bool ipv4_checksum_err
#define FABRIC_PARSER_ARCH_DECLS Checksum() ipv4_checksum;
#define FABRIC_PARSER_ARCH_START ipv4_checksum_err = false;
#define PARSER_IPV4_CHECKSUM(ip) \
    ipv4_checksum.add(ip); \
    ipv4_checksum_err = ipv4_checksum.verify();

// Equality of two 64-bit values. Differs from v1model: a Tofino gateway compares at most
// 32 bits of a PHV container per term, so the 64-bit comparison of SSA's identity rule
// (dst[63:0] == src[127:64], wire §2) is written as two 32-bit halves.
#define EQ64(a, b) ((a)[63:32] == (b)[63:32] && (a)[31:0] == (b)[31:0])

#ifndef WITHOUT_SAR
// Round-robin member slot of a SAR service (wire §1), the same contract as v1model's:
// returns the service's stored slot (0 if it is no longer below `members`) and stores the
// next one, wrapping at `members`. `members` must be > 0. A service index outside the
// register gets slot 0. One RegisterAction does the read-modify-write in the stateful ALU,
// comparing the cell with `members` (a PHV operand); the cell stores what v1model's does.
control RoundRobin(in bit<16> service, in bit<16> members, out bit<16> slot) {
    @id(1) @name(".sar.round_robin")
    Register<bit<16>, bit<32>>(SAR_SERVICES, 0) next_slot;

    RegisterAction<bit<16>, bit<32>, bit<16>>(next_slot) take_slot = {
        void apply(inout bit<16> cell, out bit<16> current) {
            if (cell >= members) {
                current = 0;               // a cell left from more members: restart at 0
                cell = members == 1 ? 16w0 : 16w1;
            } else if (cell + 1 >= members) {
                current = cell;            // the last slot (no overflow: cell < members)
                cell = 0;
            } else {
                current = cell;            // hand it out, store the next
                cell = cell + 1;
            }
        }
    };

    apply {
        slot = 0;
        if ((bit<32>)service < SAR_SERVICES) {
            slot = take_slot.execute((bit<32>)service);
        }
    }
}
#endif

#endif  // SSA_FABRIC_TNA_ARCH_P4
