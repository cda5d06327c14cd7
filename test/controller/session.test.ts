/**
 * A switch session over real gRPC: after a switch restart, a pipeline push that fails is tried
 * again by the session itself, with backoff, until the switch takes it (a restarted bmv2 may
 * refuse the first one), and only then is the session ready.
 */
import * as grpc from '@grpc/grpc-js';
import { once } from 'node:events';
import {
  SessionEvent,
  SwitchSession,
  pipelineFor,
  type ReadyEvent,
} from '../../controller/switches';
import { EmbeddedSwitch } from './harness';

/** Makes the next `n` SetForwardingPipelineConfig calls fail with UNAVAILABLE, unsent. */
class FailingPushes {
  left = 0;
  readonly interceptor: grpc.Interceptor = (options, nextCall) => {
    const path = options.method_definition.path;
    if (path !== '/p4.v1.P4Runtime/SetForwardingPipelineConfig' || this.left === 0) {
      return new grpc.InterceptingCall(nextCall(options));
    }
    this.left--;
    let listener: grpc.InterceptingListener | undefined;
    return new grpc.InterceptingCall(nextCall(options), {
      // The call never reaches the switch: it fails as a switch that is not up yet would.
      start: (_metadata, l) => {
        listener = l as grpc.InterceptingListener;
      },
      sendMessage: () => undefined,
      // Answered on a later turn, as a status from the network always is.
      halfClose: () =>
        setImmediate(() =>
          listener?.onReceiveStatus({
            code: grpc.status.UNAVAILABLE,
            details: 'the switch is not ready yet (test)',
            metadata: new grpc.Metadata(),
          }),
        ),
    });
  };
}

describe('SwitchSession', () => {
  let sw: EmbeddedSwitch;
  let session: SwitchSession | undefined;
  beforeEach(async () => {
    sw = await EmbeddedSwitch.start();
  });
  afterEach(async () => {
    session?.close();
    await sw.stop();
  });

  it('pushes the pipeline again after a failed push on reconnect, and is ready once it took', async () => {
    const fail = new FailingPushes();
    session = new SwitchSession({
      name: 's1',
      address: sw.address,
      deviceId: 1n,
      electionId: 10n,
      pipeline: pipelineFor('embedded'),
      backoffInitialMs: 20,
      backoffMaxMs: 100,
      channelOptions: { interceptors: [fail.interceptor] },
    });
    const first = once(session, SessionEvent.READY);
    await session.start();
    expect((await first)[0]).toMatchObject({ reason: 'connect', pipelinePushed: true });

    const errors: Error[] = [];
    session.on(SessionEvent.ERROR, (e: Error) => errors.push(e));
    fail.left = 3;
    const ready = once(session, SessionEvent.READY);
    await sw.restart(); // a new, empty device on the same port
    const [e] = (await ready) as [ReadyEvent];
    expect(e).toMatchObject({ reason: 'reconnect', pipelinePushed: true });
    expect(errors.map((x) => x.message)).toEqual(
      Array.from({ length: 3 }, () =>
        expect.stringMatching(/UNAVAILABLE: the switch is not ready/),
      ),
    );
    expect(session.ready).toBe(true);
    expect(sw.device.control).toBeDefined(); // the restarted device runs the pipeline
  });
});
