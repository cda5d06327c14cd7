/**
 * MeterConfig messages and the engine's trTCM configuration (spec §9.5): rates and bursts are
 * non-negative; a two-rate meter takes no `eburst`; a single-rate two-colour meter needs
 * pir == cir and pburst == cburst. (Single-rate three-colour meters are refused when the
 * P4Info is loaded: the engine's marker is RFC 2698.)
 */
import { p4, type Int64 } from '../../../p4runtime/proto';
import type { MeterConfig } from '../../tables/types';
import { Code, fail } from '../status';
import { int64, nonNegative, type EntityContext } from './common';

import MeterType = p4.config.v1.MeterSpec.Type;

/** The P4Info meter type of a meter or direct meter id (TWO_RATE_THREE_COLOR when unset). */
export function meterType(ctx: EntityContext, id: number): MeterType {
  const i = ctx.schema.p4info;
  const m =
    i.meters.find((x) => x.preamble?.id === id) ??
    i.direct_meters.find((x) => x.preamble?.id === id);
  return m?.spec?.type ?? MeterType.TWO_RATE_THREE_COLOR;
}

/** A MeterConfig message as the engine's config, checked for the meter's type. */
export function meterConfigIn(cfg: p4.v1.IMeterConfig, type: MeterType, what: string): MeterConfig {
  const out = {
    cir: nonNegative(cfg.cir as Int64, `${what}: cir`),
    cburst: nonNegative(cfg.cburst as Int64, `${what}: cburst`),
    pir: nonNegative(cfg.pir as Int64, `${what}: pir`),
    pburst: nonNegative(cfg.pburst as Int64, `${what}: pburst`),
  };
  const eburst = nonNegative(cfg.eburst as Int64, `${what}: eburst`);
  if (eburst !== 0)
    fail(
      Code.INVALID_ARGUMENT,
      `${what}: eburst ${eburst} is only for single-rate three-colour meters`,
    );
  if (
    type === MeterType.SINGLE_RATE_TWO_COLOR &&
    (out.pir !== out.cir || out.pburst !== out.cburst)
  ) {
    fail(
      Code.INVALID_ARGUMENT,
      `${what}: a single-rate two-colour meter needs pir == cir and pburst == cburst`,
    );
  }
  if (out.pir < out.cir)
    fail(Code.INVALID_ARGUMENT, `${what}: pir ${out.pir} is below cir ${out.cir}`);
  return out;
}

/** The engine's config as a MeterConfig message. */
export function meterConfigOut(cfg: MeterConfig): p4.v1.IMeterConfig {
  return {
    cir: int64(cfg.cir),
    cburst: int64(cfg.cburst),
    pir: int64(cfg.pir),
    pburst: int64(cfg.pburst),
  };
}
