/**
 * P4Runtime entities: small immutable values that encode themselves against a P4Schema and
 * decode back from protobuf messages, with names resolved and values as bigints.
 */
export { P4SchemaError, P4ValueError } from './common';
export type { CounterData, Int, MeterConfig, MeterCounterData, Port } from './common';
export type { ActionCall, DecodedActionCall } from './action';
export type {
  DecodedMatchValue,
  LpmValue,
  Match,
  MatchValue,
  OptionalValue,
  RangeValue,
  TernaryValue,
  Value,
  ValueFormat,
} from './match';
export { formatMatchValue } from './match';
export { formatValue } from './values';
export type {
  DecodedTableAction,
  OneShot,
  OneShotAction,
  SelectionModeName,
  SizeSemanticsName,
  TableAction,
} from './table-action';
export { TableEntry, type TableEntrySpec } from './table-entry';
export {
  ActionProfileGroup,
  ActionProfileMember,
  type ActionProfileGroupSpec,
  type ActionProfileMemberSpec,
  type GroupMember,
} from './action-profile';
export {
  CounterEntry,
  DirectCounterEntry,
  type CounterEntrySpec,
  type DirectCounterEntrySpec,
} from './counter';
export {
  DirectMeterEntry,
  MeterEntry,
  type DirectMeterEntrySpec,
  type MeterEntrySpec,
} from './meter';
export { RegisterEntry, type RegisterEntrySpec, type RegisterValue } from './register';
export { DigestEntry, type DigestConfig, type DigestEntrySpec } from './digest';
export {
  CloneSessionEntry,
  MulticastGroupEntry,
  type CloneSessionEntrySpec,
  type MulticastGroupEntrySpec,
  type Replica,
  type ReplicaSpec,
} from './replication';
export { ValueSetEntry, type ValueSetEntrySpec } from './value-set';
export { decodeEntity, type Entity } from './entity';
export type { EncodableEntity, Update, UpdateType } from './update';
