import { checkIndex } from './bounds';
import { fail } from './errors';
import { MeterColor, type MeterConfig, type MeterUnit } from './types';

// One meter cell in a Float64Array: configuration, then RFC 2698 bucket state.
const CIR = 0; // committed rate, units per second
const CBS = 1; // committed burst, units
const PIR = 2; // peak rate, units per second
const PBS = 3; // peak burst, units
const TC = 4; // committed bucket tokens
const TP = 5; // peak bucket tokens
const LAST = 6; // time of the last refill, ns
const ON = 7; // 1 when configured
/** Doubles per meter cell. */
export const METER_CELL = 8;

/** Throws INVALID_ARGUMENT unless `cfg` is a usable trTCM configuration (PIR >= CIR). */
export function checkMeterConfig(cfg: MeterConfig, where: string): void {
  for (const k of ['cir', 'cburst', 'pir', 'pburst'] as const) {
    const v = cfg?.[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw fail('INVALID_ARGUMENT', `${where}: meter ${k} ${v} is not a non-negative number`);
    }
  }
  if (cfg.pir < cfg.cir) {
    throw fail('INVALID_ARGUMENT', `${where}: meter pir ${cfg.pir} is below cir ${cfg.cir}`);
  }
}

/** Configures cell `o` of `cells`; both buckets start full. `cfg` undefined = unconfigured. */
export function configureCell(
  cells: Float64Array,
  o: number,
  cfg: MeterConfig | undefined,
  nowNs: number,
): void {
  if (cfg === undefined) {
    cells.fill(0, o, o + METER_CELL);
    return;
  }
  cells[o + CIR] = cfg.cir;
  cells[o + CBS] = cfg.cburst;
  cells[o + PIR] = cfg.pir;
  cells[o + PBS] = cfg.pburst;
  cells[o + TC] = cfg.cburst;
  cells[o + TP] = cfg.pburst;
  cells[o + LAST] = nowNs;
  cells[o + ON] = 1;
}

/** The configuration of cell `o`, or undefined if unconfigured. */
export function cellConfig(cells: Float64Array, o: number): MeterConfig | undefined {
  if (cells[o + ON] !== 1) return undefined;
  return {
    cir: cells[o + CIR],
    cburst: cells[o + CBS],
    pir: cells[o + PIR],
    pburst: cells[o + PBS],
  };
}

/**
 * RFC 2698 two-rate three-colour marker, colour-blind: refill both buckets for the time
 * elapsed, then RED if the peak bucket lacks `amount` tokens, YELLOW if only the committed
 * one does, else GREEN. Unconfigured cells are GREEN.
 */
export function executeCell(
  cells: Float64Array,
  o: number,
  amount: number,
  nowNs: number,
): MeterColor {
  if (cells[o + ON] !== 1) return MeterColor.GREEN;
  const dt = nowNs - cells[o + LAST];
  if (dt > 0) {
    const s = dt / 1e9;
    const tc = cells[o + TC] + cells[o + CIR] * s;
    const tp = cells[o + TP] + cells[o + PIR] * s;
    cells[o + TC] = tc < cells[o + CBS] ? tc : cells[o + CBS];
    cells[o + TP] = tp < cells[o + PBS] ? tp : cells[o + PBS];
    cells[o + LAST] = nowNs;
  }
  if (cells[o + TP] < amount) return MeterColor.RED;
  cells[o + TP] -= amount;
  if (cells[o + TC] < amount) return MeterColor.YELLOW;
  cells[o + TC] -= amount;
  return MeterColor.GREEN;
}

/** An indirect meter array (P4 `meter`), metering bytes or packets per index. */
export class MeterArray {
  private readonly cells: Float64Array;

  constructor(
    readonly name: string,
    readonly size: number,
    readonly unit: MeterUnit,
  ) {
    if (!Number.isInteger(size) || size < 0) {
      throw fail('INVALID_ARGUMENT', `meter '${name}': size ${size} is not a non-negative integer`);
    }
    this.cells = new Float64Array(size * METER_CELL);
  }

  /** Sets (or with undefined, clears) the configuration at `index`; buckets start full. */
  setConfig(index: number, cfg: MeterConfig | undefined, nowNs: number): void {
    checkIndex('meter', this.name, index, this.size);
    if (cfg !== undefined) checkMeterConfig(cfg, `meter '${this.name}' index ${index}`);
    configureCell(this.cells, index * METER_CELL, cfg, nowNs);
  }

  /** The configuration at `index`, or undefined when unconfigured. */
  config(index: number): MeterConfig | undefined {
    checkIndex('meter', this.name, index, this.size);
    return cellConfig(this.cells, index * METER_CELL);
  }

  /** Colours a packet of `bytes` bytes at `index` (packets-unit meters count it as 1). */
  execute(index: number, bytes: number, nowNs: number): MeterColor {
    if (!(index >= 0 && index < this.size)) checkIndex('meter', this.name, index, this.size);
    return executeCell(this.cells, index * METER_CELL, this.unit === 'packets' ? 1 : bytes, nowNs);
  }

  /** Clears every configuration. */
  reset(): void {
    this.cells.fill(0);
  }
}
