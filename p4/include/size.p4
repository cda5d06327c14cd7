/*
 * size.p4: every table, counter and register size, in one place.
 *
 * Sized for the benchmark targets (16,384 SSA slices, 10,000 ROSA services) with headroom;
 * a profile can override any of them with -DNAME=value.
 */
#ifndef SSA_FABRIC_SIZE_P4
#define SSA_FABRIC_SIZE_P4

// acl
#ifndef ACL_TABLE_SIZE
#define ACL_TABLE_SIZE 512
#endif

// ssa (wire §2)
#ifndef SSA_SERVICES
#define SSA_SERVICES 4096              // per-service counters are indexed by service < this
#endif
#ifndef SSA_RANGES_TABLE_SIZE
#define SSA_RANGES_TABLE_SIZE 4096
#endif
#ifndef SSA_SLICES_TABLE_SIZE
#define SSA_SLICES_TABLE_SIZE 32768    // 16,384 slices plus a whole range re-sliced make-before-break
#endif

// sar (wire §1)
#ifndef SAR_ADDRESSES_TABLE_SIZE
#define SAR_ADDRESSES_TABLE_SIZE 64
#endif
#ifndef SAR_SERVICES
#define SAR_SERVICES 16384             // FIB entries; round-robin register cells
#endif
#ifndef SAR_NHIB_TABLE_SIZE
#define SAR_NHIB_TABLE_SIZE 65536      // (service, member slot) pairs
#endif

// mslb (wire §4)
#ifndef MSLB_B_ADDRESSES_TABLE_SIZE
#define MSLB_B_ADDRESSES_TABLE_SIZE 1024  // this switch's own IP_B addresses, per family
#endif
#ifndef MSLB_SERVICES_TABLE_SIZE
#define MSLB_SERVICES_TABLE_SIZE 1024  // service addresses IP_S fronted by this switch, per family
#endif
#ifndef MSLB_SOURCES_TABLE_SIZE
#define MSLB_SOURCES_TABLE_SIZE 4096   // prioritised source entries, per family
#endif
#ifndef MSLB_BUCKETS_TABLE_SIZE
#define MSLB_BUCKETS_TABLE_SIZE 16384  // (service, bucket) pairs of the flow-hash default
#endif
#ifndef MSLB_RETURN_TABLE_SIZE
#define MSLB_RETURN_TABLE_SIZE 1024    // server addresses whose replies are encapsulated, per family
#endif

// routing (wire §5)
#ifndef ROUTING_V6_TABLE_SIZE
#define ROUTING_V6_TABLE_SIZE 16384
#endif
#ifndef ROUTING_V4_TABLE_SIZE
#define ROUTING_V4_TABLE_SIZE 16384
#endif
#ifndef NEXT_HOP_TABLE_SIZE
#define NEXT_HOP_TABLE_SIZE 4096
#endif

// indexed counters
#define DROP_REASONS 64
#define PUNT_REASONS 16

#endif  // SSA_FABRIC_SIZE_P4
