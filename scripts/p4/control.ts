/**
 * Reads one control: its parameters, local variables, instances of other controls, actions,
 * tables, counters, direct counters and registers, as written: v1model's `counter`,
 * `direct_counter` and `register`, and TNA's `Counter`, `DirectCounter` and `Register`. TNA
 * externs that put nothing in the P4Info (`RegisterAction`, `Hash`, `Random`, `Checksum`)
 * are read and passed over; they may carry no annotation. Names between objects stay
 * local here (a table lists `permit`); reader.ts turns them into P4Info names.
 */
import { Annotation, Cursor, annotation, integerArg, onlyAnnotations, stringArg } from './cursor';
import { Loc, P4SourceError, Token, where } from './source';
import { P4Type, TypeTable, widthOf } from './types';
import type { CounterUnit } from '../../p4runtime/schema';
import type { FieldModel, KeyModel, Scope } from './model';

/** A parameter of a control, parser or action. */
export interface Param {
  readonly direction?: 'in' | 'out' | 'inout';
  readonly type: P4Type;
  readonly name: string;
  readonly loc: Loc;
}

export interface ActionDecl {
  readonly local: string;
  readonly annotations: readonly Annotation[];
  readonly params: readonly Param[];
  readonly loc: Loc;
}

export interface TableDecl {
  readonly local: string;
  readonly annotations: readonly Annotation[];
  readonly keys: readonly KeyModel[];
  readonly actions: readonly { readonly local: string; readonly scope: Scope; readonly loc: Loc }[];
  readonly defaultAction?: { readonly local: string; readonly isConst: boolean; readonly loc: Loc };
  readonly counters?: { readonly local: string; readonly loc: Loc };
  readonly size: number;
  readonly loc: Loc;
}

/** An extern instance: counter, direct_counter or register. */
export interface ExternDecl {
  readonly kind: 'counter' | 'direct counter' | 'register';
  readonly local: string;
  readonly annotations: readonly Annotation[];
  readonly unit?: CounterUnit;
  readonly size?: number;
  readonly bitwidth?: number;
  readonly loc: Loc;
}

export interface ControlDecl {
  readonly name: string;
  readonly loc: Loc;
  readonly instances: readonly {
    readonly type: string;
    readonly name: string;
    readonly loc: Loc;
  }[];
  readonly actions: readonly ActionDecl[];
  readonly tables: readonly TableDecl[];
  readonly externs: readonly ExternDecl[];
  /** Names called as `name(...)` in the apply block: p4c lists such actions in the P4Info. */
  readonly applyCalls: ReadonlySet<string>;
}

const UNITS: Record<string, CounterUnit> = {
  packets_and_bytes: 'both',
  packets: 'packets',
  bytes: 'bytes',
};
/** TNA's counter types (tofino1_base.p4, CounterType_t). */
const TNA_UNITS: Record<string, CounterUnit> = {
  PACKETS_AND_BYTES: 'both',
  PACKETS: 'packets',
  BYTES: 'bytes',
};
/** TNA externs that are P4Info objects, and those that are not. */
const TNA_PINNED_EXTERNS = ['Counter', 'DirectCounter', 'Register'];
const TNA_UNPINNED_EXTERNS = ['RegisterAction', 'Hash', 'Random', 'Checksum'];
const MATCH_KINDS = ['exact', 'lpm', 'ternary', 'range', 'optional'];
const TABLE_PROPERTIES = ['key', 'actions', 'default_action', 'counters', 'size'];

