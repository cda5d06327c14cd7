/**
 * Parses the protobuf text format into a plain object that `type.fromObject` accepts:
 * 64-bit integers as Long (exact), bytes as Uint8Array, enums as numbers, maps as objects
 * keyed by the key's decimal/string spelling, expanded Any re-encoded to `{type_url, value}`.
 * Follows C++ TextFormat::Parser: `:` optional before messages, `{}` or `<>`, list syntax,
 * `;`/`,` separators, duplicate singular fields and oneof conflicts are errors.
 */
import * as protobuf from 'protobufjs';
import Long from 'long';
import { closest } from '../names';
import { TextFormatError, Tokenizer, type Token } from './tokenizer';
import { fieldNames, fullName, isAny, lookupField, protoName, type Slot } from './reflect';

type Obj = Record<string, unknown>;

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses text-format `text` as `type` into a plain object for `type.fromObject`. */
export function parseTextToObject(text: string, type: protobuf.Type): Obj {
  return new Parser(text).message(type, '');
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of input';
  return t.kind === 'string' ? `"${t.text}"` : `'${t.text}'`;
}

class Parser {
  private readonly tokens: Tokenizer;
  private tok: Token;

  constructor(text: string) {
    this.tokens = new Tokenizer(text);
    this.tok = this.tokens.next();
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.tokens.next();
    return t;
  }

  private fail(reason: string, at: Token = this.tok): never {
    throw new TextFormatError(reason, at.line, at.column);
  }

  private at(symbol: string): boolean {
    return this.tok.kind === 'symbol' && this.tok.text === symbol;
  }

  private tryConsume(symbol: string): boolean {
    if (!this.at(symbol)) return false;
    this.advance();
    return true;
  }

  private expect(symbol: string, context: string): void {
    if (!this.tryConsume(symbol)) {
      this.fail(`expected '${symbol}' ${context}, got ${describe(this.tok)}`);
    }
  }

  /** Fields up to `end` ('}' or '>', or '' for end of input). */
  message(type: protobuf.Type, end: string): Obj {
    const obj: Obj = {};
    const seen = new Set<string>();
    const oneofs = new Map<string, string>();
    for (;;) {
      if (end ? this.tryConsume(end) : this.tok.kind === 'eof') return obj;
      if (this.tok.kind === 'eof') {
        this.fail(`expected '${end}' to close ${fullName(type)}, got end of input`);
      }
      if (this.at('[')) this.anyOrExtension(type, obj, seen);
      else this.field(type, obj, seen, oneofs);
      if (!this.tryConsume(';')) this.tryConsume(',');
    }
  }

  private field(
    type: protobuf.Type,
    obj: Obj,
    seen: Set<string>,
    oneofs: Map<string, string>,
  ): void {
    const nameTok = this.advance();
    if (nameTok.kind !== 'ident') {
      this.fail(`expected a field name in ${fullName(type)}, got ${describe(nameTok)}`, nameTok);
    }
    const field = lookupField(type, nameTok.text);
    if (!field) {
      const hint = closest(nameTok.text, fieldNames(type));
      this.fail(
        `message ${fullName(type)} has no field named '${nameTok.text}'` +
          (hint ? `. Did you mean '${hint}'?` : ''),
        nameTok,
      );
    }
    const name = protoName(field);
    if (!field.repeated && !field.map) {
      if (seen.has(name)) {
        this.fail(
          `non-repeated field '${name}' of ${fullName(type)} is specified more than once`,
          nameTok,
        );
      }
      seen.add(name);
    }
    const oneof = field.partOf;
    if (oneof && oneof.fieldsArray.length > 1) {
      const other = oneofs.get(oneof.name);
      if (other !== undefined && other !== name) {
        this.fail(
          `field '${name}' is specified along with field '${other}', another member of oneof '${oneof.name}' in ${fullName(type)}`,
          nameTok,
        );
      }
      oneofs.set(oneof.name, name);
    }
    const isMessage = field.map || field.resolvedType instanceof protobuf.Type;
    if (isMessage) this.tryConsume(':');
    else this.expect(':', `after field name '${name}'`);
    const read = (): void => {
      if (field instanceof protobuf.MapField) {
        const [k, v] = this.mapEntry(field);
        ((obj[field.name] ??= {}) as Obj)[k] = v;
      } else {
        const v = isMessage
          ? this.subMessage(field.resolvedType as protobuf.Type)
          : this.scalar(field);
        if (field.repeated) ((obj[field.name] ??= []) as unknown[]).push(v);
        else obj[field.name] = v;
      }
    };
    if (this.at('[')) {
      if (!field.repeated && !field.map) {
        this.fail(`field '${name}' is not repeated: [list] syntax is not allowed`);
      }
      this.advance();
      if (this.tryConsume(']')) return;
      do read();
      while (this.tryConsume(','));
      this.expect(']', `to close the list of '${name}'`);
    } else read();
  }

