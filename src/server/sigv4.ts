// SigV4 verification of IAM-authorized operations, for a keypool started with credentials of its
// own, checked as AWS checks them: the canonical request is rebuilt from exactly the headers the
// client listed in SignedHeaders (the JavaScript SDK, botocore, the AWS CLI and curl each sign a
// different set), `host`, `x-amz-date` and `x-amz-target` must be among them (so a signature cannot
// be replayed on another host or moved to another operation), the request must be dated within
// 5 minutes of keypool's clock, and signatures are compared in constant time. The canonical path and
// query, the string to sign and the signing key are @smithy/signature-v4's, the AWS SDK's own.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ALGORITHM_IDENTIFIER, SignatureV4Base, createScope, getSigningKey } from '@smithy/signature-v4';
import type { AdminCredentials } from '../config.js';
import { errors } from '../protocol/errors.js';

export interface SignedRequest {
  method: string;
  /** The request target as received: path and query, still percent-encoded. */
  url: string;
  /** Every header's values as received (IncomingMessage.headersDistinct). */
  headers: Record<string, string[] | undefined>;
  body: Buffer;
}

const SERVICE = 'cognito-idp';
const CLOCK_SKEW_MS = 5 * 60_000;
/** Headers every signature must cover, with the names AWS gives them when one is missing. */
const MUST_BE_SIGNED: readonly (readonly [string, string])[] = [
  ['host', "'Host' or ':authority'"],
  ['x-amz-date', "'X-Amz-Date'"],
  ['x-amz-target', "'X-Amz-Target'"],
];

/** The canonical request and string to sign of SigV4, over headers chosen by the caller. */
class CanonicalSigning extends SignatureV4Base {
  constructor() {
    super({ service: SERVICE, region: '', credentials: { accessKeyId: '', secretAccessKey: '' }, sha256: Sha256 });
  }

  stringToSign(request: SignedRequest, canonicalHeaders: Record<string, string>, longDate: string, scope: string): Promise<string> {
    const [path = '/', search = ''] = request.url.split(/\?(.*)/s);
    const canonicalRequest = this.createCanonicalRequest(
      { method: request.method, protocol: 'http:', hostname: '', path, query: parseQuery(search), headers: canonicalHeaders },
      canonicalHeaders,
      createHash('sha256').update(request.body).digest('hex'),
    );
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
  }
}

const canonicalSigning = new CanonicalSigning();

/** The query's names and values, decoded, for the canonical query string (which encodes them again, sorted). */
function parseQuery(search: string): Record<string, string[]> {
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const query = new Map<string, string[]>();
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    const key = decode(name);
    query.set(key, [...(query.get(key) ?? []), decode(value)]);
  }
  return Object.fromEntries(query);
}

/** Parses the X-Amz-Date form, 20240101T000000Z, to epoch milliseconds. */
function parseAmzDate(value: string): number | undefined {
  const m = value.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

const formatAmzDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');

type AuthorizationParts = Partial<Record<'Credential' | 'SignedHeaders' | 'Signature', string>>;

/** `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`, its parts by name. */
function parseAuthorization(value: string): AuthorizationParts {
  if (!value.startsWith(`${ALGORITHM_IDENTIFIER} `)) return {};
  const parts: AuthorizationParts = {};
  for (const part of value.slice(ALGORITHM_IDENTIFIER.length + 1).split(',')) {
    const [name = '', content = ''] = part.trim().split(/=(.*)/s);
    if (name === 'Credential' || name === 'SignedHeaders' || name === 'Signature') parts[name] = content;
  }
  return parts;
}

export async function verifySigV4(request: SignedRequest, credentials: AdminCredentials[], now: number): Promise<void> {
  // Header names come from the client's SignedHeaders: only the request's own headers are looked up.
  const valuesOf = (name: string) => (Object.hasOwn(request.headers, name) ? request.headers[name] : undefined);
  const header = (name: string) => valuesOf(name)?.join(',');
  const authorization = header('authorization');
  if (authorization === undefined) throw errors.missingAuthenticationToken('no Authorization header on an IAM-authorized operation');
  const parts = parseAuthorization(authorization);
  const amzDate = header('x-amz-date');
  const missing = (['Credential', 'SignedHeaders', 'Signature'] as const)
    .filter((name) => !parts[name])
    .map((name) => `Authorization header requires '${name}' parameter.`);
  if (amzDate === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0 || amzDate === undefined) throw errors.incompleteSignature(missing.join(' '));
  const { Credential: credential = '', SignedHeaders: signedHeaderList = '', Signature: signature = '' } = parts;

  const [accessKeyId, scopeDate = '', region = '', service, terminator, ...extra] = credential.split('/');
  if (terminator !== 'aws4_request' || extra.length > 0) throw errors.credentialTerminator(terminator ?? '');
  if (service !== SERVICE) throw errors.credentialService(SERVICE);
  const known = credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!known) throw errors.unrecognizedClient('unknown access key id');

  if (!/^[a-z0-9-]+(;[a-z0-9-]+)*$/.test(signedHeaderList)) {
    throw errors.incompleteSignature(`SignedHeaders is not a list of header names: ${signedHeaderList}`);
  }
  const signedHeaders = signedHeaderList.split(';');
  for (const [name, awsName] of MUST_BE_SIGNED) {
    if (!signedHeaders.includes(name)) throw errors.headerNotSigned(awsName);
  }
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) throw errors.malformedAmzDate(amzDate);
  if (signedAt < now - CLOCK_SKEW_MS) {
    throw errors.signatureExpired(amzDate, formatAmzDate(now - CLOCK_SKEW_MS), formatAmzDate(now));
  }
  if (signedAt > now + CLOCK_SKEW_MS) {
    throw errors.signatureNotYetCurrent(amzDate, formatAmzDate(now + CLOCK_SKEW_MS), formatAmzDate(now));
  }
  if (scopeDate !== amzDate.slice(0, 8)) throw errors.credentialDate(scopeDate, amzDate);

  // SigV4: each signed header's values, trimmed, inner runs of spaces folded to one, joined by commas.
  const canonicalHeaders: Record<string, string> = {};
  for (const name of signedHeaders) {
    canonicalHeaders[name] = (valuesOf(name) ?? []).map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
  }
  const scope = createScope(scopeDate, region, SERVICE);
  const stringToSign = await canonicalSigning.stringToSign(request, canonicalHeaders, amzDate, scope);
  const key = await getSigningKey(Sha256, known, scopeDate, region, SERVICE);
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw errors.invalidSignature('signature mismatch');
}
