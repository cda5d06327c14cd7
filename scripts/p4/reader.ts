/**
 * Reads the P4Info objects out of this program's P4 source: the top-level declarations, the
 * controls reachable from the `main` package (p4c leaves unreachable ones out), and every
 * pinned object in them, named and numbered as p4c would write them to the P4Info.
 *
 *   const { program, warnings } = readProgram('p4/v1model/main.p4');
 *   program.tables.find((t) => t.name === 'sar.fib')?.size  // 16384
 */
import {
  ActionDecl,
  ControlDecl,
  actionParams,
  noAnnotationsIn,
  readControl,
  readParams,
} from './control';
import { Cursor, annotation, integerArg, onlyAnnotations, stringArg } from './cursor';
import { pinned, prefixed, unique, uniqueFields } from './pins';
import * as M from './model';
import { PreprocessOptions, preprocess } from './preprocess';
import { Loc, P4SourceError, where } from './source';
import { Composite, TypeTable, widthOf } from './types';

export interface ReadResult {
  readonly program: M.ProgramModel;
  /** Things p4c accepts but leaves out of the P4Info (an annotated action no table uses). */
  readonly warnings: readonly string[];
  readonly files: readonly string[];
}

/** Packages the reader knows, and the architecture P4Info names for each. */
const PACKAGES: Record<string, { arch: string; include: string }> = {
  V1Switch: { arch: 'v1model', include: 'v1model.p4' },
};
/**
 * TNA: `Pipeline(IngressParser(), ..., EgressDeparser()) pipe;` then `Switch(pipe) main;`
 * (one pipeline: a program with a different pipeline per pipe is not read).
 */
const TNA_PIPELINE = 'Pipeline';
const TNA_SWITCH = 'Switch';
const TNA = { arch: 'tna', include: 'tna.p4' };

/** The P4Info objects of the program whose entry file is `entry`. */
export function readProgram(entry: string, options: PreprocessOptions = {}): ReadResult {
  const pre = preprocess(entry, options);
  const { main, controls, blocks, controllerHeaders } = readTopLevel(pre);
  if (!main)
    throw new P4SourceError(
      { file: entry, line: 1 },
      'no package instance (e.g. V1Switch(...) main; or Switch(pipe) main;)',
    );

  for (const arg of main.args) {
    if (!blocks.has(arg))
      throw new P4SourceError(
        main.loc,
        `package argument ${arg}() is not a declared parser or control`,
      );
  }
  const warnings: string[] = [];
  const reached = reachable(main.args, controls, warnings);
  const program = assemble(main.arch, reached, controllerHeaders, warnings);
  return { program, warnings, files: pre.files };
}

/**
 * Reads the declarations of a file that need not be a whole program (no package instance):
 * every construct must be one the reader understands. Returns the controls and parsers.
 */
export function readDeclarations(
  entry: string,
  options: PreprocessOptions = {},
): { blocks: readonly string[]; files: readonly string[] } {
  const pre = preprocess(entry, options);
  const { blocks } = readTopLevel(pre);
  return { blocks: [...blocks], files: pre.files };
}