/** Reads `control Name(params) { ... }` after the word `control`. */
export function readControl(c: Cursor, types: TypeTable, blocks: ReadonlySet<string>): ControlDecl {
  const nameToken = c.name('a control');
  const name = nameToken.text;
  const reading = `control ${name}`;
  const scope = new Map<string, P4Type>();
  for (const p of readParams(c, types, reading)) scope.set(p.name, p.type);
  c.expect('{', reading);
  const control = {
    name,
    loc: nameToken.loc,
    instances: [] as ControlDecl['instances'][number][],
    actions: [] as ActionDecl[],
    tables: [] as TableDecl[],
    externs: [] as ExternDecl[],
    applyCalls: new Set<string>(),
  };
  while (!c.at('apply')) {
    const annotations = c.annotations();
    const t = c.peek();
    if (t?.text === 'action') {
      c.next();
      control.actions.push(readAction(c, types, annotations, reading));
    } else if (t?.text === 'table') {
      c.next();
      control.tables.push(readTable(c, types, scope, annotations, reading));
    } else if (t?.text === 'counter' || t?.text === 'direct_counter' || t?.text === 'register') {
      control.externs.push(readExtern(c, types, annotations, reading));
    } else if (
      t &&
      [...TNA_PINNED_EXTERNS, ...TNA_UNPINNED_EXTERNS].includes(t.text) &&
      (c.at('<', 1) || c.at('(', 1))
    ) {
      const extern = readTnaExtern(c, types, annotations, reading);
      if (extern) control.externs.push(extern);
    } else if (t?.text === 'const') {
      onlyAnnotations(annotations, [], 'a constant');
      c.untilSemicolon(`a constant of ${reading}`);
    } else if (t?.kind === 'id' && c.at('(', 1)) {
      onlyAnnotations(annotations, [], 'an instance');
      if (!blocks.has(t.text)) {
        throw c.error(
          `'${t.text}(...)' in ${reading}: the P4Info reader knows the externs counter, direct_counter, register (v1model), ${[...TNA_PINNED_EXTERNS, ...TNA_UNPINNED_EXTERNS].join(', ')} (TNA), and declared controls`,
        );
      }
      c.next();
      if (c.block(`the instance of ${t.text}`).length)
        throw c.error(`${t.text}: constructor arguments are not supported`);
      control.instances.push({
        type: t.text,
        name: c.name(`the instance of ${t.text}`).text,
        loc: t.loc,
      });
      c.expect(';', `the instance of ${t.text}`);
    } else {
      onlyAnnotations(annotations, [], 'a local variable');
      const type = types.readType(c, reading);
      const local = c.name(`a local variable of ${reading}`);
      if (scope.has(local.text))
        throw new P4SourceError(local.loc, `${reading}: '${local.text}' is declared twice`);
      scope.set(local.text, type);
      if (!c.accept(';')) {
        c.expect('=', `local variable ${local.text}`);
        c.untilSemicolon(`local variable ${local.text}`);
      }
    }
  }
  c.next();
  const body = c.block(`the apply block of ${reading}`);
  noAnnotationsIn(body, `the apply block of ${reading}`);
  body.forEach((t, i) => {
    if (t.kind === 'id' && body[i + 1]?.text === '(' && body[i - 1]?.text !== '.') {
      control.applyCalls.add(t.text);
    }
  });
  c.expect('}', reading);
  return control;
}

/** Reads `(dir type name, ...)`. Directions are kept; default values are not supported. */
export function readParams(c: Cursor, types: TypeTable, reading: string): Param[] {
  c.expect('(', reading);
  const params: Param[] = [];
  while (!c.accept(')')) {
    if (params.length) c.expect(',', `the parameters of ${reading}`);
    onlyAnnotations(c.annotations(), [], `a parameter of ${reading}`);
    const first = c.peek();
    const direction =
      first?.text === 'in' || first?.text === 'out' || first?.text === 'inout'
        ? first.text
        : undefined;
    if (direction) c.next();
    const type = types.readType(c, `the parameters of ${reading}`);
    const name = c.name(`the parameters of ${reading}`);
    params.push({ direction, type, name: name.text, loc: name.loc });
  }
  return params;
}

/** Fails if a block the reader skips holds an annotation (it could pin a P4Info object). */
export function noAnnotationsIn(tokens: readonly Token[], what: string): void {
  const at = tokens.find((t) => t.text === '@');
  if (at)
    throw new P4SourceError(
      at.loc,
      `an annotation inside ${what} is not understood by the P4Info reader`,
    );
}

