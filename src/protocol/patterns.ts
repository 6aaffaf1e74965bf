// The AWS model's patterns (Java regular expressions) as JavaScript ones that no value can make
// slow. A backtracking engine is quadratic, or worse, on some of the model's patterns when a long
// value almost matches: an email address of 20,000 '@' and one lone surrogate held the event loop
// for 4 s. Two rules keep every evaluation linear and short:
//   - the few patterns that backtrack badly are replaced by equivalents that do not (below);
//   - a pattern only ever runs on a value within the length the model allows the member. Members
//     the model leaves unbounded get the longest maximum it gives any patterned member (131,072,
//     a PaginationKey): longer values fail their pattern without it being run.
// test/hardening/redos.test.ts runs every pattern of the model on adversarial values of that length.
import { shapes } from './model.js';

/** The characters of the email address, subject and message patterns. */
const VISIBLE = String.raw`[\p{L}\p{M}\p{S}\p{N}\p{P}]`;
const TEXT = String.raw`[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]`;

/**
 * Linear-time equivalents of the model's patterns that backtrack badly, keyed by the model's text.
 * Each accepts exactly what the model's pattern accepts (src/protocol/patterns.test.ts compares
 * them on every short string over their alphabet). A lookahead first checks that every character
 * is of the pattern's class, which the backtracking otherwise finds out once per placement of the
 * literal; where placements can still be retried (`{##…##}`), the first `{##` is taken once and for
 * all by a lookahead and a back-reference, JavaScript's way of writing an atomic group.
 */
const LINEAR_EQUIVALENTS: Readonly<Record<string, string>> = {
  // EmailAddressType
  [`${VISIBLE}+@${VISIBLE}+`]: `(?=${VISIBLE}+$)${VISIBLE}+@${VISIBLE}+`,
  // EmailMfaMessageType, EmailVerificationMessageType
  [String.raw`${TEXT}*\{####\}${TEXT}*`]: String.raw`(?=${TEXT}*$)${TEXT}*\{####\}${TEXT}*`,
  // EmailVerificationMessageByLinkType
  [String.raw`${TEXT}*\{##${TEXT}*##\}${TEXT}*`]: String.raw`(?=${TEXT}*$)(?=(${TEXT}*?\{##))\1${TEXT}*##\}${TEXT}*`,
};

/** The longest value any member's pattern is run on. */
export const LONGEST_PATTERNED_VALUE = Math.max(
  ...Object.values(shapes).flatMap((s) => (s.type === 'string' && s.pattern && s.max !== undefined ? [s.max] : [])),
);

const compiled = new Map<string, RegExp>();

/** The model's pattern as a whole-value JavaScript RegExp, rewritten when it would backtrack badly. */
export function modelPattern(pattern: string): RegExp {
  let regExp = compiled.get(pattern);
  if (!regExp) {
    // Java's inline dot-all flag "(?s)" is a flag in JavaScript.
    const dotAll = pattern.startsWith('(?s)');
    const body = dotAll ? pattern.slice(4) : pattern;
    regExp = new RegExp(`^(?:${LINEAR_EQUIVALENTS[body] ?? body})$`, dotAll ? 'su' : 'u');
    compiled.set(pattern, regExp);
  }
  return regExp;
}

/**
 * Whether a string of `length` characters (code points) satisfies the model's pattern; one longer
 * than LONGEST_PATTERNED_VALUE does not, unrun. The caller runs no pattern on a value longer than its
 * member's maximum: the length violation says enough.
 */
export function satisfiesPattern(pattern: string, value: string, length: number): boolean {
  return length <= LONGEST_PATTERNED_VALUE && modelPattern(pattern).test(value);
}
