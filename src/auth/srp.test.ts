// Cognito's SRP variant step by step against the vectors recorded from amazon-cognito-identity-js,
// Amplify and pycognito (shared/reference/srp-vectors.json beside the repository), and the checks
// the server refuses on.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseSrpA } from './srp.js';
import {
  N,
  computeB,
  computeServerS,
  computeU,
  computeX,
  fromHex,
  g,
  k,
  modPowN,
  padHex,
  passwordClaimSignature,
  sessionKey,
  toHex,
} from './srpMath.js';
import { formatSrpTimestamp, parseSrpTimestamp } from './srpTimestamp.js';
import { requireShared, sharedFile } from '../../test/support/referenceData.js';

interface Vector {
  id: string;
  userPoolId: string;
  poolName: string;
  userIdForSrp: string;
  password: string;
  salt: { SALT: string; padHex: string };
  x: string;
  verifier: { hex: string; padHex: string };
  a: string;
  A: { SRP_A: string; padHex: string };
  b: string;
  B: { SRP_B: string; padHex: string };
  u: { hex: string; padHex: string };
  S: { padHex: string };
  hkdfKey: string;
  secretBlock: string;
  timestamp: { epochMs: number; TIMESTAMP: string };
  passwordClaimSignature: string;
  negativeChecks: { what: string; timestamp?: string; signature?: string }[];
}

const file = sharedFile('reference/srp-vectors.json');
const recorded = existsSync(file)
  ? (JSON.parse(readFileSync(file, 'utf8')) as { group: { k: string }; vectors: Vector[] })
  : undefined;

test('k = H(padHex(N) || padHex(g)) with the sign byte on N', (t) => {
  requireShared(t, recorded, file);
  if (!recorded) return;
  assert.equal(k.toString(16), recorded.group.k);
  assert.equal(padHex(N).length, 385);
});

for (const v of recorded?.vectors ?? []) {
  test(`vector ${v.id}: x, v, B, u, S, HKDF key and signature`, () => {
    const salt = fromHex(v.salt.SALT);
    assert.equal(padHex(salt).toString('hex'), v.salt.padHex);
    const x = computeX(salt, v.poolName, v.userIdForSrp, v.password);
    assert.equal(x.toString(16).padStart(64, '0'), v.x);
    const verifier = modPowN(g, x);
    assert.equal(toHex(verifier), v.verifier.hex);
    assert.equal(padHex(verifier).toString('hex'), v.verifier.padHex);

    const A = fromHex(v.A.SRP_A);
    assert.equal(toHex(modPowN(g, fromHex(v.a))), v.A.SRP_A, 'A = g^a from the client');
    assert.equal(padHex(A).toString('hex'), v.A.padHex);
    const b = fromHex(v.b);
    const B = computeB(verifier, b);
    assert.equal(toHex(B), v.B.SRP_B);
    assert.equal(padHex(B).toString('hex'), v.B.padHex);

    const u = computeU(A, B);
    assert.equal(padHex(u).toString('hex'), v.u.padHex);
    const S = computeServerS(A, verifier, u, b);
    assert.equal(padHex(S).toString('hex'), v.S.padHex);
    // The client's S = (B - k·g^x)^(a + u·x) agrees with the server's.
    const clientS = modPowN(B - ((k * modPowN(g, x)) % N), fromHex(v.a) + u * x);
    assert.equal(clientS, S);

    const key = sessionKey(u, S);
    assert.equal(key.toString('hex'), v.hkdfKey);
    const block = Buffer.from(v.secretBlock, 'base64');
    assert.equal(formatSrpTimestamp(v.timestamp.epochMs), v.timestamp.TIMESTAMP);
    assert.equal(parseSrpTimestamp(v.timestamp.TIMESTAMP), v.timestamp.epochMs);
    const signature = passwordClaimSignature(key, v.poolName, v.userIdForSrp, block, v.timestamp.TIMESTAMP);
    assert.equal(signature.toString('base64'), v.passwordClaimSignature);
  });

  test(`vector ${v.id}: the negative checks are refused`, () => {
    const verifier = fromHex(v.verifier.hex);
    const A = fromHex(v.A.SRP_A);
    const b = fromHex(v.b);
    const u = computeU(A, computeB(verifier, b));
    const key = sessionKey(u, computeServerS(A, verifier, u, b));
    const block = Buffer.from(v.secretBlock, 'base64');
    const canonical = (text: string) => formatSrpTimestamp(parseSrpTimestamp(text)!);
    const expected = passwordClaimSignature(key, v.poolName, v.userIdForSrp, block, canonical(v.timestamp.TIMESTAMP)).toString('base64');

    // A zero-padded day or a wrong weekday parses, but the signature is over the canonical form,
    // which a client signing the odd spelling does not match.
    const paddedText = v.timestamp.TIMESTAMP.replace(/^(\w+ \w+ )(\d) /, '$10$2 ');
    const wrongWeekday = v.timestamp.TIMESTAMP.replace(/^\w+/, (day) => (day === 'Mon' ? 'Tue' : 'Mon'));
    for (const odd of new Set([paddedText, wrongWeekday].filter((t) => t !== v.timestamp.TIMESTAMP))) {
      assert.equal(parseSrpTimestamp(odd), v.timestamp.epochMs, odd);
      const overOdd = passwordClaimSignature(key, v.poolName, v.userIdForSrp, block, odd).toString('base64');
      assert.notEqual(overOdd, expected, odd);
      const recorded = v.negativeChecks.find((c) => c.timestamp === odd);
      if (recorded) assert.equal(recorded.signature, overOdd, 'the recorded client signature over the padded day');
    }

    // A wrong password gives another verifier, so another S and key.
    const wrongX = computeX(fromHex(v.salt.SALT), v.poolName, v.userIdForSrp, `${v.password}!`);
    const wrongKey = sessionKey(u, modPowN(computeB(verifier, b) - ((k * modPowN(g, wrongX)) % N), fromHex(v.a) + u * wrongX));
    assert.notEqual(passwordClaimSignature(wrongKey, v.poolName, v.userIdForSrp, block, v.timestamp.TIMESTAMP).toString('base64'), expected);

    // Another secret block or another user id changes the signature.
    const otherBlock = Buffer.from(block);
    otherBlock[0]! ^= 1;
    assert.notEqual(passwordClaimSignature(key, v.poolName, v.userIdForSrp, otherBlock, v.timestamp.TIMESTAMP).toString('base64'), expected);
    assert.notEqual(passwordClaimSignature(key, v.poolName, `${v.userIdForSrp}x`, block, v.timestamp.TIMESTAMP).toString('base64'), expected);
  });
}

