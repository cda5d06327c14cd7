/**
 * Cross-check against scapy 2.5: each case is built twice, by our builders and by scapy
 * (test/ptf/scapy/build.py, fed the same fields as JSON, leaving every derived field to
 * scapy), and the bytes must be equal. Without python3 + scapy the tests fail: install
 * python3-scapy (CI does). P4_PYTHON names the interpreter, as for the harness.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fromHex, toHex } from './bytes';
import { diffPackets } from './describe';
import { CASES } from './scapy-cases';

const BUILD_PY = join(__dirname, '..', 'scapy', 'build.py');

/**
 * The command of a python that has scapy: $P4_PYTHON (may carry arguments, as in
 * test/ptf/harness/config.ts), else /usr/bin/python3 (Debian's, where python3-scapy
 * installs), else python3 (a pyenv python3 on PATH does not see Debian's packages).
 */
function scapyPython(): string[] {
  const fromEnv = (process.env.P4_PYTHON ?? '').trim();
  const candidates = fromEnv ? [fromEnv.split(/\s+/)] : [['/usr/bin/python3'], ['python3']];
  for (const [cmd, ...args] of candidates) {
    const probe = spawnSync(cmd, [...args, '-c', 'import scapy'], { stdio: 'ignore' });
    if (probe.status === 0) return [cmd, ...args];
  }
  const tried = candidates.map((c) => c.join(' ')).join(', ');
  throw new Error(
    `No python3 with scapy (tried ${tried}). Install python3-scapy ` +
      `(apt-get install python3-scapy; CI installs it), or set P4_PYTHON to a python that has scapy.`,
  );
}

/** Runs build.py on every case: name -> hex, or the error that prevented it. */
function buildWithScapy(): Map<string, string> | Error {
  try {
    const [cmd, ...args] = scapyPython();
    const input = JSON.stringify({ cases: CASES.map((c) => ({ name: c.name, layers: c.scapy })) });
    const run = spawnSync(cmd, [...args, BUILD_PY], { input, encoding: 'utf8', timeout: 30_000 });
    if (run.status !== 0) {
      return new Error(`build.py failed (${run.status}): ${run.stderr}${run.error ?? ''}`);
    }
    const lines = run.stdout.trim().split('\n');
    return new Map(lines.map((line) => line.split(' ') as [string, string]));
  } catch (e) {
    return e as Error;
  }
}

describe('our builders equal scapy 2.5 byte for byte', () => {
  let built: Map<string, string> | Error;
  beforeAll(() => {
    built = buildWithScapy();
  });

  test('the cases have distinct names and there are at least 15', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  test.each(CASES)('$name', ({ name, ours }) => {
    if (built instanceof Error) throw built;
    const theirs = built.get(name);
    if (theirs === undefined) throw new Error(`scapy printed nothing for ${name}`);
    // Field by field first (scapy's packet as the expected one), so a failure names the field.
    expect(diffPackets(fromHex(theirs), ours)).toEqual([]);
    expect(toHex(ours.bytes)).toBe(theirs);
  });
});
