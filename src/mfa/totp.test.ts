import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeOfStep, fromBase32, matchingStep, newTotpSecret, stepAt, toBase32 } from './totp.js';

// RFC 6238 appendix B: the SHA-1 key is the ASCII of "12345678901234567890".
const RFC_KEY = toBase32(Buffer.from('12345678901234567890'));
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP', () => {
  it('gives the codes of RFC 6238 appendix B (SHA-1, eight digits)', () => {
    for (const [seconds, code] of RFC_VECTORS) assert.equal(codeOfStep(RFC_KEY, stepAt(seconds * 1000), 8), code);
  });

  it('six-digit codes are the last six digits of those', () => {
    for (const [seconds, code] of RFC_VECTORS) assert.equal(codeOfStep(RFC_KEY, stepAt(seconds * 1000)), code.slice(2));
  });

  it('base32 is RFC 4648 (test vectors of section 10, without padding)', () => {
    assert.equal(toBase32(Buffer.from('foobar')), 'MZXW6YTBOI');
    assert.equal(fromBase32('MZXW6YTBOI').toString(), 'foobar');
    assert.equal(fromBase32('MZXW6===').toString(), 'foo');
  });

  it('new secrets are 52 base32 characters of 32 random bytes', () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{52}$/);
    assert.equal(fromBase32(secret).length, 32);
    assert.notEqual(newTotpSecret(), secret);
  });

  it('accepts the code of the step before and after, and no further', () => {
    const now = 1_700_000_000_000;
    const step = stepAt(now);
    for (const drift of [-1, 0, 1]) assert.equal(matchingStep(RFC_KEY, codeOfStep(RFC_KEY, step + drift), now), step + drift);
    for (const drift of [-2, 2]) {
      const code = codeOfStep(RFC_KEY, step + drift);
      const nearby = [-1, 0, 1].some((d) => codeOfStep(RFC_KEY, step + d) === code);
      if (!nearby) assert.equal(matchingStep(RFC_KEY, code, now), undefined);
    }
  });

  it('refuses what is not six digits', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', ' 12345']) assert.equal(matchingStep(RFC_KEY, code, 0), undefined);
  });
});
