// Compromised-credentials detection: keypool cannot see the breach corpora AWS checks against, so it
// checks a local list instead — a few of the passwords most often found in breaches, and whatever
// file the operator names (--breached-passwords, one password a line). Only flows that send the
// password itself can be checked (not SRP, whose proof never reveals it), as on Cognito.
import { readFileSync } from 'node:fs';
import type { App } from '../app.js';

/** Passwords at the top of published breach frequency lists, including ones that pass default policies. */
const COMMON_BREACHED = [
  '123456', '123456789', '12345678', '1234567890', '1234567', '12345', 'password', 'password1', 'qwerty',
  'qwerty123', 'qwertyuiop', '111111', '123123', '000000', 'abc123', 'iloveyou', 'letmein', 'welcome',
  'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'trustno1', 'admin', 'admin123',
  '1qaz2wsx', 'Password', 'Password1', 'Password1!', 'Password123', 'Password123!', 'Passw0rd', 'Passw0rd!',
  'P@ssw0rd', 'P@ssw0rd1', 'P@ssw0rd!', 'P@ssword1', 'Welcome1', 'Welcome1!', 'Welcome123!', 'Qwerty123!',
  'Admin123!', 'Abcd1234!', 'Aa123456!', 'Changeme1!', 'Summer2024!', 'Winter2024!', 'Spring2025!',
];

/** The list the operator gave: a file of one password a line (blank lines ignored). */
export function readBreachedPasswords(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--breached-passwords cannot read ${file}: ${(error as Error).message}`);
  }
  return text.split(/\r?\n/).filter((line) => line !== '');
}

const lists = new WeakMap<App, ReadonlySet<string>>();

/** Whether the password is on the local list of breached passwords. */
export function isBreached(app: App, password: string): boolean {
  let list = lists.get(app);
  if (!list) lists.set(app, (list = new Set([...COMMON_BREACHED, ...app.config.breachedPasswords])));
  return list.has(password);
}