test('SRP_A = 0, N, 2N, oversize or not hex is refused with InvalidParameterException', () => {
  for (const hex of ['0', '00', toHex(N), toHex(2n * N), `1${'0'.repeat(770)}`, 'xyz', '']) {
    assert.throws(() => parseSrpA(hex), (e: Error) => e.name === 'InvalidParameterException', hex.slice(0, 12));
  }
  assert.equal(parseSrpA('0abc'), 0xabcn);
  assert.equal(parseSrpA(toHex(N - 1n)), N - 1n);
});

test('TIMESTAMP: lenient reading, canonical rendering', () => {
  const at = Date.UTC(2026, 2, 5, 9, 4, 7);
  assert.equal(formatSrpTimestamp(at), 'Thu Mar 5 09:04:07 UTC 2026');
  assert.equal(formatSrpTimestamp(Date.UTC(2027, 0, 1)), 'Fri Jan 1 00:00:00 UTC 2027');
  assert.equal(formatSrpTimestamp(Date.UTC(2026, 11, 31, 23, 59, 59)), 'Thu Dec 31 23:59:59 UTC 2026');
  for (const text of ['Thu Mar 05 09:04:07 UTC 2026', 'Wed Mar 5 09:04:07 UTC 2026', 'thursday march 5 9:04:07 GMT 2026', 'Thu Mar 5 10:04:07 GMT+01:00 2026', 'Thu Mar 5 04:04:07 -0500 2026']) {
    assert.equal(parseSrpTimestamp(text), at, text);
  }
  // Only the canonical rendering of the instant is signed.
  assert.notEqual(formatSrpTimestamp(parseSrpTimestamp('Thu Mar 05 09:04:07 UTC 2026')!), 'Thu Mar 05 09:04:07 UTC 2026');
  for (const text of ['2026-03-05T09:04:07Z', 'Thu Mar 5 09:04:07 UTC', 'Thu Foo 5 09:04:07 UTC 2026', 'Xyz Mar 5 09:04:07 UTC 2026', 'Thu Mar 5 09:04:07 Mars 2026', '']) {
    assert.equal(parseSrpTimestamp(text), undefined, text);
  }
});