  private subMessage(type: protobuf.Type): Obj {
    if (this.tryConsume('{')) return this.message(type, '}');
    if (this.tryConsume('<')) return this.message(type, '>');
    return this.fail(`expected '{' or '<' to open ${fullName(type)}, got ${describe(this.tok)}`);
  }

  /** `[type.googleapis.com/pkg.Msg] { ... }` inside an Any; extensions are not supported. */
  private anyOrExtension(type: protobuf.Type, obj: Obj, seen: Set<string>): void {
    const open = this.advance();
    let url = '';
    while (!this.at(']')) {
      if (this.tok.kind === 'eof') this.fail("expected ']' to close the type URL");
      url += this.advance().text;
    }
    this.advance();
    const slash = url.lastIndexOf('/');
    if (!isAny(type)) this.fail(`extension [${url}] is not supported in ${fullName(type)}`, open);
    if (slash < 0) this.fail(`type URL prefix is missing in [${url}]`, open);
    let inner: protobuf.Type;
    try {
      inner = type.root.lookupType('.' + url.slice(slash + 1));
    } catch {
      return this.fail(`could not find type '${url}' stored in google.protobuf.Any`, open);
    }
    const [urlField, valueField] = type.fieldsArray.slice().sort((a, b) => a.id - b.id);
    if (seen.has('type_url') || seen.has('value')) {
      this.fail('non-repeated Any specified multiple times', open);
    }
    seen.add('type_url').add('value');
    this.tryConsume(':');
    const body = this.subMessage(inner);
    obj[urlField.name] = url;
    obj[valueField.name] = inner.encode(inner.fromObject(body)).finish();
  }

  /** `{ key: K value: V }`: returns the key's object-key spelling and the value. */
  private mapEntry(field: protobuf.MapField): [string, unknown] {
    const keySlot: Slot = { name: 'key', type: field.keyType, resolvedType: null };
    const valueSlot: Slot = { name: 'value', type: field.type, resolvedType: field.resolvedType };
    const close = this.tryConsume('{') ? '}' : this.tryConsume('<') ? '>' : '';
    if (!close) {
      this.fail(
        `expected '{' or '<' to open an entry of map '${protoName(field)}', got ${describe(this.tok)}`,
      );
    }
    let key: unknown;
    let value: unknown;
    while (!this.tryConsume(close)) {
      const t = this.advance();
      if (t.kind !== 'ident' || (t.text !== 'key' && t.text !== 'value')) {
        const hint = t.kind === 'ident' ? closest(t.text, ['key', 'value']) : undefined;
        this.fail(
          `map entry of '${protoName(field)}' has no field named ${describe(t)}` +
            (hint ? `. Did you mean '${hint}'?` : ''),
          t,
        );
      }
      if ((t.text === 'key' ? key : value) !== undefined) {
        this.fail(`map entry field '${t.text}' is specified more than once`, t);
      }
      if (t.text === 'key') {
        this.expect(':', "after 'key'");
        key = this.scalar(keySlot);
      } else if (valueSlot.resolvedType instanceof protobuf.Type) {
        this.tryConsume(':');
        value = this.subMessage(valueSlot.resolvedType);
      } else {
        this.expect(':', "after 'value'");
        value = this.scalar(valueSlot);
      }
      if (!this.tryConsume(';')) this.tryConsume(',');
    }
    key ??= field.keyType === 'string' ? '' : field.keyType === 'bool' ? false : 0;
    value ??= valueSlot.resolvedType instanceof protobuf.Type ? {} : defaultOf(valueSlot);
    return [String(key), value];
  }

