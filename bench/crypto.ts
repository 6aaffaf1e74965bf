// The cryptographic ceilings of one core: RSA-2048 signatures (two per issued token pair) and
// ECDSA P-256 verifications (one per passkey sign-in), each for a fixed time.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../src/users/passwords.js';
import { completionsPerSecond } from './measure.js';

function perSecond(work: () => void, seconds: number): number {
  for (let i = 0; i < 20; i++) work();
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 10; i++) work();
    done += 10;
  }
  return done / ((performance.now() - start) / 1000);
}

export function cryptoCeilings(seconds: number): { rsa2048SignPerSecond: number; p256VerifyPerSecond: number } {
  // A JWT's signing input is a few hundred bytes.
  const message = createHash('sha512').update('keypool').digest().toString('base64').repeat(8);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsa2048SignPerSecond = perSecond(() => sign('sha256', Buffer.from(message), rsa.privateKey), seconds);
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signature = sign('sha256', Buffer.from(message), ec.privateKey);
  const p256VerifyPerSecond = perSecond(() => verify('sha256', Buffer.from(message), ec.publicKey, signature), seconds);
  return { rsa2048SignPerSecond, p256VerifyPerSecond };
}

/**
 * keypool's own password hash (scrypt, as hashPassword runs it) per second, as many at once as
 * libuv's thread pool runs (UV_THREADPOOL_SIZE, 4 by default): what bounds password sign-in.
 */
export async function scryptCeiling(seconds: number): Promise<number> {
  const parallel = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  await hashPassword('warm-up');
  return completionsPerSecond(parallel, seconds, () => hashPassword('Bench-Passw0rd!'));
}
