/** dig.ts: runs Debian's dig and kdig against a server on loopback and returns their output. */
import { execFile } from 'node:child_process';
import { tool } from './tools';

/** Runs dig (or kdig) with `@127.0.0.1 -p PORT` and the arguments; resolves with stdout. */
export function dig(
  which: 'dig' | 'kdig',
  port: number,
  args: readonly string[],
  host = '127.0.0.1',
): Promise<string> {
  const bin = tool(which);
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      [`@${host}`, '-p', String(port), ...args],
      { timeout: 15_000 },
      (err, stdout, stderr) => {
        if (err)
          reject(new Error(`${which} ${args.join(' ')}: ${err.message}\n${stdout}${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** `dig +short` lines, sorted. */
export async function short(
  port: number,
  name: string,
  type: string,
  more: readonly string[] = [],
): Promise<string[]> {
  const out = await dig('dig', port, ['+short', '+norec', ...more, name, type]);
  return out
    .split('\n')
    .filter((l) => l !== '')
    .sort();
}

/** The status word of dig's header line (NOERROR, NXDOMAIN, REFUSED...). */
export function status(out: string): string {
  const m = /status: ([A-Z]+)/.exec(out);
  if (!m) throw new Error(`no status in:\n${out}`);
  return m[1];
}
