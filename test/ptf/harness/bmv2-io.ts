/**
 * FrameBridge: the Node side of bmv2_io.py, the scapy helper that sends and sniffs frames on
 * the Linux interfaces wired to bmv2's ports. One JSON object per line each way.
 *
 *   const bridge = await FrameBridge.start(['/usr/bin/python3'], new Map([[1, 'veth1']]), {
 *     onFrame: (port, bytes) => inbox.push({ kind: 'frame', port, bytes }),
 *     onError: (message) => inbox.pushError(message),
 *   });
 *   await bridge.send(1, frame);   // resolves once the frame is on the wire
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The helper script, next to this file. */
export const BMV2_IO_SCRIPT = join(__dirname, 'bmv2_io.py');

export interface BridgeHandlers {
  onFrame(port: number, bytes: Uint8Array): void;
  /** Anything that went wrong outside a send (the helper died, a bad line). */
  onError(message: string): void;
}

interface Line {
  ready?: boolean;
  sent?: number;
  error?: string;
  id?: number;
  port?: number;
  hex?: string;
}

/** A running bmv2_io.py process. */
export class FrameBridge {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
  private stderr = '';
  private exited = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly handlers: BridgeHandlers,
  ) {}

  /**
   * Spawns `command` (e.g. `['/usr/bin/python3']`) on bmv2_io.py with the port map and waits
   * for its ready line; rejects with the helper's stderr if it exits first or never gets ready.
   */
  static async start(
    command: readonly string[],
    portMap: ReadonlyMap<number, string>,
    handlers: BridgeHandlers,
    timeoutMs = 15_000,
  ): Promise<FrameBridge> {
    const map = [...portMap].map(([port, iface]) => `${port}=${iface}`).join(',');
    const child = spawn(command[0], [...command.slice(1), '-u', BMV2_IO_SCRIPT, map], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const bridge = new FrameBridge(child, handlers);
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`bmv2_io.py was not ready in ${timeoutMs} ms${bridge.stderrTail()}`));
      }, timeoutMs);
      bridge.onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot run '${command.join(' ')}': ${e.message} (set P4_PYTHON)`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bmv2_io.py exited with code ${code} before ready${bridge.stderrTail()}`));
      });
    });
    bridge.listen();
    try {
      await ready;
    } catch (e) {
      await bridge.close();
      throw e;
    }
    return bridge;
  }

  private onReady: () => void = () => undefined;

  /** Sends `bytes` out of the interface of `port`; resolves once the helper has sent it. */
  send(port: number, bytes: Uint8Array): Promise<void> {
    if (this.exited)
      return Promise.reject(new Error(`bmv2_io.py is not running${this.stderrTail()}`));
    const id = this.nextId++;
    const hex = Buffer.from(bytes).toString('hex');
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(JSON.stringify({ op: 'send', id, port, hex }) + '\n');
    });
  }

  /** Closes the helper's stdin (it exits), and ends it if it has not within two seconds. */
  async close(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return; // gone, or never started
    const exit = once(this.child, 'exit');
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGTERM'), 2000);
    await exit;
    clearTimeout(timer);
  }

  private listen(): void {
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString('utf8')).slice(-4000);
    });
    this.child.stdin.on('error', () => undefined); // EPIPE when the helper died: reported on exit
    createInterface({ input: this.child.stdout }).on('line', (text) => this.onLine(text));
    this.child.once('exit', (code, signal) => {
      this.exited = true;
      const why = new Error(`bmv2_io.py exited (${signal ?? `code ${code}`})${this.stderrTail()}`);
      for (const p of this.pending.values()) p.reject(why);
      this.pending.clear();
    });
  }

  private onLine(text: string): void {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      this.handlers.onError(`bmv2_io.py wrote a line that is not JSON: ${text.slice(0, 200)}`);
      return;
    }
    if (line.ready) return this.onReady();
    if (typeof line.port === 'number' && typeof line.hex === 'string') {
      return this.handlers.onFrame(line.port, Buffer.from(line.hex, 'hex'));
    }
    const id = line.sent ?? line.id;
    const waiter = id === undefined ? undefined : this.pending.get(id);
    if (!waiter) {
      if (line.error) this.handlers.onError(`bmv2_io.py: ${line.error}`);
      return;
    }
    this.pending.delete(id!);
    if (line.error) waiter.reject(new Error(`bmv2_io.py could not send: ${line.error}`));
    else waiter.resolve();
  }

  private stderrTail(): string {
    const text = this.stderr.trim();
    return text ? `:\n${text}` : '';
  }
}
