/*
 * arch.p4 (v1model): the architecture-specific pieces the shared controls use.
 *
 * The shared code in ../include never names a v1model extern. It uses these macros and the
 * RoundRobin control instead; a TNA entry provides the same names with Tofino externs
 * (tna/arch.p4, docs/tofino.md). Every macro takes its data list last, so commas
 * inside `{ ... }` reach the extern unsplit.
 *
 * Hash units. CRC32 is CRC-32/ISO-HDLC (zlib's crc32), bmv2's "crc32" (wire §2). v1model's
 * hash() returns base + (h mod max): max = 2^32 keeps all 32 bits. *_HASHER(name) declares
 * the unit (nothing on v1model; a Hash<> instance on TNA).
 */
#ifndef SSA_FABRIC_V1MODEL_ARCH_P4
#define SSA_FABRIC_V1MODEL_ARCH_P4

#include <core.p4>
#include <v1model.p4>

// The CPU port must equal bmv2's --cpu-port (and the embedded switch's cpuPort).
#ifndef CPU_PORT
#define CPU_PORT 510
#endif

// Queue priority of every packet that leaves normally, and of SSA packets that a
// service demotes instead of dropping (wire §2). On bmv2 a higher priority is served
// first and a priority >= --priority-queues drops the packet, so the default keeps every
// packet in queue 0; build with -DPRIORITY_NORMAL=7 and run bmv2 with --priority-queues 8
// to make demotion felt.
#ifndef PRIORITY_NORMAL
#define PRIORITY_NORMAL 0
#endif
#define PRIORITY_LOWEST 0

#include "../include/size.p4"

#define CRC32_HASHER(name)
#define CRC32(name, result, ...) \
    hash(result, HashAlgorithm.crc32, 32w0, __VA_ARGS__, 33w0x100000000)
// CRC32 of the data modulo n, for n > 0 (bmv2 divides by n).
#define CRC32_MOD(name, result, n, ...) \
    hash(result, HashAlgorithm.crc32, 16w0, __VA_ARGS__, n)

// A uniformly random value in [lo, hi], for lo <= hi.
#define RANDOM_SOURCE(name)
#define RANDOM(name, result, lo, hi) random(result, lo, hi)

// Parser hooks of the shared FabricParser (include/parser.p4). v1model reports a failed
// check as the parser error (standard_metadata.parser_error) and verifies the IPv4 header
// checksum in its own verify-checksum stage (checksum.p4 here), so the parser needs no
// extra parameter, declaration or per-header step.
#define PARSER_VERIFY(cond, err) verify(cond, err)
#define FABRIC_PARSER_ARCH_PARAMS
#define FABRIC_PARSER_ARCH_DECLS
#define FABRIC_PARSER_ARCH_START
#define PARSER_IPV4_CHECKSUM(ip)

// Equality of two 64-bit values (SSA's source-bound-identity rule, wire §2).
#define EQ64(a, b) ((a) == (b))

// Counters count packets and bytes. Direct counters are attached with `counters = name`
// and counted in every action of their table.
#define DIRECT_COUNTER(name) direct_counter(CounterType.packets_and_bytes) name
#define DIRECT_COUNT(name) name.count()
#define INDEXED_COUNTER(name, size) counter(size, CounterType.packets_and_bytes) name
#define INDEXED_COUNT(name, index) name.count((bit<32>)(index))

// Checksums (checksum.p4): 16-bit ones' complement over the data list; the *_WITH_PAYLOAD
// form continues over the packet bytes after the last emitted header.
#define VERIFY_CSUM16(cond, field, ...) \
    verify_checksum(cond, __VA_ARGS__, field, HashAlgorithm.csum16)
#define UPDATE_CSUM16(cond, field, ...) \
    update_checksum(cond, __VA_ARGS__, field, HashAlgorithm.csum16)
#define UPDATE_CSUM16_WITH_PAYLOAD(cond, field, ...) \
    update_checksum_with_payload(cond, __VA_ARGS__, field, HashAlgorithm.csum16)

// Round-robin member slot of a SAR service (wire §1): returns the service's stored slot
// (0 if it is no longer below `members`) and stores the next one, wrapping at `members`.
// `members` must be > 0. A service index outside the register gets slot 0.
control RoundRobin(in bit<16> service, in bit<16> members, out bit<16> slot) {
    @id(1) @name(".sar.round_robin")
    register<bit<16>>(SAR_SERVICES) next_slot;

    apply {
        slot = 0;
        if ((bit<32>)service < SAR_SERVICES) {
            bit<16> current;
            next_slot.read(current, (bit<32>)service);
            if (current >= members) {
                current = 0;
            }
            bit<16> following = current + 1;
            if (following >= members) {
                following = 0;
            }
            next_slot.write((bit<32>)service, following);
            slot = current;
        }
    }
}

#endif  // SSA_FABRIC_V1MODEL_ARCH_P4
