/**
 * P4Runtime election ids from lease generations (docs/controller.md, Leadership and HA). The
 * generation goes in the high 64 bits, so a replica holding a newer lease always outranks one
 * holding an older lease: the switch itself refuses a replica whose lease was taken over, even
 * before that replica notices. The low 64 bits tell replicas apart (P4Runtime wants distinct
 * ids per device and role): the leader uses all ones, a backup a number derived from its id
 * (1 .. 2^32), always below the leader of the same generation.
 *
 *   leaderElectionId(7)           // 7 << 64 | 0xffff_ffff_ffff_ffff
 *   backupElectionId(7, 'ctl-a')  // 7 << 64 | (1 + fnv1a32('ctl-a'))
 */

const LOW = (1n << 64n) - 1n;

/** The election id of the holder of a lease of `generation`. */
export function leaderElectionId(generation: number): bigint {
  checkGeneration(generation);
  return (BigInt(generation) << 64n) | LOW;
}

/** The election id of a backup that knows `generation` as the switch's latest. */
export function backupElectionId(generation: number, replicaId: string): bigint {
  checkGeneration(generation);
  return (BigInt(generation) << 64n) | BigInt(1 + fnv1a32(replicaId));
}

/** The generation an election id carries. */
export function generationOf(electionId: bigint): number {
  return Number(electionId >> 64n);
}

function checkGeneration(g: number): void {
  if (!Number.isSafeInteger(g) || g < 0) {
    throw new RangeError(`generation: ${g} is invalid: expected a non-negative safe integer`);
  }
}

/** FNV-1a, 32 bits, over the UTF-16 code units of `s`: a stable small number per replica. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