/** The top-level declarations, in order, and the package instance if there is one. */
function readTopLevel(pre: ReturnType<typeof preprocess>) {
  const c = new Cursor(pre.tokens);
  const types = new TypeTable();
  const controls = new Map<string, ControlDecl>();
  const blocks = new Set<string>();
  const controllerHeaders: Composite[] = [];
  let main: { arch: string; args: string[]; loc: Loc } | undefined;
  const pipelines = new Map<string, string[]>();

  while (!c.done()) {
    const annotations = c.annotations();
    const t = c.next();
    if (t.text === 'header') {
      onlyAnnotations(annotations, ['controller_header', 'id'], 'a header');
      const header = types.readComposite(c, 'header', annotations);
      if (annotation(annotations, 'controller_header')) controllerHeaders.push(header);
      else if (annotations.length)
        throw new P4SourceError(t.loc, '@id on a header without @controller_header');
      for (const f of header.fields) {
        onlyAnnotations(
          f.annotations,
          annotation(annotations, 'controller_header') ? ['padding'] : [],
          `a field of header ${header.name}`,
        );
      }
      continue;
    }
    onlyAnnotations(annotations, [], `a top-level '${t.text}'`);
    if (t.text === 'typedef') types.readTypedef(c);
    else if (t.text === 'struct') {
      for (const f of types.readComposite(c, 'struct', []).fields)
        onlyAnnotations(f.annotations, [], 'a struct field');
    } else if (t.text === 'const') c.untilSemicolon('a constant');
    else if (t.text === 'error')
      noAnnotationsIn(c.block('the error declaration'), 'the error declaration');
    else if (t.text === 'parser') {
      const name = c.name('a parser').text;
      readParams(c, types, `parser ${name}`);
      noAnnotationsIn(c.block(`parser ${name}`), `parser ${name}`);
      blocks.add(name);
    } else if (t.text === 'control') {
      const control = readControl(c, types, blocks);
      if (blocks.has(control.name))
        throw new P4SourceError(control.loc, `'${control.name}' is declared twice`);
      controls.set(control.name, control);
      blocks.add(control.name);
    } else if (t.kind === 'id' && PACKAGES[t.text] && c.at('(')) {
      const pkg = PACKAGES[t.text];
      if (!pre.systemIncludes.includes(pkg.include))
        throw new P4SourceError(t.loc, `${t.text} needs #include <${pkg.include}>`);
      if (main) throw new P4SourceError(t.loc, 'a second package instance');
      main = { arch: pkg.arch, args: readPackageArgs(c, t.text).args, loc: t.loc };
    } else if (t.text === TNA_PIPELINE && c.at('(')) {
      if (!pre.systemIncludes.includes(TNA.include))
        throw new P4SourceError(t.loc, `${t.text} needs #include <${TNA.include}>`);
      const { args, instance } = readPackageArgs(c, t.text);
      pipelines.set(instance, args);
    } else if (t.text === TNA_SWITCH && c.at('(')) {
      if (main) throw new P4SourceError(t.loc, 'a second package instance');
      const names = c.block(`the arguments of ${t.text}`).filter((x) => x.text !== ',');
      if (names.length !== 1 || !pipelines.has(names[0].text)) {
        throw new P4SourceError(
          t.loc,
          `${t.text}(...) must name exactly one Pipeline instance declared before it (a program with one pipeline per pipe is not read)`,
        );
      }
      c.name(`the instance of ${t.text}`);
      c.expect(';', `the instance of ${t.text}`);
      main = { arch: TNA.arch, args: pipelines.get(names[0].text) ?? [], loc: t.loc };
    } else {
      throw new P4SourceError(
        t.loc,
        `top-level '${t.text}' is not understood by the P4Info reader`,
      );
    }
  }
  return { main, controls, blocks, controllerHeaders };
}

/** `V1Switch(A(), B(), ...) main;` after the package name: the block names and `main`. */
function readPackageArgs(c: Cursor, pkg: string): { args: string[]; instance: string } {
  const args: string[] = [];
  c.expect('(', pkg);
  while (!c.accept(')')) {
    if (args.length) c.expect(',', `the arguments of ${pkg}`);
    args.push(c.name(`the arguments of ${pkg}`).text);
    if (c.block(`the arguments of ${pkg}`).length)
      throw c.error('constructor arguments are not supported');
  }
  const instance = c.name(`the instance of ${pkg}`).text;
  c.expect(';', `the instance of ${pkg}`);
  return { args, instance };
}

