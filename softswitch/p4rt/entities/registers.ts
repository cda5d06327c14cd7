/**
 * RegisterEntry (spec §9.7): cells of bit<W> and int<W> registers as P4Data bitstrings (int<W>
 * two's complement, sign-extended). Writes are MODIFY (a register cell always exists); an unset
 * index writes every cell, as the spec allows wildcard writes; reads take 0 ids and unset
 * indices as wildcards. Registers of other types are UNIMPLEMENTED.
 */
import type { p4 } from '../../../p4runtime/proto';
import { registerCell } from '../../forwarding-state';
import { toCanonical, toCanonicalSigned, toFullWidth, toFullWidthSigned } from '../bytestrings';
import { Code, fail } from '../status';
import {
  cellsOf,
  engine,
  int64,
  onlyModify,
  type EntityContext,
  type UpdateType,
  type Undo,
} from './common';

function registerOf(ctx: EntityContext, id: number | null | undefined) {
  const info = ctx.schema.registers.findId(id ?? 0);
  if (!info) fail(Code.INVALID_ARGUMENT, `register id ${id ?? 0} is not in the P4Info`);
  const cell = registerCell(ctx.schema, info.id);
  const cells = ctx.state.registers.get(info.id);
  if (!cell || !cells)
    fail(Code.UNIMPLEMENTED, `register '${info.name}': only bit<W> and int<W> cells are supported`);
  return { info, cells, cell };
}

/** Applies one RegisterEntry update; returns how to undo it. */
export function writeRegister(ctx: EntityContext, type: UpdateType, r: p4.v1.IRegisterEntry): Undo {
  const { info, cells, cell } = registerOf(ctx, r.register_id);
  const what = `register '${info.name}'`;
  onlyModify(type, what);
  const indices = cellsOf(r.index, info.size, what);
  const data = r.data as p4.v1.P4Data | null | undefined;
  const kind = data?.data ?? (data?.bitstring ? 'bitstring' : undefined);
  if (kind !== 'bitstring') {
    fail(
      Code.INVALID_ARGUMENT,
      `${what}: data must be a P4Data bitstring of ${cell.bitwidth} bits, got ${kind ?? 'nothing'}`,
    );
  }
  const value = cell.signed
    ? toFullWidthSigned(data!.bitstring, cell.bitwidth, `${what} data`)
    : toFullWidth(data!.bitstring, cell.bitwidth, `${what} data`);
  const old = indices.map((i) => cells.read(i));
  engine(() => indices.forEach((i) => cells.write(i, value)));
  return () => indices.forEach((i, k) => cells.write(i, old[k]));
}

/** Emits the register cells a RegisterEntry read selects. */
export function readRegisters(
  ctx: EntityContext,
  r: p4.v1.IRegisterEntry,
  emit: (e: p4.v1.IEntity) => void,
): void {
  const infos = r.register_id ? [registerOf(ctx, r.register_id).info] : ctx.schema.registers.all();
  for (const info of infos) {
    const cells = ctx.state.registers.get(info.id);
    const cell = registerCell(ctx.schema, info.id);
    if (!cells || !cell) continue; // a wildcard read skips registers it cannot represent
    const indices = cellsOf(r.index, info.size, `register '${info.name}'`);
    for (const i of indices) {
      emit({
        register_entry: {
          register_id: info.id,
          index: { index: int64(i) },
          data: {
            bitstring: cell.signed
              ? toCanonicalSigned(cells.read(i), cell.bitwidth)
              : toCanonical(cells.read(i)),
          },
        },
      });
    }
  }
}