function readAction(
  c: Cursor,
  types: TypeTable,
  annotations: Annotation[],
  reading: string,
): ActionDecl {
  onlyAnnotations(annotations, ['id', 'name', 'hidden'], 'an action');
  const name = c.name(`an action of ${reading}`);
  const params = readParams(c, types, `action ${name.text}`);
  noAnnotationsIn(c.block(`action ${name.text}`), `action ${name.text}`);
  return { local: name.text, annotations, params, loc: name.loc };
}

/** The key, match kind, @id and @name of each `expr : kind @id(n) @name("x");`. */
function readKeys(
  c: Cursor,
  types: TypeTable,
  scope: ReadonlyMap<string, P4Type>,
  table: string,
): KeyModel[] {
  const reading = `the key of table ${table}`;
  c.expect('=', reading);
  c.expect('{', reading);
  const keys: KeyModel[] = [];
  while (!c.accept('}')) {
    const first = c.name(reading);
    const path = [first.text];
    while (c.accept('.')) path.push(c.name(reading).text);
    if (!c.at(':')) {
      throw c.error(
        `key '${path.join('.')}...' of table ${table}: only a field or variable (a.b.c) is understood as a key`,
      );
    }
    c.next();
    const kind = c.name(reading);
    if (!MATCH_KINDS.includes(kind.text)) {
      throw new P4SourceError(
        kind.loc,
        `match kind '${kind.text}' of table ${table} is not understood (known: ${MATCH_KINDS.join(', ')})`,
      );
    }
    const annotations = c.annotations();
    c.expect(';', reading);
    const what = `key '${path.join('.')}' of table ${table}`;
    onlyAnnotations(annotations, ['id', 'name'], `a ${what}`);
    const id = annotation(annotations, 'id');
    const name = annotation(annotations, 'name');
    if (!id || !name)
      throw new P4SourceError(first.loc, `${what} needs @id and @name (every key is pinned)`);
    const root = scope.get(first.text);
    if (!root)
      throw new P4SourceError(
        first.loc,
        `${what}: '${first.text}' is not a parameter or local variable of the control`,
      );
    const type = types.resolvePath(root, path, first.loc, what);
    keys.push({
      id: integerArg(id),
      name: stringArg(name),
      bitwidth: widthOf(type, first.loc, what),
      matchKind: kind.text,
      where: where(first.loc),
    });
  }
  return keys;
}