/** Controls reachable from the package, each once; a control with objects reached twice fails. */
function reachable(
  roots: string[],
  controls: ReadonlyMap<string, ControlDecl>,
  warnings: string[],
): ControlDecl[] {
  const paths = new Map<string, number>();
  const visit = (name: string) => {
    const control = controls.get(name);
    if (!control) return; // a parser: parsers hold no P4Info objects here (checked when read)
    paths.set(name, (paths.get(name) ?? 0) + 1);
    for (const i of control.instances) visit(i.type);
  };
  roots.forEach(visit);
  const out: ControlDecl[] = [];
  for (const control of controls.values()) {
    const count = paths.get(control.name) ?? 0;
    const hasObjects =
      control.tables.length + control.externs.length > 0 || control.actions.some(pinnedAction);
    if (count === 0 && hasObjects) {
      warnings.push(
        `${where(control.loc)}: control ${control.name} is never instantiated: p4c leaves its objects out of the P4Info`,
      );
    } else if (count > 1 && hasObjects) {
      throw new P4SourceError(
        control.loc,
        `control ${control.name} declares P4Info objects and is instantiated ${count} times: their absolute @names would collide`,
      );
    }
    if (count > 0) out.push(control);
  }
  return out;
}

function pinnedAction(a: ActionDecl): boolean {
  return a.annotations.some((x) => x.name === 'id' || x.name === 'name');
}

