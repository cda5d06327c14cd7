import type { LoggerService, LogLevel } from '@nestjs/common';
import { redactUrl } from '../config/redact';

/** Fields a log line may carry; `switch` and `service` name what the line is about. */
export interface LogFields {
  readonly switch?: string;
  readonly service?: string;
  readonly [key: string]: unknown;
}

/** A message with fields: `logger.log({ msg: 'slice moved', service: 'web', slice: 12 })`. */
export interface LogRecord extends LogFields {
  readonly msg: string;
}

export type LogFormat = 'json' | 'keyvalue';

const ORDER: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
const SECRET_KEY = /pass(word)?|secret|token|credential|api[-_]?key/i;

/** Options of a StructuredLogger; `write` receives one line (no newline) per record. */
export interface StructuredLoggerOptions {
  readonly level?: LogLevel;
  readonly format?: LogFormat;
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * Nest LoggerService writing one structured line per record: JSON lines
 * (`{"time":…,"level":"log","context":"Commands","msg":"service created","service":"web"}`)
 * or key=value. Secrets never reach the output: fields named like passwords are masked and
 * URLs lose their password.
 */
export class StructuredLogger implements LoggerService {
  private readonly minimum: number;
  private readonly format: LogFormat;
  private readonly write: (line: string) => void;
  private readonly now: () => Date;

  constructor(options: StructuredLoggerOptions = {}) {
    this.minimum = ORDER.indexOf(options.level ?? 'log');
    this.format = options.format ?? 'json';
    this.write = options.write ?? ((line) => process.stdout.write(line + '\n'));
    this.now = options.now ?? (() => new Date());
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }

  /** Whether records of this level are written. */
  enabled(level: LogLevel): boolean {
    return ORDER.indexOf(level) >= this.minimum;
  }

  private emit(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.enabled(level)) return;
    const rest = [...params];
    // Nest passes the context last (ConsoleLogger's convention).
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string'
        ? (rest.pop() as string)
        : undefined;
    const record: Record<string, unknown> = { time: this.now().toISOString(), level };
    if (context !== undefined) record.context = context;
    if (message instanceof Error) {
      record.msg = message.message;
      record.error = message.name;
      record.stack = message.stack;
    } else if (message !== null && typeof message === 'object') {
      Object.assign(record, clean(message as Record<string, unknown>));
    } else {
      record.msg = typeof message === 'string' ? redactText(message) : String(message);
    }
    for (const p of rest) {
      if (typeof p === 'string') record.stack = p;
      else if (p instanceof Error) record.stack = p.stack;
      else if (p !== null && typeof p === 'object')
        Object.assign(record, clean(p as Record<string, unknown>));
    }
    this.write(this.format === 'json' ? json(record) : keyValue(record));
  }
}

function clean(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[k] = SECRET_KEY.test(k) ? '***' : typeof v === 'string' ? redactText(v) : v;
  }
  return out;
}

function redactText(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, (url) => redactUrl(url));
}

function json(record: Record<string, unknown>): string {
  return JSON.stringify(record, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function keyValue(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([k, v]) => {
      const text = typeof v === 'string' ? v : json({ v }).slice(5, -1);
      return `${k}=${/^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)}`;
    })
    .join(' ');
}
