// Hostile input: a seeded, reproducible stream of malformed requests across every operation keypool
// serves. Each request carries at least one thing that must be refused (a missing required member, a
// wrong JSON type, a constraint broken, a broken body, a forged token, a corrupted passkey document),
// and each answer must be a 4xx with an error type the operation can raise — never a 5xx, never a
// dropped connection — while the server's memory stays flat.
//
// Reproduce a run: KEYPOOL_FUZZ_SEED=<seed> KEYPOOL_FUZZ_CASES=<n> node scripts/run-tests.mjs fuzz
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, createHmac, sign as rsaSign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { isOperationName, operationDefs, shape, type ShapeDef } from '../../src/protocol/model.js';
import type { OperationName } from '../../src/protocol/shapes.generated.js';
import { operations } from '../../src/operations/index.js';
import { createUser, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { cbor, SoftAuthenticator } from '../support/softAuthenticator.js';
import { ORIGIN, registerPasskey } from '../support/userAuth.js';
import { createLiveIds, plausibleInput, type LiveIds } from './support/plausible.js';
import { callJson, collectGarbage, postRaw, runConcurrently, type RawAnswer } from './support/raw.js';

const SEED = Number(process.env.KEYPOOL_FUZZ_SEED ?? 20_240_501);
const CASES = Number(process.env.KEYPOOL_FUZZ_CASES ?? 10_500);
const CONCURRENCY = 16;
const PASSKEY_USERS = 12;

// Errors every operation may answer at the protocol layer, before its own checks run.
const PROTOCOL_ERRORS = ['SerializationException', 'InvalidParameterException'];

interface Fixture extends LiveIds {
  passkeyUsers: { username: string; authenticator: SoftAuthenticator; accessToken: string }[];
}

/** What one case does, as plain numbers fast-check draws from the seed; `build` turns it into a request. */
interface Recipe {
  op: number;
  kind: 'missing' | 'wrongType' | 'constraint' | 'deep' | 'badBody' | 'utf8' | 'token' | 'registration' | 'assertion';
  member: number;
  variant: number;
  size: number;
  bytes: Uint8Array;
  extras: string[];
}

const recipe: fc.Arbitrary<Recipe> = fc.record({
  op: fc.nat(),
  kind: fc.constantFrom<Recipe['kind']>(
    'missing', 'wrongType', 'wrongType', 'constraint', 'constraint', 'deep', 'badBody', 'utf8', 'token', 'token', 'registration', 'assertion',
  ),
  member: fc.nat(),
  variant: fc.nat(),
  size: fc.integer({ min: 0, max: 300_000 }),
  bytes: fc.uint8Array({ minLength: 0, maxLength: 64 }),
  extras: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }),
});

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;
const b64u = (data: Uint8Array | string) => Buffer.from(data).toString('base64url');

// ---- corruptions

const WRONG_TYPES: unknown[] = [42, -1, 1.5, true, false, 'text', [], [1, 'a'], {}, { a: 1 }, 1e308];

function wrongTypeFor(def: ShapeDef, variant: number): unknown {
  const candidates = WRONG_TYPES.filter((value) => {
    switch (def.type) {
      case 'string':
      case 'blob':
        return typeof value !== 'string';
      case 'integer':
      case 'long':
        return typeof value !== 'number' || !Number.isInteger(value);
      case 'timestamp':
        return typeof value !== 'number';
      case 'boolean':
        return typeof value !== 'boolean';
      case 'list':
        return !Array.isArray(value);
      case 'map':
      case 'structure':
        return typeof value !== 'object' || Array.isArray(value);
      default:
        return false;
    }
  });
  return pick(candidates, variant);
}

