// The recorded WebAuthn verifications of real authenticators (../shared/webauthn-vectors/, beside
// the repository), with their byte fields as Uint8Array.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

// dist/test/support/ -> the repository root -> its sibling shared/ folder.
export const VECTORS = fileURLToPath(new URL('../../../../shared/webauthn-vectors/simplewebauthn-v13.3.2-vectors.json', import.meta.url));

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

/** Fails when the vectors are missing in CI, skips with a message elsewhere. */
export function requireVectors(t: TestContext, vectors: Vector[] | undefined): void {
  if (vectors) return;
  if (process.env.CI === 'true') assert.fail(`webauthn vectors missing at ${VECTORS}`);
  t.skip(`webauthn vectors not found at ${VECTORS}`);
}

export const asList = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : [v as string]);
