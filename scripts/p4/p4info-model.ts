/**
 * The committed P4Info in the comparison's shape (model.ts), read through the repo's own
 * P4Schema. Ids that refer to other objects (action refs, default actions, direct resources,
 * a direct counter's table) become names; an id that resolves to nothing stays visible as
 * `#<id>` so the comparison reports it.
 */
import { P4Schema } from '../../p4runtime/schema';
import * as M from './model';

/** The P4Info objects of `schema`, in P4Info order. */
export function p4infoModel(schema: P4Schema): M.ProgramModel {
  const info = schema.p4info;
  const nameOf = (id: number, ...kinds: { findId(id: number): { name: string } | undefined }[]) => {
    for (const k of kinds) {
      const hit = k.findId(id);
      if (hit) return hit.name;
    }
    return `#${M.hexId(id)}`;
  };
  const tables: M.TableModel[] = schema.tables.all().map((t) => {
    const initial = info.tables.find((raw) => raw.preamble?.id === t.id)?.initial_default_action;
    return {
      id: t.id,
      name: t.name,
      keys: t.fields.list.map((f) => ({
        id: f.id,
        name: f.name,
        bitwidth: f.bitwidth,
        matchKind: f.kind ?? (f.otherMatchType || 'unspecified'),
      })),
      actionRefs: t.actionRefs.map((r) => ({
        action: nameOf(r.id, schema.actions),
        scope: r.scope,
      })),
      constDefaultAction: t.constDefaultActionId
        ? nameOf(t.constDefaultActionId, schema.actions)
        : undefined,
      initialDefaultAction: initial?.action_id
        ? nameOf(initial.action_id, schema.actions)
        : undefined,
      initialDefaultArgs: initial?.arguments?.length ?? 0,
      directResources: t.directResourceIds.map((id) =>
        nameOf(id, schema.directCounters, schema.directMeters),
      ),
      size: t.size,
      implementation: t.implementationId
        ? nameOf(t.implementationId, schema.actionProfiles)
        : undefined,
      idleTimeout: t.idleTimeout,
      isConstTable: t.isConstTable,
    };
  });
  const others = [
    ...schema.actionProfiles.all().map((o) => ({ kind: 'action profile', name: o.name })),
    ...schema.meters.all().map((o) => ({ kind: 'meter', name: o.name })),
    ...schema.directMeters.all().map((o) => ({ kind: 'direct meter', name: o.name })),
    ...schema.valueSets.all().map((o) => ({ kind: 'value set', name: o.name })),
    ...schema.digests.all().map((o) => ({ kind: 'digest', name: o.name })),
    ...(info.externs ?? []).flatMap((e) =>
      (e.instances ?? []).map((x) => ({
        kind: `extern ${e.extern_type_name ?? ''}`.trim(),
        name: x.preamble?.name ?? '?',
      })),
    ),
  ];
  return {
    arch: info.pkg_info?.arch ?? '',
    tables,
    actions: schema.actions.all().map((a) => ({
      id: a.id,
      name: a.name,
      params: a.params.list.map((p) => ({ id: p.id, name: p.name, bitwidth: p.bitwidth })),
    })),
    counters: schema.counters.all().map((c) => ({
      id: c.id,
      name: c.name,
      unit: c.unit,
      size: c.size,
    })),
    directCounters: schema.directCounters.all().map((c) => ({
      id: c.id,
      name: c.name,
      unit: c.unit,
      table: nameOf(c.directTableId, schema.tables),
    })),
    registers: schema.registers.all().map((r) => ({
      id: r.id,
      name: r.name,
      size: r.size,
      bitwidth: r.bitwidth,
    })),
    controllerHeaders: schema.packetMetadata.all().map((h) => ({
      id: h.id,
      name: h.name,
      fields: h.metadata.list.map((f) => ({
        id: f.id,
        name: f.name,
        bitwidth: f.bitwidth,
        padding: f.padding,
      })),
    })),
    others,
  };
}
