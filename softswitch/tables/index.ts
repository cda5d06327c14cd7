/**
 * The generic table engine of the embedded switch: P4Info-independent tables, action
 * profiles, counters, meters, registers, digests and packet replication. No protobuf here;
 * the P4Runtime server translates requests into these calls.
 *
 * Entries live in struct-of-arrays slots (match-store.ts, entry-attrs.ts) that grow by
 * doubling up to the table size; actions are interned (action-pool.ts).
 *
 * Index choice by key shape (see each file for why):
 * - all exact: open-addressing hash on the key bytes (exact-index.ts);
 * - exact* + one lpm: hash on the exact part -> Patricia trie in a typed-array node pool,
 *   entered through a jump table once it is large (lpm-index.ts, lpm-trie.ts, lpm-jump.ts);
 * - ternary / range / optional / several lpm: tuple-space search with priority-sorted
 *   chains; range bounds are checked on the chains (tuple-space.ts).
 */
export * from './action-pool';
export * from './action-profile';
export * from './action-spec';
export * from './clock';
export * from './counters';
export * from './digests';
export * from './errors';
export * from './key';
export * from './meters';
export * from './pre';
export * from './registers';
export { KeySchema, type FieldLayout, type TableShape } from './schema';
export * from './table';
export * from './types';
