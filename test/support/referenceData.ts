// Recorded reference data beside the repository (../shared/): the WebAuthn verifications of real
// authenticators, with their byte fields as Uint8Array, and Cognito SRP vectors recorded from real clients.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

/** A file of the shared/ folder beside the repository (dist/test/support/ -> the root -> ../shared). */
export const sharedFile = (path: string): string => fileURLToPath(new URL(`../../../../shared/${path}`, import.meta.url));

export const VECTORS = sharedFile('webauthn-vectors/simplewebauthn-v13.3.2-vectors.json');

export interface Vector {
  test: string;
  fn: 'verifyRegistrationResponse' | 'verifyAuthenticationResponse';
  fakeNow: string | null;
  args: Record<string, unknown>;
  expect: { verified: boolean } | { error: string };
}

export function loadVectors(): Vector[] | undefined {
  if (!existsSync(VECTORS)) return undefined;
  return JSON.parse(readFileSync(VECTORS, 'utf8'), (_key, value) =>
    value && typeof value === 'object' && '$b64u' in value ? new Uint8Array(Buffer.from(value.$b64u as string, 'base64url')) : value,
  ) as Vector[];
}

/** Fails when reference data is missing in CI, skips with a message elsewhere. */
export function requireShared(t: TestContext, found: unknown, path: string): void {
  if (found) return;
  if (process.env.CI === 'true') assert.fail(`reference data missing at ${path}`);
  t.skip(`reference data not found at ${path}`);
}

export const requireVectors = (t: TestContext, vectors: Vector[] | undefined): void => requireShared(t, vectors, VECTORS);

export const asList = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : [v as string]);
