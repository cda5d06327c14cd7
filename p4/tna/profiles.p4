/*
 * profiles.p4 (TNA): what one Tofino pipe holds, chosen at compile time, and every table
 * size of every profile in this one file.
 *
 * A profile is one -D flag; it turns on feature flags, which can also be given alone and
 * compose (as fabric-tna's profiles do):
 *
 *   profile             flags it sets                    for
 *   (none) = full       -                                every feature: the names and ids
 *                                                         of the v1model program, exactly
 *   -DPROFILE_SSA_SAR   -DWITHOUT_MSLB                   SSA and ROSA SAR switches
 *   -DPROFILE_MSLB      -DWITHOUT_SSA -DWITHOUT_SAR      MSLB-F / MSLB-B switches
 *
 *   feature flag        leaves out
 *   -DWITHOUT_SSA       ssa.* (tables, actions, counters)
 *   -DWITHOUT_SAR       sar.* and the sar.round_robin register
 *   -DWITHOUT_MSLB      mslb.* (B, F, return path, encapsulation)
 *   -DWITHOUT_TIME_HOP  ssa.rule_time_hop and its two CRC32 units (wire §2)
 *   -DWITHOUT_MSLB_RETURN  mslb.b_return_v6 / _v4 (the MSLB-B return path, wire §4) and
 *                       its outer-header push
 *
 * Leaving a feature out removes its objects from the P4Info and changes no other name or id
 * (npm run p4:check checks every profile against the v1model P4Info). Sizes below are set
 * before ../include/size.p4, whose #ifndef defaults fill in the rest; any of them can still
 * be overridden with -DNAME=value. The figures are the planning targets of docs/tofino.md
 * (128-bit exact keys in SRAM, 128-bit LPM in TCAM); bf-p4c's resource report decides.
 */
#ifndef SSA_FABRIC_TNA_PROFILES_P4
#define SSA_FABRIC_TNA_PROFILES_P4

#ifdef PROFILE_SSA_SAR
#define WITHOUT_MSLB
#endif

#ifdef PROFILE_MSLB
#define WITHOUT_SSA
#define WITHOUT_SAR
#endif

// ---- sizes ------------------------------------------------------------------------------

#ifdef PROFILE_SSA_SAR
// SSA and SAR only: the SSA slice LPM and the SAR NHIB get the room MSLB had.
#ifndef SSA_RANGES_TABLE_SIZE
#define SSA_RANGES_TABLE_SIZE 2048
#endif
#ifndef SSA_SLICES_TABLE_SIZE
#define SSA_SLICES_TABLE_SIZE 16384
#endif
#ifndef SAR_SERVICES
#define SAR_SERVICES 8192
#endif
#ifndef SAR_NHIB_TABLE_SIZE
#define SAR_NHIB_TABLE_SIZE 32768
#endif
#ifndef ROUTING_V6_TABLE_SIZE
#define ROUTING_V6_TABLE_SIZE 8192
#endif
#ifndef ROUTING_V4_TABLE_SIZE
#define ROUTING_V4_TABLE_SIZE 8192
#endif
#else
#ifdef PROFILE_MSLB
// MSLB only: buckets and source entries get the room SSA and SAR had.
#ifndef MSLB_SERVICES_TABLE_SIZE
#define MSLB_SERVICES_TABLE_SIZE 2048
#endif
#ifndef MSLB_SOURCES_TABLE_SIZE
#define MSLB_SOURCES_TABLE_SIZE 2048
#endif
#ifndef MSLB_BUCKETS_TABLE_SIZE
#define MSLB_BUCKETS_TABLE_SIZE 65536
#endif
#ifndef MSLB_RETURN_TABLE_SIZE
#define MSLB_RETURN_TABLE_SIZE 4096
#endif
#ifndef ROUTING_V6_TABLE_SIZE
#define ROUTING_V6_TABLE_SIZE 8192
#endif
#ifndef ROUTING_V4_TABLE_SIZE
#define ROUTING_V4_TABLE_SIZE 8192
#endif
#else
// full: every feature in one pipe, each table smaller than on bmv2.
#ifndef ACL_TABLE_SIZE
#define ACL_TABLE_SIZE 256
#endif
#ifndef SSA_RANGES_TABLE_SIZE
#define SSA_RANGES_TABLE_SIZE 1024
#endif
#ifndef SSA_SLICES_TABLE_SIZE
#define SSA_SLICES_TABLE_SIZE 4096
#endif
#ifndef SAR_SERVICES
#define SAR_SERVICES 4096
#endif
#ifndef SAR_NHIB_TABLE_SIZE
#define SAR_NHIB_TABLE_SIZE 16384
#endif
#ifndef MSLB_B_ADDRESSES_TABLE_SIZE
#define MSLB_B_ADDRESSES_TABLE_SIZE 512
#endif
#ifndef MSLB_SERVICES_TABLE_SIZE
#define MSLB_SERVICES_TABLE_SIZE 512
#endif
#ifndef MSLB_SOURCES_TABLE_SIZE
#define MSLB_SOURCES_TABLE_SIZE 512
#endif
#ifndef MSLB_BUCKETS_TABLE_SIZE
#define MSLB_BUCKETS_TABLE_SIZE 16384
#endif
#ifndef MSLB_RETURN_TABLE_SIZE
#define MSLB_RETURN_TABLE_SIZE 512
#endif
#ifndef ROUTING_V6_TABLE_SIZE
#define ROUTING_V6_TABLE_SIZE 4096
#endif
#ifndef ROUTING_V4_TABLE_SIZE
#define ROUTING_V4_TABLE_SIZE 4096
#endif
#ifndef NEXT_HOP_TABLE_SIZE
#define NEXT_HOP_TABLE_SIZE 1024
#endif
#endif
#endif

#endif  // SSA_FABRIC_TNA_PROFILES_P4
