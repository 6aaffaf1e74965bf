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

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
