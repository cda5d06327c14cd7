/**
 * The protobuf text format, driven by protobufjs reflection: parse what C++ / p4c write
 * (P4Info files, golden test messages) and print byte for byte what C++
 * `TextFormat::Printer` (with Any expansion, as p4c sets it) prints.
 *
 *   const info = parseText(fs.readFileSync('main.p4info.txt', 'utf8'), protoRoot.P4Info);
 *   printText(info, protoRoot.P4Info) === fs.readFileSync('main.p4info.txt', 'utf8');
 *
 * Roots should keep .proto field names (`keepCase`, as generated/proto.json does); with
 * camelCase roots, text still uses the .proto spelling (Field.protoName).
 */
import type * as protobuf from 'protobufjs';
import { parseTextToObject } from './parser';

export { parseTextToObject } from './parser';
export { printText } from './printer';
export { TextFormatError } from './tokenizer';
export { cEscape, formatDouble, formatFloat } from './scalars';

/**
 * Parses text-format `text` into a message instance of `type` (throws TextFormatError);
 * `T` names the generated class it matches: parseText<p4.config.v1.P4Info>(text, P4Info).
 */
export function parseText<T extends object = protobuf.Message>(
  text: string,
  type: protobuf.Type,
): T {
  return type.fromObject(parseTextToObject(text, type)) as unknown as T;
}
