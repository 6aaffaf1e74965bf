import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bitString, explicit, objectIdentifier, sequence, smallInteger, time, unsignedInteger, utf8String } from './der.js';

const hex = (b: Buffer) => b.toString('hex');

describe('DER encoding', () => {
  it('encodes object identifiers with base-128 arcs (X.690 §8.19)', () => {
    assert.equal(hex(objectIdentifier('1.2.840.113549.1.1.11')), '06092a864886f70d01010b');
    assert.equal(hex(objectIdentifier('2.5.4.3')), '0603550403');
    assert.equal(hex(objectIdentifier('2.5.29.15')), '0603551d0f');
  });

  it('encodes non-negative integers minimally, with a leading zero when the high bit is set', () => {
    assert.equal(hex(smallInteger(2)), '020102');
    assert.equal(hex(smallInteger(0)), '020100');
    assert.equal(hex(smallInteger(128)), '02020080');
    assert.equal(hex(unsignedInteger(Buffer.from('0000017f', 'hex'))), '0202017f');
    assert.equal(hex(unsignedInteger(Buffer.from('ff00', 'hex'))), '020300ff00');
  });

  it('uses the long length form from 128 bytes of contents on', () => {
    assert.equal(hex(utf8String('a'.repeat(127))).slice(0, 4), '0c7f');
    assert.equal(hex(utf8String('a'.repeat(128))).slice(0, 6), '0c8180');
    assert.equal(hex(utf8String('a'.repeat(300))).slice(0, 8), '0c82012c');
  });

  it('nests sequences and explicit tags, and counts unused bits of a bit string', () => {
    assert.equal(hex(sequence(smallInteger(1), sequence())), '30050201013000');
    assert.equal(hex(explicit(3, sequence())), 'a3023000');
    assert.equal(hex(bitString(Buffer.from([0x80]), 1)), '03020780');
    assert.equal(hex(bitString(Buffer.from([0xab, 0xcd]))), '030300abcd');
  });

  it('writes UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    assert.equal(time(new Date(Date.UTC(2026, 11, 4, 7, 5, 9))).toString('latin1'), '\x17\x0d261204070509Z');
    assert.equal(time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59))).toString('latin1'), '\x17\x0d491231235959Z');
    assert.equal(time(new Date(Date.UTC(2050, 0, 1))).toString('latin1'), '\x18\x0f20500101000000Z');
  });
});