  private scalar(slot: Slot): unknown {
    if (slot.resolvedType instanceof protobuf.Enum) return this.enumValue(slot.resolvedType, slot);
    const what = `field '${protoName(slot)}' (${slot.type})`;
    switch (slot.type) {
      case 'string':
      case 'bytes': {
        if (this.tok.kind !== 'string') {
          this.fail(`expected a string for ${what}, got ${describe(this.tok)}`);
        }
        const first = this.tok;
        const parts: Uint8Array[] = [];
        while (this.tok.kind === 'string') parts.push(this.advance().bytes as Uint8Array);
        const bytes = parts.length === 1 ? parts[0] : Uint8Array.from(Buffer.concat(parts));
        if (slot.type === 'bytes') return bytes;
        try {
          return UTF8.decode(bytes);
        } catch {
          return this.fail(`${what} is not valid UTF-8 (use bytes for binary data)`, first);
        }
      }
      case 'bool': {
        const t = this.advance();
        if (t.kind === 'ident' && ['true', 'True', 't'].includes(t.text)) return true;
        if (t.kind === 'ident' && ['false', 'False', 'f'].includes(t.text)) return false;
        if (t.kind === 'int' && (t.text === '0' || t.text === '1')) return t.text === '1';
        return this.fail(`expected true or false for ${what}, got ${describe(t)}`, t);
      }
      case 'float':
      case 'double':
        return this.float(slot.type, what);
      default:
        return this.integer(slot.type, what);
    }
  }

  private float(type: string, what: string): number {
    const neg = this.tryConsume('-');
    const t = this.advance();
    let v: number;
    if (t.kind === 'int' && !/^0[0-9xX]/.test(t.text)) v = Number(t.text);
    else if (t.kind === 'float') v = Number(t.text.replace(/[fF]$/, ''));
    else if (t.kind === 'ident' && /^(inf|infinity)$/i.test(t.text)) v = Infinity;
    else if (t.kind === 'ident' && /^nan$/i.test(t.text)) v = NaN;
    else {
      return this.fail(`expected a decimal number, inf or nan for ${what}, got ${describe(t)}`, t);
    }
    if (neg) v = -v;
    return type === 'float' ? Math.fround(v) : v;
  }

  private integer(type: string, what: string): number | Long {
    const start = this.tok;
    const neg = this.tryConsume('-');
    const t = this.advance();
    if (t.kind !== 'int') this.fail(`expected an integer for ${what}, got ${describe(t)}`, t);
    if (/^0[0-9]/.test(t.text) && !/^0[0-7]+$/.test(t.text)) {
      this.fail(`invalid octal number '${t.text}'`, t);
    }
    const abs = /^0[0-7]+$/.test(t.text) ? BigInt('0o' + t.text.slice(1)) : BigInt(t.text);
    const v = neg ? -abs : abs;
    const [min, max] = INT_RANGES[type] ?? INT_RANGES.int32;
    if (v < min || v > max) {
      this.fail(`value ${neg ? '-' : ''}${t.text} is out of range for ${what}`, start);
    }
    if (/64$/.test(type)) {
      return Long.fromString(v.toString(), type === 'uint64' || type === 'fixed64');
    }
    return Number(v);
  }

  private enumValue(e: protobuf.Enum, slot: Slot): number {
    const t = this.tok;
    if (t.kind === 'ident') {
      this.advance();
      const n = e.values[t.text];
      if (n !== undefined) return n;
      const hint = closest(t.text, Object.keys(e.values));
      return this.fail(
        `unknown value '${t.text}' of enum ${fullName(e)} for field '${protoName(slot)}'` +
          (hint ? `. Did you mean '${hint}'?` : ''),
        t,
      );
    }
    const n = this.integer('int32', `field '${protoName(slot)}' (enum ${fullName(e)})`) as number;
    const closed =
      (e as unknown as { _features?: { enum_type?: string } })._features?.enum_type === 'CLOSED';
    if (closed && e.valuesById[n] === undefined) {
      this.fail(`${n} is not a value of closed enum ${fullName(e)}`, t);
    }
    return n;
  }
}

function defaultOf(slot: Slot): unknown {
  if (slot.type === 'string') return '';
  if (slot.type === 'bytes') return new Uint8Array();
  if (slot.type === 'bool') return false;
  if (/64$/.test(slot.type)) {
    return Long.fromInt(0, slot.type === 'uint64' || slot.type === 'fixed64');
  }
  return 0;
}
