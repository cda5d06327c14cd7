/**
 * Name resolution shared by every P4Info object kind: full name, alias, or unique dotted
 * suffix ("ipv4_lpm" finds "MyIngress.ipv4_lpm"); unknown or ambiguous names throw with a hint.
 */

/** Thrown when a name or id does not resolve; the message says what was meant where it can. */
export class P4SchemaError extends Error {
  override name = 'P4SchemaError';
}

/** Edit distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/**
 * The closest candidate to `wanted`, or undefined when nothing is reasonably close. Each dotted
 * suffix of a candidate is compared, so 'ipv4' suggests 'MyIngress.ipv4_lpm'.
 */
export function closest(wanted: string, candidates: Iterable<string>): string | undefined {
  const w = wanted.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const parts = c.toLowerCase().split('.');
    for (let i = 0; i < parts.length; i++) {
      const s = parts.slice(i).join('.');
      // Containing what was typed (or being its last part) is the likeliest meaning; then
      // closeness of spelling.
      const score = s === w ? 0 : s.includes(w) || w.endsWith('.' + s) ? 1 : 2 + editDistance(w, s);
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
  }
  const limit = 2 + Math.max(2, Math.floor(wanted.length / 3));
  return bestScore <= limit ? best : undefined;
}

/** Index of named objects: by id, full name, alias and every dotted suffix of the full name. */
export class NameIndex<T extends { id: number; name: string; alias: string }> {
  private readonly byId = new Map<number, T>();
  private readonly byName = new Map<string, T>();
  private readonly bySuffix = new Map<string, T[]>();
  /** Every name that resolves: full names, then unique aliases and suffixes (one lookup). */
  private readonly resolved = new Map<string, T>();

  constructor(
    private readonly kind: string,
    items: Iterable<T>,
  ) {
    for (const item of items) {
      if (this.byId.has(item.id)) {
        throw new P4SchemaError(`duplicate ${kind} id ${item.id} ('${item.name}')`);
      }
      this.byId.set(item.id, item);
      this.byName.set(item.name, item);
      const keys = new Set<string>([item.alias]);
      const parts = item.name.split('.');
      for (let i = 1; i < parts.length; i++) keys.add(parts.slice(i).join('.'));
      keys.delete(item.name);
      keys.delete('');
      for (const key of keys) {
        const list = this.bySuffix.get(key) ?? [];
        if (!list.includes(item)) list.push(item);
        this.bySuffix.set(key, list);
      }
    }
    for (const [key, list] of this.bySuffix) if (list.length === 1) this.resolved.set(key, list[0]);
    for (const [name, item] of this.byName) this.resolved.set(name, item); // full names win
  }

  get size(): number {
    return this.byId.size;
  }

  /** Every object, in P4Info order. */
  all(): T[] {
    return [...this.byId.values()];
  }

  /** The object with this id, or undefined. */
  findId(id: number): T | undefined {
    return this.byId.get(id);
  }

  /** The object with this full name, alias or unique suffix, or undefined (ambiguity throws). */
  findName(name: string): T | undefined {
    const hit = this.resolved.get(name);
    if (hit) return hit;
    const exact = this.byName.get(name);
    if (exact) return exact;
    const list = this.bySuffix.get(name);
    if (!list) return undefined;
    if (list.length > 1) {
      const names = list.map((i) => `'${i.name}'`).join(', ');
      throw new P4SchemaError(`${this.kind} name '${name}' is ambiguous: it could be ${names}`);
    }
    return list[0];
  }

  /** Resolve a name or numeric id; throws a P4SchemaError with a suggestion when it fails. */
  get(nameOrId: string | number): T {
    if (typeof nameOrId === 'number') {
      const item = this.byId.get(nameOrId);
      if (!item) throw new P4SchemaError(`no ${this.kind} with id ${nameOrId}`);
      return item;
    }
    const item = this.findName(nameOrId);
    if (item) return item;
    const hint = closest(nameOrId, [...this.byName.keys()]);
    throw new P4SchemaError(
      `no ${this.kind} named '${nameOrId}'` + (hint ? `. Did you mean '${hint}'?` : ''),
    );
  }
}
