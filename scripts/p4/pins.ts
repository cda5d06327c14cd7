/**
 * How p4c names and numbers a pinned object, and what it refuses: `@id(n)` gets the kind's
 * 8-bit prefix (table `@id(10)` is 0x0200000a; an @id that has the right prefix is kept, a
 * wrong one fails), `@name(".a.b")` is the absolute name `a.b`, and no two objects of a kind
 * share an id or a name.
 */
import { Annotation, annotation, stringArg, integerArg } from './cursor';
import * as M from './model';
import { Loc, P4SourceError } from './source';

/** The P4Info id and name of an object pinned with `@id(n) @name(".a.b")`. */
export function pinned(
  annotations: readonly Annotation[],
  kind: M.PrefixedKind,
  what: string,
  loc: Loc,
) {
  const idAnn = annotation(annotations, 'id');
  const nameAnn = annotation(annotations, 'name');
  if (!idAnn || !nameAnn)
    throw new P4SourceError(loc, `${what} needs @id and @name (every P4Info object is pinned)`);
  const name = stringArg(nameAnn);
  if (!name.startsWith('.') || name.length < 2) {
    throw new P4SourceError(
      nameAnn.loc,
      `${what}: @name("${name}") is relative; the P4Info reader only knows absolute names such as @name(".feature.${name}")`,
    );
  }
  return { id: prefixed(integerArg(idAnn), kind, idAnn.loc), name: name.slice(1) };
}

/** The id p4c writes: the @id with the kind's 8-bit prefix (an @id that has it is kept). */
export function prefixed(raw: number, kind: M.PrefixedKind, loc: Loc): number {
  const prefix = M.ID_PREFIX[kind];
  if (raw === 0) throw new P4SourceError(loc, `@id(0) of a ${kind}: ids start at 1`);
  if (raw <= 0xffffff) return prefix * 2 ** 24 + raw;
  if (Math.floor(raw / 2 ** 24) === prefix) return raw;
  throw new P4SourceError(
    loc,
    `@id(${M.hexId(raw)}) of a ${kind} has the wrong 8-bit prefix (${kind} ids start with 0x${prefix.toString(16).padStart(2, '0')})`,
  );
}

/** Fails if two keys of one table share an id or a name. */
export function uniqueFields(fields: readonly M.FieldModel[], owner: string, loc: Loc): void {
  for (const key of ['id', 'name'] as const) {
    const seen = new Set<number | string>();
    for (const f of fields) {
      if (seen.has(f[key]))
        throw new P4SourceError(loc, `${owner} has two keys with ${key} ${f[key]}`);
      seen.add(f[key]);
    }
  }
}

/** p4c refuses two objects of one kind with the same id or name; so does the reader. */
export function unique(program: M.ProgramModel): void {
  const kinds: [string, readonly M.ObjectModel[]][] = [
    ['table', program.tables],
    ['action', program.actions],
    ['counter', program.counters],
    ['direct counter', program.directCounters],
    ['register', program.registers],
    ['controller header', program.controllerHeaders],
  ];
  for (const [kind, list] of kinds) {
    for (const key of ['id', 'name'] as const) {
      const seen = new Map<number | string, M.ObjectModel>();
      for (const o of list) {
        const before = seen.get(o[key]);
        if (before) {
          const value = key === 'id' ? M.hexId(o.id) : `'${o.name}'`;
          throw new P4SourceError(
            parseWhere(o.where),
            `${kind} ${o.name} has the ${key} ${value} of ${kind} ${before.name} (${before.where})`,
          );
        }
        seen.set(o[key], o);
      }
    }
  }
}

/** The Loc of a "file:line" string. */
function parseWhere(w: string | undefined): Loc {
  const m = /^(.*):(\d+)$/.exec(w ?? '');
  return m ? { file: m[1], line: Number(m[2]) } : { file: w ?? '?', line: 0 };
}
