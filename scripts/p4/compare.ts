/**
 * Compares the objects the P4 source declares with those the P4Info holds, both ways, and
 * lists every difference (not just the first): an object on one side only, or a field (id,
 * bitwidth, match kind, size, action ref, scope, ...) whose values differ. Objects and their
 * fields are paired by name first, then by id, so a rename is one difference.
 */
import * as M from './model';

/** One disagreement; `where` is the source's file:line when the source has the object. */
export interface Difference {
  readonly object: string;
  readonly field: string;
  readonly source: string;
  readonly p4info: string;
  readonly where?: string;
}

const PRESENT = 'present';
const ABSENT = 'absent';

/** A difference as one line: `file:line: table 'sar.fib': size: source 16384, P4Info 1024`. */
export function formatDifference(d: Difference): string {
  const at = d.where ? `${d.where}: ` : '';
  if (d.field === 'exists') {
    const side =
      d.source === PRESENT
        ? 'in the source, not in the P4Info'
        : 'in the P4Info, not in the source';
    return `${at}${d.object}: ${side}`;
  }
  return `${at}${d.object}: ${d.field}: source ${d.source}, P4Info ${d.p4info}`;
}

/** Every difference between the source's objects and the P4Info's. */
export function compare(source: M.ProgramModel, p4info: M.ProgramModel): Difference[] {
  const out: Difference[] = [];
  const diff = (
    object: string,
    field: string,
    s: unknown,
    p: unknown,
    where?: string,
    render: (v: unknown) => string = show,
  ) => {
    const sv = render(s);
    const pv = render(p);
    if (sv !== pv) out.push({ object, field, source: sv, p4info: pv, where });
  };
  diff('program', 'arch', source.arch, p4info.arch);

  objects('table', source.tables, p4info.tables, (s, p, label) => {
    fields(`${label} key`, s.keys, p.keys, (sk, pk, keyLabel) =>
      diff(keyLabel, 'match kind', sk.matchKind, pk.matchKind, sk.where),
    );
    const refs = new Map(p.actionRefs.map((r) => [r.action, r.scope]));
    for (const r of s.actionRefs) {
      const scope = refs.get(r.action);
      if (scope === undefined) exists(`${label} action '${r.action}'`, PRESENT, s.where);
      else diff(`${label} action '${r.action}'`, 'scope', r.scope, scope, s.where);
    }
    const listed = new Set(s.actionRefs.map((r) => r.action));
    for (const r of p.actionRefs) {
      if (!listed.has(r.action)) exists(`${label} action '${r.action}'`, ABSENT, s.where);
    }
    diff(label, 'const default action', s.constDefaultAction, p.constDefaultAction, s.where);
    diff(label, 'initial default action', s.initialDefaultAction, p.initialDefaultAction, s.where);
    diff(
      label,
      'initial default action arguments',
      s.initialDefaultArgs,
      p.initialDefaultArgs,
      s.where,
    );
    diff(
      label,
      'direct resources',
      [...s.directResources].sort(),
      [...p.directResources].sort(),
      s.where,
    );
    diff(label, 'size', s.size, p.size, s.where);
    diff(label, 'implementation', s.implementation, p.implementation, s.where);
    diff(label, 'idle timeout', s.idleTimeout, p.idleTimeout, s.where);
    diff(label, 'const entries', s.isConstTable, p.isConstTable, s.where);
  });
  objects('action', source.actions, p4info.actions, (s, p, label) =>
    fields(`${label} parameter`, s.params, p.params, () => undefined),
  );
  objects('counter', source.counters, p4info.counters, (s, p, label) => {
    diff(label, 'unit', s.unit, p.unit, s.where);
    diff(label, 'size', s.size, p.size, s.where);
  });
  objects('direct counter', source.directCounters, p4info.directCounters, (s, p, label) => {
    diff(label, 'unit', s.unit, p.unit, s.where);
    diff(label, 'table', s.table, p.table, s.where);
  });
  objects('register', source.registers, p4info.registers, (s, p, label) => {
    diff(label, 'size', s.size, p.size, s.where);
    diff(label, 'bitwidth', s.bitwidth, p.bitwidth, s.where);
  });
  objects('controller header', source.controllerHeaders, p4info.controllerHeaders, (s, p, label) =>
    fields(`${label} field`, s.fields, p.fields, (sf, pf, fieldLabel) =>
      diff(fieldLabel, 'padding', sf.padding, pf.padding, sf.where),
    ),
  );
  for (const o of p4info.others) {
    exists(`${o.kind} '${o.name}'`, ABSENT, undefined);
  }
  return out;

  /** An object (or key, parameter, action ref) that only one side has. */
  function exists(object: string, source: string, where: string | undefined): void {
    out.push({
      object,
      field: 'exists',
      source,
      p4info: source === PRESENT ? ABSENT : PRESENT,
      where,
    });
  }

  /** Pairs objects of one kind, reports the unpaired, compares id and name, then `more`. */
  function objects<T extends M.ObjectModel>(
    kind: string,
    src: readonly T[],
    info: readonly T[],
    more: (s: T, p: T, label: string) => void,
  ): void {
    const { both, onlySource, onlyP4Info } = pair(src, info);
    for (const s of onlySource) exists(`${kind} '${s.name}'`, PRESENT, s.where);
    for (const p of onlyP4Info) exists(`${kind} '${p.name}'`, ABSENT, undefined);
    for (const [s, p] of both) {
      const label = `${kind} '${s.name}'`;
      diff(label, 'name', s.name, p.name, s.where);
      diff(label, 'id', s.id, p.id, s.where, (v) => M.hexId(v as number));
      more(s, p, label);
    }
  }

  /** Pairs the fields of one object, reports the unpaired, compares id, name, bitwidth, `more`. */
  function fields<T extends M.FieldModel>(
    owner: string,
    src: readonly T[],
    info: readonly T[],
    more: (s: T, p: T, label: string) => void,
  ): void {
    const { both, onlySource, onlyP4Info } = pair(src, info);
    for (const s of onlySource) exists(`${owner} '${s.name}'`, PRESENT, s.where);
    for (const p of onlyP4Info) exists(`${owner} '${p.name}'`, ABSENT, undefined);
    for (const [s, p] of both) {
      const label = `${owner} '${s.name}'`;
      diff(label, 'name', s.name, p.name, s.where);
      diff(label, 'id', s.id, p.id, s.where);
      diff(label, 'bitwidth', s.bitwidth, p.bitwidth, s.where);
      more(s, p, label);
    }
  }
}

/** Pairs by name, then what is left by id (a renamed object keeps its id). */
export function pair<T extends { id: number; name: string }>(
  src: readonly T[],
  info: readonly T[],
) {
  const both: [T, T][] = [];
  const leftInfo = new Set(info);
  const leftSource: T[] = [];
  for (const s of src) {
    const p = info.find((x) => x.name === s.name && leftInfo.has(x));
    if (p) {
      both.push([s, p]);
      leftInfo.delete(p);
    } else {
      leftSource.push(s);
    }
  }
  const onlySource: T[] = [];
  for (const s of leftSource) {
    const p = [...leftInfo].find((x) => x.id === s.id);
    if (p) {
      both.push([s, p]);
      leftInfo.delete(p);
    } else {
      onlySource.push(s);
    }
  }
  return { both, onlySource, onlyP4Info: [...leftInfo] };
}

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}
