/**
 * TSIG with HMAC-SHA256 (RFC 8945) against dnspython (python3-dnspython): dnspython validates
 * the MAC of an UPDATE we sign, and we validate the MAC of an answer dnspython signs for its own
 * signed request (whose MAC the answer's covers).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { diffRecords, updateMessage } from '../../controller/dns/publisher';
import { readMessage } from '../../controller/dns/reader';
import { TsigError, signTsig, verifyTsig } from '../../controller/dns/tsig';
import { encodeName, rdataOf } from '../../controller/dns/wire';
import { dnsPython } from './tools';

const KEY = { name: 'ssa-publisher', secret: randomBytes(32) };

function python(script: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = execFile(
      dnsPython(),
      ['-c', script, KEY.secret.toString('base64')],
      { timeout: 30_000 },
      (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out.trim()),
    );
    p.stdin!.end(input);
  });
}

const SCRIPT_VERIFY = `
import sys, base64, dns.message, dns.tsigkeyring, dns.update
keyring = dns.tsigkeyring.from_text({'ssa-publisher.': ('hmac-sha256', sys.argv[1])})
m = dns.message.from_wire(bytes.fromhex(sys.stdin.read().strip()), keyring=keyring)
print(m.had_tsig, len(m.update))
`;

const SCRIPT_SIGN = `
import sys, base64, dns.message, dns.tsigkeyring, dns.tsig, dns.name
keyring = dns.tsigkeyring.from_text({'ssa-publisher.': ('hmac-sha256', sys.argv[1])})
q = dns.message.make_query('svc.example', 'SOA')
q.use_tsig(keyring, keyname='ssa-publisher.', algorithm=dns.tsig.HMAC_SHA256)
qw = q.to_wire()
r = dns.message.make_response(q)
print(qw.hex(), r.to_wire().hex())
`;

describe('TSIG HMAC-SHA256 (RFC 8945) against dnspython', () => {
  it('dnspython validates the UPDATE we sign', async () => {
    const add = [
      {
        name: 'video.svc.example',
        type: 'AAAA' as const,
        ttl: 60,
        rdata: rdataOf('AAAA', '2001:db8::1'),
        service: 'video.svc.example',
      },
    ];
    const msg = updateMessage(77, 'svc.example', diffRecords([], add));
    const { message } = signTsig(msg, KEY);
    expect(await python(SCRIPT_VERIFY, message.toString('hex'))).toBe('True 1');
    const tampered = Buffer.from(message);
    tampered[tampered.length - 30] ^= 1; // inside the MAC
    await expect(python(SCRIPT_VERIFY, tampered.toString('hex'))).rejects.toThrow(
      /BadSignature|BADSIG|signature/i,
    );
  });

  it('we validate an answer dnspython signs, and refuse it with another key', async () => {
    const [q, r] = (await python(SCRIPT_SIGN, '')).split(' ').map((h) => Buffer.from(h, 'hex'));
    const tsig = readMessage(q).additionals.at(-1)!;
    const alg = encodeName('hmac-sha256').length;
    const requestMac = tsig.rdata.subarray(alg + 10, alg + 10 + tsig.rdata.readUInt16BE(alg + 8));
    expect(() => verifyTsig(r, KEY, requestMac)).not.toThrow();
    expect(() => verifyTsig(r, { name: KEY.name, secret: randomBytes(32) }, requestMac)).toThrow(
      TsigError,
    );
    expect(() => verifyTsig(r, KEY, randomBytes(32))).toThrow(/MAC is wrong/);
  });
});
