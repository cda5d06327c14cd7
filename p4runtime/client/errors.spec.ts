import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { google, p4 } from '../proto';
import {
  P4RuntimeError,
  P4RuntimeWriteError,
  codeName,
  fromServiceError,
  statusDetails,
} from './errors';

/**
 * A Write status as bmv2's simple_switch_grpc sends it: one google.rpc.Status in one trailer
 * value, its details one p4.v1.Error per update packed in an Any (spec §12.3).
 */
function writeErrorMetadata(errors: p4.v1.IError[]): Metadata {
  const status = google.rpc.Status.encode({
    code: 2,
    message: 'one or more updates failed',
    details: errors.map((e) => ({
      type_url: 'type.googleapis.com/p4.v1.Error',
      value: p4.v1.Error.encode(e).finish(),
    })),
  }).finish();
  const md = new Metadata();
  md.set('grpc-status-details-bin', Buffer.from(status));
  return md;
}

function serviceError(code: number, details: string, metadata = new Metadata()): ServiceError {
  return Object.assign(new Error(details), { code, details, metadata });
}

describe('write error details', () => {
  const md = writeErrorMetadata([
    { canonical_code: status.OK },
    { canonical_code: status.INVALID_ARGUMENT, message: 'bad field', space: '' },
    { canonical_code: status.OK },
    { canonical_code: status.ALREADY_EXISTS, message: 'dup' },
  ]);

  it('puts one p4.v1.Error per update in grpc-status-details-bin', () => {
    const st = statusDetails(md)!;
    expect(st.code).toBe(status.UNKNOWN);
    expect(st.details).toHaveLength(4);
    expect(st.details.every((d) => d.type_url === 'type.googleapis.com/p4.v1.Error')).toBe(true);
  });

  it('reports exactly the failed updates, numbered from the batch offset', () => {
    const err = fromServiceError('Write', serviceError(status.UNKNOWN, 'failed', md), 100);
    expect(err).toBeInstanceOf(P4RuntimeWriteError);
    const w = err as P4RuntimeWriteError;
    expect(w.failures).toEqual([
      { index: 101, code: 3, codeName: 'INVALID_ARGUMENT', message: 'bad field', space: '' },
      { index: 103, code: 6, codeName: 'ALREADY_EXISTS', message: 'dup', space: '' },
    ]);
    expect(w.message).toContain('#101: INVALID_ARGUMENT: bad field');
  });

  it('keeps a plain P4RuntimeError when there are no details', () => {
    const err = fromServiceError('Write', serviceError(status.PERMISSION_DENIED, 'not primary'));
    expect(err).not.toBeInstanceOf(P4RuntimeWriteError);
    expect(err).toBeInstanceOf(P4RuntimeError);
    expect(err.message).toBe('Write failed: PERMISSION_DENIED: not primary');
    expect(err.codeName).toBe('PERMISSION_DENIED');
  });

  it('joins a status sent as several trailer values (a large list), in order', () => {
    const bytes = Buffer.from(google.rpc.Status.encode(statusDetails(md)!).finish());
    const split = new Metadata();
    split.add('grpc-status-details-bin', bytes.subarray(0, 30));
    split.add('grpc-status-details-bin', bytes.subarray(30));
    const err = fromServiceError('Write', serviceError(status.UNKNOWN, 'failed', split));
    expect((err as P4RuntimeWriteError).failures.map((f) => [f.index, f.message])).toEqual([
      [1, 'bad field'],
      [3, 'dup'],
    ]);
  });

  it('names codes', () => {
    expect(codeName(5)).toBe('NOT_FOUND');
    expect(codeName(99)).toBe('CODE_99');
  });
});
