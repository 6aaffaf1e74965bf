// The linear-time rewrites of the model's patterns accept exactly what the model's patterns accept:
// compared on every string up to seven characters over the characters that matter to them, and on
// random longer strings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { shapes } from './model.js';
import { modelPattern } from './patterns.js';

/** The model's pattern compiled as it is, as the service's own (Java) engine reads it. */
const asWritten = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'u');

// Java's "(?s)" flag is not JavaScript syntax: those patterns are translated, never rewritten.
const rewritten = [...new Set(Object.values(shapes).flatMap((s) => (s.pattern && !s.pattern.startsWith('(?s)') ? [s.pattern] : [])))].filter(
  (pattern) => modelPattern(pattern).source !== asWritten(pattern).source,
);

/** The characters of the rewritten patterns' literals (all of their class too), and one outside it. */
const ALPHABET = ['@', '{', '#', '}', '\uD800'];
/** Pieces of longer random values: more characters inside and outside the classes, and whole literals. */
const PIECES = [...ALPHABET, 'a', ' ', '*', '\n', '\u0000', 'é', '\u{1F600}', '\u2028', '{##', '##}', '{####}'];

function* allStrings(alphabet: readonly string[], maxLength: number): Generator<string> {
  let level = [''];
  for (let length = 0; length <= maxLength; length++) {
    yield* level;
    level = level.flatMap((prefix) => alphabet.map((c) => prefix + c));
  }
}

describe('model patterns rewritten to run in linear time', () => {
  it('rewrites the email address and message template patterns', () => {
    assert.equal(rewritten.length, 3, `rewritten: ${rewritten.join(', ')}`);
    for (const name of ['EmailAddressType', 'EmailMfaMessageType', 'EmailVerificationMessageType', 'EmailVerificationMessageByLinkType']) {
      assert.ok(rewritten.includes(shapes[name]!.pattern!), name);
    }
  });

  for (const pattern of rewritten) {
    it(`accepts what ${pattern} accepts`, () => {
      const original = asWritten(pattern);
      const linear = modelPattern(pattern);
      const outcomes = new Set<boolean>();
      for (const value of allStrings(ALPHABET, 7)) {
        const expected = original.test(value);
        assert.equal(linear.test(value), expected, JSON.stringify(value));
        outcomes.add(expected);
      }
      assert.equal(outcomes.size, 2, 'the comparison covers accepted and refused values');
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
          const value = pieces.join('');
          assert.equal(linear.test(value), original.test(value), JSON.stringify(value));
        }),
        { numRuns: 3000, seed: 7 },
      );
    });
  }
});
