import { StructuredLogger } from './structured-logger';

function capture(options: ConstructorParameters<typeof StructuredLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = new StructuredLogger({
    now: () => new Date('2026-01-02T03:04:05.000Z'),
    write: (line) => lines.push(line),
    ...options,
  });
  return { logger, lines };
}

describe('StructuredLogger', () => {
  it('writes one JSON line per record with the Nest context and the fields', () => {
    const { logger, lines } = capture();
    logger.log({ msg: 'slice moved', service: 'web', switch: 'leaf1', slice: 7 }, 'Reconciler');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'log',
        context: 'Reconciler',
        msg: 'slice moved',
        service: 'web',
        switch: 'leaf1',
        slice: 7,
      },
    ]);
  });

  it('writes key=value lines, quoting what needs quotes', () => {
    const { logger, lines } = capture({ format: 'keyvalue' });
    logger.warn({ msg: 'switch diverged', switch: 'spine 1', failed: 2 }, 'Reconciler');
    expect(lines).toEqual([
      'time=2026-01-02T03:04:05.000Z level=warn context=Reconciler msg="switch diverged" ' +
        'switch="spine 1" failed=2',
    ]);
  });

  it('drops records below the configured level', () => {
    const { logger, lines } = capture({ level: 'warn' });
    logger.debug('noise');
    logger.log('info');
    logger.error('bad', 'Main');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', msg: 'bad', context: 'Main' });
  });

  it('keeps the stack of an error, as Nest passes it', () => {
    const { logger, lines } = capture();
    logger.error('boot failed', 'Error: x\n    at here', 'NestFactory');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'boot failed',
      stack: 'Error: x\n    at here',
      context: 'NestFactory',
    });
    logger.error(new TypeError('broken'));
    expect(JSON.parse(lines[1]!)).toMatchObject({ msg: 'broken', error: 'TypeError' });
  });

  it('never writes a password', () => {
    const { logger, lines } = capture();
    logger.log({ msg: 'connecting to postgres://ssa:hunter2@db:5432/ssa', password: 'hunter2' });
    logger.log('url postgresql://u:hunter2@h/d');
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'connecting to postgres://ssa:***@db:5432/ssa',
      password: '***',
    });
  });
});