function readTable(
  c: Cursor,
  types: TypeTable,
  scope: ReadonlyMap<string, P4Type>,
  annotations: Annotation[],
  reading: string,
): TableDecl {
  onlyAnnotations(annotations, ['id', 'name'], 'a table');
  const nameToken = c.name(`a table of ${reading}`);
  const table = nameToken.text;
  c.expect('{', `table ${table}`);
  let keys: KeyModel[] = [];
  const actions: TableDecl['actions'][number][] = [];
  let defaultAction: TableDecl['defaultAction'];
  let counters: TableDecl['counters'];
  let size: number | undefined;
  const seen = new Set<string>();
  while (!c.accept('}')) {
    const isConst = c.accept('const');
    const prop = c.name(`table ${table}`);
    if (!TABLE_PROPERTIES.includes(prop.text) || (isConst && prop.text !== 'default_action')) {
      throw new P4SourceError(
        prop.loc,
        `table property '${isConst ? 'const ' : ''}${prop.text}' of table ${table} is not understood by the P4Info reader (known: ${TABLE_PROPERTIES.join(', ')})`,
      );
    }
    if (seen.has(prop.text))
      throw new P4SourceError(prop.loc, `table ${table} sets ${prop.text} twice`);
    seen.add(prop.text);
    if (prop.text === 'key') {
      keys = readKeys(c, types, scope, table);
    } else if (prop.text === 'actions') {
      c.expect('=', `the actions of table ${table}`);
      c.expect('{', `the actions of table ${table}`);
      while (!c.accept('}')) {
        const refAnnotations = c.annotations();
        onlyAnnotations(
          refAnnotations,
          ['defaultonly', 'tableonly'],
          `an action of table ${table}`,
        );
        const action = c.name(`the actions of table ${table}`);
        if (c.at('(') && c.block(`action ${action.text}`).length) {
          throw c.error(
            `action ${action.text} of table ${table}: arguments in the action list are not supported`,
          );
        }
        c.expect(';', `the actions of table ${table}`);
        const only = (n: string) => refAnnotations.some((a) => a.name === n);
        const refScope: Scope = only('defaultonly')
          ? 'default_only'
          : only('tableonly')
            ? 'table_only'
            : 'table_and_default';
        actions.push({ local: action.text, scope: refScope, loc: action.loc });
      }
    } else if (prop.text === 'default_action') {
      c.expect('=', `the default action of table ${table}`);
      const action = c.name(`the default action of table ${table}`);
      if (c.at('(') && c.block(`the default action of table ${table}`).length) {
        throw new P4SourceError(
          action.loc,
          `default action ${action.text} of table ${table}: arguments are not compared by the P4Info reader`,
        );
      }
      c.expect(';', `the default action of table ${table}`);
      defaultAction = { local: action.text, isConst, loc: action.loc };
    } else if (prop.text === 'counters') {
      c.expect('=', `the counters of table ${table}`);
      const counter = c.name(`the counters of table ${table}`);
      c.expect(';', `the counters of table ${table}`);
      counters = { local: counter.text, loc: counter.loc };
    } else {
      c.expect('=', `the size of table ${table}`);
      size = c.integer(`the size of table ${table}`);
      c.expect(';', `the size of table ${table}`);
    }
  }
  if (size === undefined)
    throw new P4SourceError(nameToken.loc, `table ${table} has no size (p4c would pick one)`);
  if (!defaultAction) {
    throw new P4SourceError(
      nameToken.loc,
      `table ${table} has no default_action (p4c would add NoAction from core.p4)`,
    );
  }
  return {
    local: table,
    annotations,
    keys,
    actions,
    defaultAction,
    counters,
    size,
    loc: nameToken.loc,
  };
}

/** `direct_counter(CounterType.x) name;`, `counter(size, CounterType.x) name;`, `register<T>(size) name;`. */
function readExtern(
  c: Cursor,
  types: TypeTable,
  annotations: Annotation[],
  reading: string,
): ExternDecl {
  const extern = c.next();
  const what = `a ${extern.text} of ${reading}`;
  onlyAnnotations(annotations, ['id', 'name'], what);
  let bitwidth: number | undefined;
  if (extern.text === 'register') {
    c.expect('<', what);
    const type = types.readType(c, `the cell type of ${what}`);
    bitwidth = widthOf(type, extern.loc, `the cell type of ${what}`);
    c.expect('>', what);
  }
  c.expect('(', what);
  const size = extern.text === 'direct_counter' ? undefined : c.integer(`the size of ${what}`);
  let unit: CounterUnit | undefined;
  if (extern.text !== 'register') {
    if (size !== undefined) c.expect(',', what);
    c.expect('CounterType', `the counter type of ${what}`);
    c.expect('.', `the counter type of ${what}`);
    const u = c.name(`the counter type of ${what}`);
    unit = UNITS[u.text];
    if (!unit) throw new P4SourceError(u.loc, `CounterType.${u.text} is not understood`);
  }
  c.expect(')', what);
  const name = c.name(what);
  c.expect(';', `${extern.text} ${name.text}`);
  const kind =
    extern.text === 'direct_counter'
      ? 'direct counter'
      : extern.text === 'counter'
        ? 'counter'
        : 'register';
  return { kind, local: name.text, annotations, unit, size, bitwidth, loc: name.loc };
}