/** A value the member's constraints refuse, or undefined when the shape has none to break. */
function constraintBreak(def: ShapeDef, r: Recipe): unknown {
  switch (def.type) {
    case 'string': {
      const options: string[] = [];
      if (def.max !== undefined) options.push('a'.repeat(Math.min(def.max + 1 + (r.size % 4096), 900_000)));
      if (def.min !== undefined && def.min > 0) options.push('');
      if (def.enum) options.push(`NOT_${def.enum[0]}`);
      if (def.pattern && !new RegExp(`^(?:${def.pattern.replace(/^\(\?s\)/, '')})$`, 'su').test('\u0000\u202e')) {
        options.push('\u0000\u202e');
      }
      return options.length ? pick(options, r.variant) : undefined;
    }
    case 'integer':
    case 'long': {
      const options: number[] = [];
      if (def.max !== undefined) options.push(def.max + 1, 1e308, 2 ** 63, Number.MAX_SAFE_INTEGER + 2);
      if (def.min !== undefined) options.push(def.min - 1, -1e308, -(2 ** 63));
      return options.length ? pick(options, r.variant) : undefined;
    }
    case 'list':
      if (def.max !== undefined) return Array.from({ length: def.max + 1 + (r.size % 20_000) }, () => null);
      return undefined;
    case 'blob':
      return '!!not base64!!';
    default:
      return undefined;
  }
}

