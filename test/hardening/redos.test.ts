// ReDoS: one request holding the event loop with a value that makes a validation pattern backtrack.
// CreateUserPool with an EmailConfiguration.ReplyToEmailAddress of '@'s and one character outside
// the pattern's class took seconds, during which no other request was served. Every pattern of the
// AWS model now goes through the validator on adversarial values — each a repeated piece of the
// pattern's literals or classes, with a tail it refuses — at the longest length the validator runs
// it on, and at the length a 1 MiB body can carry; then the attack itself goes to a real server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { shapes, type ShapeDef } from '../../src/protocol/model.js';
import { LONGEST_PATTERNED_VALUE } from '../../src/protocol/patterns.js';
import { validateInput } from '../../src/protocol/validate.js';
import { formatMs, longestStalls } from '../support/eventLoop.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { postRaw } from './support/raw.js';

/** ~50 ms: what keypool allows any one request to hold the event loop. */
const STALL_BOUND_MS = 50;
/** Each evaluation must stay well under it. */
const EVALUATION_BOUND_MS = STALL_BOUND_MS / 2;
/** Runs of each attack on the real server; the fastest is judged (test/support/eventLoop.ts). */
const RUNS = 3;
/** About as many characters as a 1 MiB request body holds besides the JSON around them. */
const BODY_LIMIT_CHARS = 1024 * 1024 - 1024;

/** Pieces every value is made of, whatever the pattern: class members, separators, literals of the model. */
const COMMON_PIECES = ['a', '0', ' ', '@', '.', ':', '-', '_', '{', '#', '}', '*', 'é', '\t', 'x@', '{##', '##}', '{####}'];
/** What ends a value: nothing, or a character some class refuses (a lone surrogate, a control character, ...). */
const TAILS = ['', '\uD800', '\u0000', ' ', '!', '.', '_', '\n'];

/** The pattern's literal runs (`arn:`, `{####}`, `import-`, ...): the pieces that line up with its structure. */
function literalRuns(pattern: string): string[] {
  const runs = pattern
    .replace(/\(\?[:=!<]*|\\[pP]\{\w+\}|\\[wsSdDbB]|\[(?:\\.|[^\]])*\]|\{\d+(?:,\d*)?\}|[()?*+|^$.]/g, '\u0001')
    .split('\u0001')
    .map((run) => run.replace(/\\(.)/g, '$1'))
    .filter((run) => run.length > 0);
  return [...new Set(runs)];
}

/** Values of `length` characters: each piece repeated after each start, with each tail; made one at a time. */
function* adversarialValues(pieces: readonly string[], starts: readonly string[], length: number): Generator<string> {
  for (const start of starts) {
    for (const piece of pieces) {
      const body = (start + piece.repeat(Math.ceil(length / piece.length))).slice(0, length);
      for (const tail of TAILS) yield body.slice(0, length - tail.length) + tail;
    }
  }
}

/**
 * Values made of every piece, up to the longest the validator runs the pattern on (shorter first,
 * so that a pattern that backtracks fails the test fast); then a body's worth, which it refuses for
 * the length without running the pattern (the tail is what costs then).
 */
function* valuesToTry(def: ShapeDef & { pattern: string }): Generator<string> {
  const literals = literalRuns(def.pattern);
  const pieces = [...new Set([...COMMON_PIECES, ...literals])];
  const longestRun = Math.min(def.max ?? LONGEST_PATTERNED_VALUE, LONGEST_PATTERNED_VALUE);
  for (const length of [2048, 16_384].filter((l) => l < longestRun).concat(longestRun)) {
    yield* adversarialValues(pieces, ['', ...literals.slice(0, 1)], length);
  }
  yield* adversarialValues(['a'], [''], BODY_LIMIT_CHARS);
}

/**
 * Milliseconds of CPU the validator spends on the value: the time it holds the event loop, apart
 * from what other processes of a busy machine take meanwhile. A slow-looking run is repeated and the
 * fastest of three counts: the collector may have run during the first.
 */
function validationTime(shapeName: string, value: string): number {
  const once = () => {
    const start = process.cpuUsage();
    try {
      validateInput(shapeName, value);
    } catch {
      // Refusals are what most of these values get; only the time matters here.
    }
    const spent = process.cpuUsage(start);
    return (spent.user + spent.system) / 1000;
  };
  const first = once();
  return first < EVALUATION_BOUND_MS / 2 ? first : Math.min(first, once(), once());
}

describe('every pattern of the model against adversarial values', () => {
  // One shape per pattern and maximum: shapes that share both are validated alike.
  const patterned = new Map<string, string>();
  for (const [name, def] of Object.entries(shapes)) {
    if (def.type === 'string' && def.pattern) patterned.set(`${def.pattern}\u0000${def.max}`, name);
  }

  it(`stays under ${EVALUATION_BOUND_MS} ms per value, up to ${BODY_LIMIT_CHARS} characters`, () => {
    let slowest = { ms: 0, what: '' };
    let evaluations = 0;
    for (const name of patterned.values()) {
      const def = shapes[name] as ShapeDef & { pattern: string };
      for (const value of valuesToTry(def)) {
        const ms = validationTime(name, value);
        evaluations++;
        const what = `${name} (${def.pattern}) on ${value.length} characters ending ${JSON.stringify(value.slice(-8))}`;
        if (ms > slowest.ms) slowest = { ms, what };
        assert.ok(ms < EVALUATION_BOUND_MS, `${ms.toFixed(1)} ms: ${what}`);
      }
    }
    console.log(`${evaluations} evaluations over ${patterned.size} pattern and maximum pairs; slowest ${slowest.ms.toFixed(1)} ms: ${slowest.what}`);
  });
});

describe('the ReplyToEmailAddress attack on a real server', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const createPoolWith = (replyTo: string) =>
    postRaw(server.url, 'CreateUserPool', JSON.stringify({ PoolName: 'redos', EmailConfiguration: { ReplyToEmailAddress: replyTo } }));

  for (const [what, replyTo] of [
    ["150,000 '@'", '@'.repeat(150_000)],
    ["20,000 '@' and a lone surrogate", `${'@'.repeat(20_000)}\uD800`],
    ["131,000 '@' and a space", `${'@'.repeat(131_000)} `],
  ] as const) {
    it(`refuses ${what} at once, and a concurrent request is not held up`, async () => {
      const waits: number[] = [];
      const stalls = await longestStalls(RUNS, async () => {
        const hostile = createPoolWith(replyTo);
        const started = performance.now();
        assert.equal((await fetch(`${server.url}/health`)).status, 200);
        waits.push(performance.now() - started);
        const answer = await hostile;
        assert.equal(answer.status, 400);
        assert.equal(answer.errorType, 'InvalidParameterException');
        assert.match(
          JSON.parse(answer.body).message,
          /^1 validation error detected: .* at 'emailConfiguration\.replyToEmailAddress' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
        );
      });
      console.log(`${what}: longest stalls ${formatMs(stalls)} ms; /health answered in ${formatMs(waits)} ms`);
      assert.ok(Math.min(...stalls) < STALL_BOUND_MS, `stalls ${formatMs(stalls)} ms`);
      assert.ok(Math.min(...waits) < STALL_BOUND_MS, `/health waited ${formatMs(waits)} ms`);
    });
  }
});
