/**
 * Which pipeline model runs a ForwardingPipelineConfig. The `p4_device_config` bytes name it:
 *   - `{"pipeline": "reflector"}` (JSON), or
 *   - a bmv2 JSON, whose `"program"` ("./reflector.p4i", "reflector.p4") names the P4 source,
 *     so the very config a controller pushes to bmv2 also works here, or
 *   - the bare name as text ("reflector").
 * Empty bytes select the device's default pipeline.
 */
import type { PipelineFactory } from './types';

/** The name a device config asks for, or undefined when it names none (empty bytes). */
export function pipelineNameOf(deviceConfig: Uint8Array): string | undefined {
  const text = Buffer.from(deviceConfig).toString('utf8').trim();
  if (text === '') return undefined;
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error('the device config looks like JSON but does not parse');
    }
    const obj = json as { pipeline?: unknown; program?: unknown };
    if (typeof obj.pipeline === 'string') return obj.pipeline;
    if (typeof obj.program === 'string') {
      // bmv2 JSON: "program": "./path/reflector.p4i" -> "reflector"
      const base = obj.program.split(/[\\/]/).pop() ?? '';
      return base.replace(/\.p4i?$/, '');
    }
    throw new Error('the device config JSON has neither a "pipeline" nor a "program" string');
  }
  if (/^[A-Za-z0-9_.-]+$/.test(text)) return text;
  throw new Error('the device config is neither JSON nor a pipeline name');
}

/**
 * The factory for a device config. Throws an Error that lists the known pipelines when the
 * name is unknown or when nothing is named and there is no default.
 */
export function selectPipeline(
  deviceConfig: Uint8Array,
  known: ReadonlyMap<string, PipelineFactory>,
  defaultName: string | undefined,
): PipelineFactory {
  const name = pipelineNameOf(deviceConfig) ?? defaultName;
  const names = [...known.keys()].map((n) => `'${n}'`).join(', ') || 'none';
  if (name === undefined) {
    throw new Error(
      `the device config names no pipeline and the device has no default; known pipelines: ${names}`,
    );
  }
  const factory =
    known.get(name) ?? [...known.values()].find((f) => f.programs?.includes(name) === true);
  if (!factory) throw new Error(`unknown pipeline '${name}'; known pipelines: ${names}`);
  return factory;
}