function deepValue(depth: number, variant: number): string {
  return variant % 2 === 0 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const FOREIGN_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** Access tokens that must never be accepted: truncated, unsigned, HMAC with the public key, foreign keys, edited claims. */
function forgedToken(fx: Fixture, r: Recipe): string {
  const [header, payload, signature] = fx.accessToken.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const headerJson = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
  const edited = (patch: Record<string, unknown>) => b64u(JSON.stringify({ ...claims, ...patch }));
  const variants: (() => string)[] = [
    () => fx.accessToken.slice(0, r.size % fx.accessToken.length),
    () => `${b64u(JSON.stringify({ ...headerJson, alg: 'none' }))}.${payload}.`,
    () => {
      const head = b64u(JSON.stringify({ ...headerJson, alg: 'HS256' }));
      const mac = createHmac('sha256', 'public key as a secret').update(`${head}.${payload}`).digest();
      return `${head}.${payload}.${b64u(mac)}`;
    },
    () => {
      const body = edited({ exp: 9_999_999_999, username: 'someone-else' });
      return `${header}.${body}.${b64u(rsaSign('sha256', Buffer.from(`${header}.${body}`), FOREIGN_KEY))}`;
    },
    () => `${header}.${edited({ scope: 'aws.cognito.signin.user.admin admin' })}.${signature}`,
    () => `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
    () => `${b64u(r.bytes)}.${b64u(r.bytes)}.${b64u(r.bytes)}`,
    () => `${header}.${edited({ iss: 'http://evil.example/us-east-1_Evil1' })}.${signature}`,
    () => `${b64u(JSON.stringify({ ...headerJson, kid: '../../etc/passwd' }))}.${payload}.${signature}`,
    () => `${header}.${edited({ exp: 1e308, iat: -1e308 })}.${signature}`,
    () => `${header}.${b64u(Buffer.from([0xff, 0xfe, 0x00]))}.${signature}`,
    () => 'e30.e30.' + 'A'.repeat(r.size % 4000),
  ];
  return pick(variants, r.variant)();
}

const INVALID_B64U = ['!!!', '%%%', 'a', '====', 'ab=cd', '\u00e9\u00e9', '-'.repeat(5)];
// CBOR that decoders must refuse gracefully: reserved additional info, a huge declared length,
// a break outside indefinite length, unterminated indefinite items, deep nesting, a truncated map.
const BAD_CBOR: Buffer[] = [
  Buffer.from([0x1c]),
  Buffer.from([0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
  Buffer.from([0xff]),
  Buffer.from([0x5f, 0x41, 0x00]),
  Buffer.alloc(20_000, 0x81),
  Buffer.from([0xa3, 0x63, 0x66, 0x6d, 0x74]),
  Buffer.from([0xbf, 0x61, 0x61]),
  Buffer.from([0xf9, 0x7e, 0x00]),
];

function corruptAttestation(authData: Buffer, r: Recipe): Buffer {
  // authData = rpIdHash(32) flags(1) signCount(4) aaguid(16) idLength(2) id publicKey (WebAuthn §6.1).
  const idLength = authData.readUInt16BE(53);
  const beforeKey = authData.subarray(0, 55 + idLength);
  const coseVariants: Buffer[] = [
    ...BAD_CBOR,
    cbor(new Map<never, never>([[1 as never, 2 as never], [3 as never, -7 as never]])),
    cbor(new Map<never, never>([[1 as never, 2 as never], [3 as never, -7 as never], [-1 as never, 1 as never], [-2 as never, Buffer.alloc(3) as never], [-3 as never, Buffer.alloc(3) as never]])),
    cbor(new Map<never, never>([[1 as never, 3 as never], [3 as never, -257 as never], [-1 as never, Buffer.alloc(1) as never], [-2 as never, Buffer.from([1]) as never]])),
    cbor(new Map<never, never>([[1 as never, 1 as never], [3 as never, -8 as never], [-1 as never, 6 as never], [-2 as never, Buffer.alloc(5) as never]])),
    cbor(new Map<never, never>([[1 as never, 99 as never], [3 as never, -999 as never]])),
    cbor('not a key' as never),
  ];
  const variants: (() => Buffer)[] = [
    () => authData.subarray(0, r.size % 37),
    () => authData.subarray(0, 37 + (r.size % 18)),
    () => Buffer.concat([beforeKey, pick(coseVariants, r.variant)]),
    () => Buffer.concat([authData.subarray(0, 53), Buffer.from([0xff, 0xff]), authData.subarray(55)]),
    () => Buffer.concat([Buffer.alloc(32, 7), authData.subarray(32)]),
    () => Buffer.concat([authData, Buffer.from(r.bytes), Buffer.from([0x00])]),
  ];
  const brokenAuthData = pick(variants, r.variant >> 3)();
  const objects: (() => Buffer)[] = [
    () => cbor(new Map<never, never>([['fmt' as never, 'none' as never], ['attStmt' as never, new Map() as never], ['authData' as never, brokenAuthData as never]])),
    () => cbor(new Map<never, never>([['fmt' as never, 'packed' as never], ['attStmt' as never, new Map<never, never>([['alg' as never, -7 as never], ['sig' as never, Buffer.alloc(8) as never], ['x5c' as never, [Buffer.from(r.bytes)] as never]]) as never], ['authData' as never, authData as never]])),
    () => cbor(new Map<never, never>([['fmt' as never, 'tpm' as never], ['attStmt' as never, new Map([['ver', '2.0']]) as never], ['authData' as never, authData as never]])),
    () => cbor(new Map<never, never>([['fmt' as never, 42 as never], ['authData' as never, 'text' as never]])),
    () => pick(BAD_CBOR, r.variant),
    () => Buffer.from(r.bytes),
  ];
  return pick(objects, r.size)();
}

/** A real registration response for a fresh challenge, then one part of it broken. */
async function corruptRegistration(server: TestServer, fx: Fixture, r: Recipe): Promise<unknown> {
  const user = pick(fx.passkeyUsers, r.member);
  const start = await postRaw(server.url, 'StartWebAuthnRegistration', JSON.stringify({ AccessToken: user.accessToken }));
  if (start.status !== 200) return { __answer: start };
  const { CredentialCreationOptions } = JSON.parse(start.body) as { CredentialCreationOptions: PublicKeyCredentialCreationOptionsJSON };
  const response = new SoftAuthenticator().create(ORIGIN, CredentialCreationOptions) as unknown as {
    id: string;
    rawId: string;
    type: string;
    response: Record<string, unknown>;
  };
  const authData = Buffer.from(response.response.authenticatorData as string, 'base64url');
  const variants: (() => void)[] = [
    () => (response.response.attestationObject = b64u(corruptAttestation(authData, r))),
    () => (response.response.attestationObject = pick(INVALID_B64U, r.size)),
    () => (response.response.clientDataJSON = pick(INVALID_B64U, r.size)),
    () => (response.response.clientDataJSON = b64u(r.bytes)),
    () => (response.response.clientDataJSON = b64u('{"type":"webauthn.create","challenge":' + '['.repeat(r.size % 50_000))),
    () => (response.response.clientDataJSON = b64u(JSON.stringify({ type: 'webauthn.create', challenge: 42, origin: ORIGIN }))),
    // keypool keeps the attested credential id, whatever id the client claims, as long as id and rawId agree.
    () => (response.id = pick(INVALID_B64U, r.size)),
    () => (response.type = 'private-key'),
    () => (response.response = pick(WRONG_TYPES, r.size) as Record<string, unknown>),
    () => (response.response.attestationObject = b64u(Buffer.alloc(Math.min(r.size, 700_000), 0x41))),
  ];
  pick(variants, r.variant)();
  return response;
}

/** A real passkey sign-in session and assertion, then one part of the assertion broken. */
async function corruptAssertion(server: TestServer, fx: Fixture, r: Recipe): Promise<Record<string, unknown>> {
  const user = pick(fx.passkeyUsers, r.member);
  const start = await postRaw(
    server.url,
    'InitiateAuth',
    JSON.stringify({ ClientId: fx.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: user.username, PREFERRED_CHALLENGE: 'WEB_AUTHN' } }),
  );
  // A user locked out after earlier failures is refused at the start already: that answer is the case.
  if (start.status !== 200) return { __answer: start };
  const started = JSON.parse(start.body) as { Session: string; ChallengeParameters?: { CREDENTIAL_REQUEST_OPTIONS?: string } };
  if (!started.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS) throw new Error(`no passkey challenge: ${start.body}`);
  const options = JSON.parse(started.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS) as PublicKeyCredentialRequestOptionsJSON;
  const assertion = user.authenticator.get(ORIGIN, options) as unknown as { id: string; rawId: string; response: Record<string, string> };
  const authData = Buffer.from(assertion.response.authenticatorData!, 'base64url');
  const variants: (() => void)[] = [
    () => (assertion.response.signature = b64u(Buffer.from(r.bytes))),
    () => (assertion.response.signature = assertion.response.signature!.slice(0, r.size % 40)),
    () => (assertion.response.authenticatorData = b64u(authData.subarray(0, r.size % 37))),
    () => (assertion.response.authenticatorData = b64u(Buffer.concat([authData, Buffer.from([0xa1, 0x63])]))),
    () => (assertion.response.authenticatorData = pick(INVALID_B64U, r.size)),
    () => (assertion.response.clientDataJSON = b64u(r.bytes)),
    () => (assertion.response.clientDataJSON = pick(INVALID_B64U, r.size)),
    () => (assertion.id = assertion.rawId = b64u(createHash('sha256').update(r.bytes).digest())),
    () => (assertion.id = assertion.rawId = pick(INVALID_B64U, r.size)),
    () => (assertion.response = pick(WRONG_TYPES, r.size) as Record<string, string>),
  ];
  pick(variants, r.variant)();
  const credentialText = r.variant % 13 === 0 ? '['.repeat(r.size % 100_000) : JSON.stringify(assertion);
  return {
    ClientId: fx.clientId,
    ChallengeName: 'WEB_AUTHN',
    Session: started.Session,
    ChallengeResponses: { USERNAME: user.username, CREDENTIAL: credentialText },
  };
}

function withExtras(input: Record<string, unknown>, r: Recipe): Record<string, unknown> {
  for (const [i, name] of r.extras.entries()) {
    if (!(name in input)) input[name] = pick(WRONG_TYPES, r.variant + i);
  }
  return input;
}

/** Inserts bytes that are not UTF-8 (a lone continuation byte, an overlong form, a surrogate half) into a body. */
function withInvalidUtf8(body: string, r: Recipe): Buffer {
  const bad = pick([Buffer.from([0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff, 0xfe]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80])], r.variant);
  const bytes = Buffer.from(body);
  const at = bytes.length === 0 ? 0 : r.size % bytes.length;
  return Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]);
}

interface Built {
  op: OperationName;
  body: string | Buffer;
  /** An answer obtained while preparing the case (a refused start of sign-in). */
  answer?: RawAnswer;
}

async function build(r: Recipe, ops: OperationName[], server: TestServer, fx: Fixture): Promise<Built> {
  if (r.kind === 'registration') {
    const credential = await corruptRegistration(server, fx, r);
    if (typeof credential === 'object' && credential !== null && '__answer' in credential) {
      return { op: 'StartWebAuthnRegistration', body: '', answer: credential.__answer as RawAnswer };
    }
    return { op: 'CompleteWebAuthnRegistration', body: JSON.stringify({ AccessToken: pick(fx.passkeyUsers, r.member).accessToken, Credential: credential }) };
  }
  if (r.kind === 'assertion') {
    const input = await corruptAssertion(server, fx, r);
    if ('__answer' in input) return { op: 'InitiateAuth', body: '', answer: input.__answer as RawAnswer };
    return { op: 'RespondToAuthChallenge', body: JSON.stringify(input) };
  }

  const op = pick(ops, r.op);
  const inputShape = operationDefs[op].input;
  const def = inputShape ? shape(inputShape) : { type: 'structure' as const, members: {} };
  const input = plausibleInput(op, fx);
  const members = Object.entries(def.members ?? {}).filter(([, s]) => shape(s).type !== 'document');
  const required = def.required ?? [];
  const tokenMembers = members.filter(([name]) => name === 'AccessToken');

  const bodyLevel = (): Built => {
    const bodies = [
      JSON.stringify(input).slice(0, Math.max(1, r.size % Math.max(2, JSON.stringify(input).length))),
      '[]',
      '"text"',
      '42',
      'null',
      '{"a":1,}',
      Buffer.from(r.bytes).toString('latin1') + '{',
      '{' + '"k":1,'.repeat(r.size % 100_000) + '"z":{',
    ];
    return { op, body: pick(bodies, r.variant) };
  };

  switch (r.kind) {
    case 'missing': {
      if (required.length === 0) return bodyLevel();
      delete input[pick(required, r.member)];
      return { op, body: JSON.stringify(withExtras(input, r)) };
    }
    case 'wrongType': {
      if (members.length === 0) return bodyLevel();
      const [name, memberShape] = pick(members, r.member);
      input[name] = wrongTypeFor(shape(memberShape), r.variant);
      return { op, body: JSON.stringify(withExtras(input, r)) };
    }
    case 'constraint': {
      const breakable = members.map(([name, s]) => [name, constraintBreak(shape(s), r)] as const).filter(([, v]) => v !== undefined);
      if (breakable.length === 0) return bodyLevel();
      const [name, value] = pick(breakable, r.member);
      input[name] = value;
      return { op, body: JSON.stringify(withExtras(input, r)) };
    }
    case 'deep': {
      if (members.length === 0) return bodyLevel();
      const [name] = pick(members, r.member);
      const marker = '"__deep__"';
      // Unknown members of a structure are ignored (as AWS does), so only a list can be too deep there.
      const variant = shape(def.members![name]!).type === 'structure' ? 0 : r.variant;
      input[name] = '__deep__';
      // At least two levels: one level is `[]`, a valid empty list where the model allows one.
      return { op, body: JSON.stringify(input).replace(marker, deepValue(2 + (r.size % 99_999), variant)) };
    }
    case 'utf8': {
      if (required.length === 0) return { op, body: withInvalidUtf8(bodyLevel().body as string, r) };
      delete input[pick(required, r.member)];
      return { op, body: withInvalidUtf8(JSON.stringify(input), r) };
    }
    case 'token': {
      if (tokenMembers.length === 0) {
        // RevokeToken is left out: an unknown token is not an error there (RFC 7009 §2.2).
        const names = ['RefreshToken', 'Token', 'Session'].filter((n) => n in (def.members ?? {}) && op !== 'RevokeToken');
        if (names.length === 0) return bodyLevel();
        input[pick(names, r.member)] = forgedToken(fx, r).slice(0, 2048) || 'x';
        if (op === 'RevokeToken' || op === 'GetTokensFromRefreshToken') input.ClientId = fx.clientId;
        return { op, body: JSON.stringify(input) };
      }
      input.AccessToken = forgedToken(fx, r);
      return { op, body: JSON.stringify(withExtras(input, r)) };
    }
    default:
      return bodyLevel();
  }
}

async function setUp(server: TestServer): Promise<Fixture> {
  const { cognito } = server;
  const ids = await createLiveIds(server);
  const passkeyUsers: Fixture['passkeyUsers'] = [];
  for (let i = 0; i < PASSKEY_USERS; i++) {
    const username = `passkey-${i}`;
    await createUser(cognito, ids.poolId, username, { email: `${username}@example.com`, email_verified: 'true' });
    const userTokens = await signIn(cognito, ids.clientId, username);
    const userAuthenticator = new SoftAuthenticator();
    await registerPasskey(cognito, userTokens.AccessToken!, userAuthenticator);
    passkeyUsers.push({ username, authenticator: userAuthenticator, accessToken: userTokens.AccessToken! });
  }
  return { ...ids, passkeyUsers };
}

describe('hostile input', () => {
  let server: TestServer;
  let fx: Fixture;
  let ops: OperationName[];
  before(async () => {
    server = await startTestServer();
    fx = await setUp(server);
    ops = Object.keys(operations).filter(isOperationName).sort();
  });
  after(() => server?.dispose());

  it(`answers ${CASES} malformed requests across every operation with a 4xx, memory flat (seed ${SEED})`, async () => {
    const recipes = fc.sample(recipe, { seed: SEED, numRuns: CASES });
    const failures: string[] = [];
    const perOp = new Map<string, number>();
    const statuses = new Map<number, number>();
    const check = (built: Built, answer: RawAnswer, r: Recipe) => {
      perOp.set(built.op, (perOp.get(built.op) ?? 0) + 1);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const allowed = [...PROTOCOL_ERRORS, ...operationDefs[built.op].errors];
      const sensible = answer.errorType !== undefined && allowed.includes(answer.errorType);
      if (answer.status < 400 || answer.status >= 500 || !sensible) {
        failures.push(`${built.op} ${r.kind} (variant ${r.variant}, member ${r.member}): ${answer.status} ${answer.errorType} ${answer.body.slice(0, 300)}`);
      }
    };
    const runBatch = async (batch: Recipe[]) =>
      runConcurrently(batch, CONCURRENCY, async (r) => {
        const built = await build(r, ops, server, fx);
        const answer = built.answer ?? (await postRaw(server.url, built.op, built.body));

        check(built, answer, r);
      });

    // Warm up first, so the figures compare steady states rather than a cold start.
    const warmUp = Math.min(500, Math.floor(CASES / 10));
    await runBatch(recipes.slice(0, warmUp));
    collectGarbage();
    const memoryBefore = process.memoryUsage();
    await runBatch(recipes.slice(warmUp));
    collectGarbage();
    const memoryAfter = process.memoryUsage();

    const heapGrowthMb = (memoryAfter.heapUsed - memoryBefore.heapUsed) / 2 ** 20;
    const rssGrowthMb = (memoryAfter.rss - memoryBefore.rss) / 2 ** 20;
    const untouched = ops.filter((op) => !perOp.has(op));
    console.log(
      JSON.stringify({
        seed: SEED,
        cases: CASES,
        operations: ops.length,
        statuses: Object.fromEntries(statuses),
        failures: failures.length,
        heapGrowthMb: Math.round(heapGrowthMb * 10) / 10,
        rssGrowthMb: Math.round(rssGrowthMb * 10) / 10,
      }),
    );
    assert.deepEqual(untouched, [], 'every operation was fuzzed');
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} answers were not a sensible 4xx`);
    assert.ok(heapGrowthMb < 64, `heap grew by ${heapGrowthMb.toFixed(1)} MiB`);
    assert.ok(rssGrowthMb < 256, `rss grew by ${rssGrowthMb.toFixed(1)} MiB`);

    // Still serving, and the fixture's data intact.
    const user = await callJson<{ Username: string }>(server.url, 'GetUser', { AccessToken: fx.accessToken });
    assert.equal(user.Username, fx.username);
  });
});
