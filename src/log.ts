// JSON logs through pino. Secrets never reach a log: every field that could carry one is redacted
// by path, and operations log ids and outcomes, never request bodies.
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT = [
  '*.Password',
  '*.PreviousPassword',
  '*.ProposedPassword',
  '*.TemporaryPassword',
  '*.AccessToken',
  '*.RefreshToken',
  '*.IdToken',
  '*.ClientSecret',
  '*.ProviderDetails',
  '*.SecretHash',
  '*.Session',
  '*.ConfirmationCode',
  '*.Code',
  '*.AuthParameters',
  '*.ChallengeResponses',
  '*.Credential',
  '*.SecretCode',
  '*.UserCode',
  '*.DeviceSecretVerifierConfig',
  'req.headers.authorization',
  'password',
  'token',
  'code',
];

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function createLogger(level: string, destination?: NodeJS.WritableStream, format: LogFormat = 'json'): Logger {
  const options = { level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } };
  const out = format === 'pretty' ? prettyLines(destination ?? process.stdout) : destination;
  return out ? pino(options, out as pino.DestinationStream) : pino(options);
}

const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * One readable line per log entry, for development: time, level, message, then the other fields as
 * key=value. Redaction has happened already: the entries are pino's own.
 */
function prettyLines(out: NodeJS.WritableStream): pino.DestinationStream {
  return {
    write(line: string) {
      const { time, level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const clock = new Date(Number(time)).toISOString().slice(11, 23);
      const rest = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      out.write(`${clock} ${(LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${rest.length ? `  ${rest.join(' ')}` : ''}\n`);
    },
  };
}
