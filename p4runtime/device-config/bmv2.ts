/**
 * The p4_device_config of bmv2's simple_switch_grpc: the bmv2 JSON that p4c-bm2-ss wrote,
 * as its bytes. bmv2 parses it itself; here it is only checked to be a JSON object with the
 * keys every p4c-bm2-ss output has, so that a wrong file (a P4Info, a context.json) is
 * refused before it reaches the switch.
 */
import { DeviceConfigError, shown } from './errors';

/** Keys of every bmv2 JSON p4c-bm2-ss writes (its "program", "pipelines", "parsers"). */
const BMV2_KEYS = ['program', 'pipelines', 'parsers'];

/** The device config for bmv2: the JSON's bytes, unchanged. */
export function packBmv2(json: Uint8Array | string): Uint8Array {
  const bytes = typeof json === 'string' ? new TextEncoder().encode(json) : json;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new DeviceConfigError(
      'bmv2Json',
      shown(bytes),
      'a JSON document (p4c-bm2-ss -o main.json)',
    );
  }
  const missing = BMV2_KEYS.filter(
    (k) => typeof parsed !== 'object' || parsed === null || !(k in parsed),
  );
  if (missing.length) {
    throw new DeviceConfigError(
      'bmv2Json',
      `a JSON document without ${missing.map((k) => `"${k}"`).join(', ')}`,
      'a bmv2 JSON as p4c-bm2-ss writes it',
    );
  }
  return Uint8Array.from(bytes);
}
