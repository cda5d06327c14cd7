/**
 * The program's types as far as P4Info needs them: `bit<W>`, `bool`, typedefs, headers and
 * structs with their fields, so that a key such as `hdr.ipv6.dst_addr` or `meta.lkp.ip_proto`
 * gets its bitwidth. Types declared by core.p4 / v1model.p4 (which the reader does not read)
 * are opaque: naming them is fine, taking a width through them fails.
 */
import { Annotation, Cursor, describe } from './cursor';
import { Loc, P4SourceError } from './source';

export type P4Type =
  | { readonly kind: 'bits'; readonly width: number }
  | { readonly kind: 'bool' }
  | { readonly kind: 'struct' | 'header'; readonly name: string }
  | { readonly kind: 'opaque'; readonly name: string };

/** A field of a header or struct, in declaration order. */
export interface TypeField {
  readonly name: string;
  readonly type: P4Type;
  readonly annotations: readonly Annotation[];
  readonly loc: Loc;
}

export interface Composite {
  readonly kind: 'struct' | 'header';
  readonly name: string;
  readonly fields: readonly TypeField[];
  readonly annotations: readonly Annotation[];
  readonly loc: Loc;
}

/** Architecture types the reader knows by name only (declared in core.p4 / v1model.p4 / tna.p4). */
const ARCHITECTURE_TYPES = [
  'packet_in',
  'packet_out',
  'error',
  // v1model
  'standard_metadata_t',
  // TNA (tofino1_base.p4)
  'ingress_intrinsic_metadata_t',
  'ingress_intrinsic_metadata_from_parser_t',
  'ingress_intrinsic_metadata_for_deparser_t',
  'ingress_intrinsic_metadata_for_tm_t',
  'egress_intrinsic_metadata_t',
  'egress_intrinsic_metadata_from_parser_t',
  'egress_intrinsic_metadata_for_deparser_t',
  'egress_intrinsic_metadata_for_output_port_t',
];

/** The typedefs, headers and structs declared so far, and widths resolved through them. */
export class TypeTable {
  private readonly typedefs = new Map<string, P4Type>();
  private readonly composites = new Map<string, Composite>();

  /** Reads a type: `bit<W>`, `bool`, or a typedef, header, struct or architecture type name. */
  readType(c: Cursor, reading: string): P4Type {
    const t = c.name(reading);
    if (t.text === 'bit') {
      c.expect('<', `the width of a bit<W> in ${reading}`);
      const width = c.integer(`the width of a bit<W> in ${reading}`);
      c.expect('>', `the width of a bit<W> in ${reading}`);
      if (width < 1) throw c.error(`bit<${width}> has no bits`, t.loc);
      return { kind: 'bits', width };
    }
    if (t.text === 'bool') return { kind: 'bool' };
    const typedef = this.typedefs.get(t.text);
    if (typedef) return typedef;
    const composite = this.composites.get(t.text);
    if (composite) return { kind: composite.kind, name: composite.name };
    if (ARCHITECTURE_TYPES.includes(t.text)) return { kind: 'opaque', name: t.text };
    throw new P4SourceError(
      t.loc,
      `type '${t.text}' in ${reading} is not understood (known: bit<W>, bool, typedefs, headers, structs)`,
    );
  }

  /** Reads `typedef <type> name;` (after the word typedef). */
  readTypedef(c: Cursor): void {
    const type = this.readType(c, 'a typedef');
    if (type.kind !== 'bits' && type.kind !== 'bool') {
      throw c.error('the P4Info reader only knows typedefs of bit<W> and bool');
    }
    const name = c.name('a typedef');
    this.define(name.text, name.loc);
    c.expect(';', `typedef ${name.text}`);
    this.typedefs.set(name.text, type);
  }

  /** Reads `header name { ... }` or `struct name { ... }` (after the keyword). */
  readComposite(c: Cursor, kind: 'struct' | 'header', annotations: Annotation[]): Composite {
    const name = c.name(kind);
    this.define(name.text, name.loc);
    const reading = `${kind} ${name.text}`;
    c.expect('{', reading);
    const fields: TypeField[] = [];
    while (!c.accept('}')) {
      const fieldAnnotations = c.annotations();
      const loc = c.loc();
      const type = this.readType(c, reading);
      const field = c.name(reading);
      if (!c.at(';')) {
        throw c.error(
          `expected ';' after field ${field.text} of ${reading}, found ${describe(c.peek())}`,
        );
      }
      c.next();
      if (fields.some((f) => f.name === field.text)) {
        throw new P4SourceError(field.loc, `${reading} has two fields named ${field.text}`);
      }
      fields.push({ name: field.text, type, annotations: fieldAnnotations, loc });
    }
    const composite = { kind, name: name.text, fields, annotations, loc: name.loc };
    this.composites.set(name.text, composite);
    return composite;
  }

  /** The header or struct of that name. */
  composite(name: string): Composite | undefined {
    return this.composites.get(name);
  }

  /** The type at the end of `root.a.b` (root's type given), following header and struct fields. */
  resolvePath(root: P4Type, path: readonly string[], loc: Loc, what: string): P4Type {
    let type = root;
    let walked = path[0];
    for (const part of path.slice(1)) {
      if (type.kind === 'opaque') {
        throw new P4SourceError(
          loc,
          `${what}: '${walked}' is a ${type.name}, declared in the architecture, which the P4Info reader does not read`,
        );
      }
      const composite =
        type.kind === 'struct' || type.kind === 'header'
          ? this.composites.get(type.name)
          : undefined;
      const field = composite?.fields.find((f) => f.name === part);
      if (!composite || !field) {
        throw new P4SourceError(loc, `${what}: '${walked}' has no field '${part}'`);
      }
      type = field.type;
      walked += '.' + part;
    }
    return type;
  }

  private define(name: string, loc: Loc): void {
    if (this.typedefs.has(name) || this.composites.has(name)) {
      throw new P4SourceError(loc, `type '${name}' is declared twice`);
    }
  }
}

/** The bitwidth of a bit<W> (W) or bool (1, as P4Runtime encodes it); anything else fails. */
export function widthOf(type: P4Type, loc: Loc, what: string): number {
  if (type.kind === 'bits') return type.width;
  if (type.kind === 'bool') return 1;
  throw new P4SourceError(loc, `${what} is a ${type.kind} ${type.name}, not a bit<W>`);
}