/** The type arguments `<T, ...>` of a TNA extern. */
function readTypeArgs(c: Cursor, types: TypeTable, what: string): P4Type[] {
  const args: P4Type[] = [];
  if (!c.accept('<')) return args;
  do {
    args.push(types.readType(c, `the type arguments of ${what}`));
  } while (c.accept(','));
  c.expect('>', `the type arguments of ${what}`);
  return args;
}

/** `CounterType_t.X` in a TNA counter's constructor. */
function tnaUnit(c: Cursor, what: string): CounterUnit {
  c.expect('CounterType_t', `the counter type of ${what}`);
  c.expect('.', `the counter type of ${what}`);
  const u = c.name(`the counter type of ${what}`);
  const unit = TNA_UNITS[u.text];
  if (!unit) throw new P4SourceError(u.loc, `CounterType_t.${u.text} is not understood`);
  return unit;
}

/**
 * A TNA extern instance: `DirectCounter<W>(CounterType_t.X) n;`, `Counter<W, I>(size,
 * CounterType_t.X) n;`, `Register<T, I>(size[, initial]) n;` (P4Info objects), or
 * `RegisterAction<T, I, U>(reg) n = { ... };`, `Hash<W>(...) n;`, `Random<W>() n;`,
 * `Checksum() n;` (none: undefined is returned, and an annotation on them fails).
 */
function readTnaExtern(
  c: Cursor,
  types: TypeTable,
  annotations: Annotation[],
  reading: string,
): ExternDecl | undefined {
  const extern = c.next();
  const what = `a ${extern.text} of ${reading}`;
  const typeArgs = readTypeArgs(c, types, what);
  if (TNA_UNPINNED_EXTERNS.includes(extern.text)) {
    onlyAnnotations(annotations, [], what);
    c.block(`the constructor of ${what}`);
    const name = c.name(what);
    if (extern.text === 'RegisterAction') {
      c.expect('=', `${extern.text} ${name.text}`);
      c.block(`${extern.text} ${name.text}`);
    }
    c.expect(';', `${extern.text} ${name.text}`);
    return undefined;
  }
  onlyAnnotations(annotations, ['id', 'name'], what);
  c.expect('(', what);
  let kind: ExternDecl['kind'];
  let size: number | undefined;
  let unit: CounterUnit | undefined;
  let bitwidth: number | undefined;
  if (extern.text === 'DirectCounter') {
    kind = 'direct counter';
    unit = tnaUnit(c, what);
  } else if (extern.text === 'Counter') {
    kind = 'counter';
    size = c.integer(`the size of ${what}`);
    c.expect(',', what);
    unit = tnaUnit(c, what);
  } else {
    kind = 'register';
    if (!typeArgs[0])
      throw new P4SourceError(extern.loc, `${what} needs its cell type, Register<T, I>`);
    bitwidth = widthOf(typeArgs[0], extern.loc, `the cell type of ${what}`);
    size = c.integer(`the size of ${what}`);
    if (c.accept(',')) {
      // The initial value does not reach the P4Info.
      while (!c.at(')')) c.next();
    }
  }
  c.expect(')', what);
  const name = c.name(what);
  c.expect(';', `${extern.text} ${name.text}`);
  return { kind, local: name.text, annotations, unit, size, bitwidth, loc: name.loc };
}

/** The action's parameters as P4Info lists them: ids 1..n in order, as p4c assigns. */
export function actionParams(action: ActionDecl): FieldModel[] {
  return action.params.map((p, i) => {
    if (p.direction) {
      throw new P4SourceError(
        p.loc,
        `action ${action.local}: directional parameter '${p.name}' is not understood in a P4Info action`,
      );
    }
    return {
      id: i + 1,
      name: p.name,
      bitwidth: widthOf(p.type, p.loc, `parameter ${p.name} of action ${action.local}`),
      where: where(p.loc),
    };
  });
}