function assemble(
  arch: string,
  controls: ControlDecl[],
  headers: Composite[],
  warnings: string[],
): M.ProgramModel {
  const tables: M.TableModel[] = [];
  const actions = new Map<string, { model: M.ActionModel; decl: ActionDecl }>();
  const counters: M.CounterModel[] = [];
  const directCounters: M.DirectCounterModel[] = [];
  const registers: M.RegisterModel[] = [];

  for (const control of controls) {
    const direct = new Map<
      string,
      { name: string; id: number; unit: M.DirectCounterModel['unit']; loc: Loc; table?: string }
    >();
    for (const e of control.externs) {
      const p = pinned(e.annotations, e.kind, `${e.kind} ${e.local}`, e.loc);
      const base = { ...p, where: where(e.loc) };
      if (e.kind === 'counter')
        counters.push({ ...base, unit: e.unit ?? 'unspecified', size: e.size ?? 0 });
      else if (e.kind === 'register')
        registers.push({ ...base, size: e.size ?? 0, bitwidth: e.bitwidth ?? 0 });
      else direct.set(e.local, { ...p, unit: e.unit ?? 'unspecified', loc: e.loc });
    }
    const byLocal = new Map(control.actions.map((a) => [a.local, a]));
    const actionName = (local: string, loc: Loc, table: string): string => {
      const decl = byLocal.get(local);
      if (!decl)
        throw new P4SourceError(
          loc,
          `table ${table} lists action '${local}', which control ${control.name} does not declare`,
        );
      if (decl.annotations.some((a) => a.name === 'hidden'))
        throw new P4SourceError(loc, `table ${table} lists @hidden action '${local}'`);
      const p = pinned(decl.annotations, 'action', `action ${local}`, decl.loc);
      const before = actions.get(p.name);
      if (before && before.decl !== decl) {
        throw new P4SourceError(
          decl.loc,
          `action ${local} has the name '${p.name}' of the action at ${before.model.where}`,
        );
      }
      actions.set(p.name, {
        model: { ...p, params: actionParams(decl), where: where(decl.loc) },
        decl,
      });
      return p.name;
    };
    for (const t of control.tables) {
      const p = pinned(t.annotations, 'table', `table ${t.local}`, t.loc);
      uniqueFields(t.keys, `table ${t.local}`, t.loc);
      const actionRefs = t.actions.map((a) => ({
        action: actionName(a.local, a.loc, t.local),
        scope: a.scope,
      }));
      const def = t.defaultAction;
      const defName = def && actionName(def.local, def.loc, t.local);
      if (def && !t.actions.some((a) => a.local === def.local)) {
        throw new P4SourceError(
          def.loc,
          `default action ${def.local} of table ${t.local} is not in its actions`,
        );
      }
      const directResources: string[] = [];
      if (t.counters) {
        const dc = direct.get(t.counters.local);
        if (!dc)
          throw new P4SourceError(
            t.counters.loc,
            `table ${t.local}: '${t.counters.local}' is not a direct_counter of control ${control.name}`,
          );
        if (dc.table)
          throw new P4SourceError(
            t.counters.loc,
            `direct counter ${t.counters.local} is attached to ${dc.table} already`,
          );
        dc.table = p.name;
        directResources.push(dc.name);
      }
      tables.push({
        ...p,
        where: where(t.loc),
        keys: t.keys,
        actionRefs,
        constDefaultAction: def?.isConst ? defName : undefined,
        initialDefaultAction: defName,
        initialDefaultArgs: 0,
        directResources,
        size: t.size,
        idleTimeout: false,
        isConstTable: false,
      });
    }
    for (const [local, dc] of direct) {
      if (!dc.table)
        throw new P4SourceError(
          dc.loc,
          `direct counter ${local} is attached to no table (counters = ${local};)`,
        );
      directCounters.push({
        id: dc.id,
        name: dc.name,
        unit: dc.unit,
        table: dc.table,
        where: where(dc.loc),
      });
    }
    // p4c wraps an action called in an apply block in a hidden table: it is in the P4Info,
    // without parameters (the call binds them) unless a table lists it too.
    const listed = new Set([...actions.values()].map((a) => a.decl));
    for (const a of control.actions) {
      if (!control.applyCalls.has(a.local) || a.annotations.some((x) => x.name === 'hidden'))
        continue;
      if (!pinnedAction(a)) {
        throw new P4SourceError(
          a.loc,
          `action ${a.local} is called in the apply block of control ${control.name}, so p4c lists it in the P4Info: pin it with @id and @name, or mark it @hidden`,
        );
      }
      if (listed.has(a)) continue;
      const directional = a.params.find((x) => x.direction);
      if (directional) {
        throw new P4SourceError(
          directional.loc,
          `action ${a.local} is called in an apply block and has directional parameter ${directional.name}: not understood by the P4Info reader`,
        );
      }
      const p = pinned(a.annotations, 'action', `action ${a.local}`, a.loc);
      const before = actions.get(p.name);
      if (before) {
        throw new P4SourceError(
          a.loc,
          `action ${a.local} has the name '${p.name}' of the action at ${before.model.where}`,
        );
      }
      actions.set(p.name, { model: { ...p, params: [], where: where(a.loc) }, decl: a });
    }
    const used = new Set([...actions.values()].map((a) => a.decl));
    for (const a of control.actions) {
      if (pinnedAction(a) && !used.has(a)) {
        warnings.push(
          `${where(a.loc)}: action ${a.local} is pinned but no table or apply block uses it: p4c leaves it out of the P4Info`,
        );
      }
    }
  }
  const program = {
    arch,
    tables,
    actions: [...actions.values()].map((a) => a.model),
    counters,
    directCounters,
    registers,
    controllerHeaders: headers.map(controllerHeader),
    others: [],
  };
  unique(program);
  return program;
}

function controllerHeader(h: Composite): M.ControllerHeaderModel {
  const ann = annotation(h.annotations, 'controller_header');
  const idAnn = annotation(h.annotations, 'id');
  if (!ann || !idAnn)
    throw new P4SourceError(
      h.loc,
      `controller header ${h.name} needs @id (every P4Info object is pinned)`,
    );
  const fields = h.fields.map((f, i) => ({
    id: i + 1,
    name: f.name,
    bitwidth: widthOf(f.type, f.loc, `field ${f.name} of header ${h.name}`),
    padding: f.annotations.some((a) => a.name === 'padding'),
    where: where(f.loc),
  }));
  return {
    id: prefixed(integerArg(idAnn), 'controller header', idAnn.loc),
    name: stringArg(ann),
    fields,
    where: where(h.loc),
  };
}
