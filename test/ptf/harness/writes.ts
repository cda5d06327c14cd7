/**
 * WriteLog: writes through the harness's P4RuntimeClient that are undone at the end of the
 * test, in reverse order: inserted entities are deleted, modified ones (defaults included) are
 * written back as a read before the change returned them, deleted ones are inserted again.
 *
 *   await log.insert(new TableEntry({ table: 'port_table', match: { ingress_port: 2 }, action }));
 *   await log.setDefault('port_table', { name: 'drop' });
 *   ...
 *   const problems = await log.undoAll();   // [] when everything was restored
 */
import type { P4RuntimeClient } from '../../../p4runtime/client/client';
import type { Update } from '../../../p4runtime/entities/update';
import { P4RuntimeWriteError } from '../../../p4runtime/client/errors';
import { TableEntry, type ActionCall, type Entity } from '../../../p4runtime/entities';
import { keyOf, nameOf, writableOf } from './keys';
import { readEntities } from './state';

/** One write to take back: the updates that undo it, in one request. */
interface Undo {
  what: string;
  updates: Update[];
}

const list = (e: Entity | readonly Entity[]): readonly Entity[] =>
  Array.isArray(e) ? e : [e as Entity];

/** Writes that remember how to undo themselves. */
export class WriteLog {
  private readonly undos: Undo[] = [];

  constructor(private readonly client: P4RuntimeClient) {}

  /** Number of writes waiting to be undone. */
  get size(): number {
    return this.undos.length;
  }

  /** Inserts entities (one request); each one inserted is deleted at the end. */
  async insert(entities: Entity | readonly Entity[]): Promise<void> {
    const es = list(entities);
    await this.write('insert', es, (i) => [{ type: 'delete', entity: keyOf(es[i]) }]);
  }

  /** Modifies entities (one request); each is written back at the end as it was read now. */
  async modify(entities: Entity | readonly Entity[]): Promise<void> {
    const es = list(entities);
    const before = await this.readAll(es);
    await this.write('modify', es, (i) =>
      before[i].map((old) => ({ type: 'modify' as const, entity: writableOf(old) })),
    );
  }

  /** Sets the default action of `table`; the previous default is restored at the end. */
  async setDefault(table: string, action: ActionCall): Promise<void> {
    await this.modify(new TableEntry({ table, isDefault: true, action }));
  }

  /** Deletes entities (one request); each is inserted again at the end as it was read now. */
  async delete(entities: Entity | readonly Entity[]): Promise<void> {
    const es = list(entities);
    const before = await this.readAll(es);
    await this.write('delete', es, (i) =>
      before[i].map((old) => ({ type: 'insert' as const, entity: writableOf(old) })),
    );
  }

  /**
   * Undoes every write, last first, and forgets them. Returns what could not be undone (one
   * line each); an undo that fails does not stop the others.
   */
  async undoAll(): Promise<string[]> {
    const problems: string[] = [];
    while (this.undos.length) {
      const undo = this.undos.pop()!;
      try {
        await this.client.write(undo.updates);
      } catch (e) {
        problems.push(`undo of ${undo.what}: ${(e as Error).message}`);
      }
    }
    return problems;
  }

  /** The current value of each entity (by its key), read before a change. */
  private async readAll(es: readonly Entity[]): Promise<Entity[][]> {
    const out: Entity[][] = [];
    for (const e of es) out.push(await readEntities(this.client, keyOf(e)));
    return out;
  }

  /**
   * Writes `es` with `type` in one request and records the undo of each update that took
   * effect; rethrows the client's error after recording the undo of the others.
   */
  private async write(
    type: Update['type'],
    es: readonly Entity[],
    undoOf: (i: number) => Update[],
  ): Promise<void> {
    if (es.length === 0) return;
    let failed = new Set<number>();
    let error: unknown;
    try {
      await this.client.write(es.map((entity) => ({ type, entity })));
    } catch (e) {
      error = e;
      failed = new Set(
        // Refused updates, and those a refusal kept from being sent, did not take effect.
        e instanceof P4RuntimeWriteError
          ? [...e.failures.map((f) => f.index), ...e.notSent]
          : es.keys(),
      );
    }
    const updates = es.flatMap((_e, i) => (failed.has(i) ? [] : undoOf(i)));
    if (updates.length) {
      const names = es.filter((_e, i) => !failed.has(i)).map(nameOf);
      const what = `${type} of ${names.length > 3 ? `${names.length} entities` : names.join(', ')}`;
      this.undos.push({ what, updates });
    }
    if (error) throw error;
  }
}
