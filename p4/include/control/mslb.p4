/*
 * mslb.p4: multi-stage transparent load balancing (wire §4), in three steps:
 *
 *   B       (mslb_b.p4) a packet to this switch's IP_B: dst := IP_S, or decapsulate;
 *   F       (mslb_f.p4) a packet to a service address IP_S: pick an MSLB-B by source,
 *           else by flow-hash bucket; translate or encapsulate towards it;
 *   return  (mslb_return.p4) a server reply (src = IP_S): encapsulate towards an endpoint.
 *
 * F runs after B, on the written-back or decapsulated packet, so one switch can end one
 * stage and front the next ("stages chain"). The return path applies only to packets that
 * neither B nor F took.
 *
 * Why the flow-hash default is an exact (service, bucket) table and not an action
 * selector: the controller owns the bucket -> B map, so it moves the fewest buckets when
 * the B set changes and can read the map back over P4Runtime; and every target (bmv2,
 * Tofino, the embedded switch) sends a flow to the same B, which selectors, whose member
 * choice is target-defined, do not promise.
 */
#ifndef SSA_FABRIC_MSLB_P4
#define SSA_FABRIC_MSLB_P4

#include "../header.p4"
#include "mslb_b.p4"
#include "mslb_f.p4"
#ifndef WITHOUT_MSLB_RETURN
#include "mslb_return.p4"
#endif

control Mslb(inout headers_t hdr, inout local_metadata_t meta) {
    MslbB() b;
    MslbF() f;
#ifndef WITHOUT_MSLB_RETURN
    // -DWITHOUT_MSLB_RETURN (tna/profiles.p4) leaves the return path out: two tables and
    // one more outer-header push.
    MslbReturn() return_path;
#endif

    apply {
        bool b_hit;
        bool f_hit = false;
        bool return_hit = false;
        b.apply(hdr, meta, b_hit);
        if (!meta.drop) {
            f.apply(hdr, meta, f_hit);
        }
#ifndef WITHOUT_MSLB_RETURN
        if (!b_hit && !f_hit) {
            return_path.apply(hdr, meta, return_hit);
        }
#endif
        if (b_hit || f_hit || return_hit) {
            meta.claimed = true;
        }
    }
}

#endif  // SSA_FABRIC_MSLB_P4
