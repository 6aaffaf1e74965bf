// SigV4 verification of IAM-authorized operations, for a keypool started with credentials of its
// own. The signature is recomputed with the AWS SDK's own signer over the headers the client says
// it signed, and compared in constant time.
import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AdminCredentials } from '../config.js';
import { errors } from '../protocol/errors.js';

export interface SignedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Parses X-Amz-Date (20240101T000000Z). */
function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

export async function verifySigV4(request: SignedRequest, credentials: AdminCredentials[]): Promise<void> {
  const authorization = header(request.headers, 'authorization');
  if (!authorization) throw errors.missingAuthenticationToken('no Authorization header on an IAM-authorized operation');
  const match = authorization.match(AUTHORIZATION);
  if (!match) throw errors.invalidSignature('the Authorization header is not a SigV4 header');
  const [, accessKeyId, , region, service, signedHeaderList, signature] = match as unknown as string[];
  const known = credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!known) throw errors.unrecognizedClient(`unknown access key id`);
  const signingDate = parseAmzDate(header(request.headers, 'x-amz-date'));
  if (!signingDate) throw errors.invalidSignature('missing or malformed X-Amz-Date');

  const signedHeaders = signedHeaderList!.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = header(request.headers, name) ?? '';
  const signer = new SignatureV4({
    credentials: { accessKeyId: known.accessKeyId, secretAccessKey: known.secretAccessKey, sessionToken: header(request.headers, 'x-amz-security-token') },
    region: region!,
    service: service!,
    sha256: Sha256,
  });
  const [path, query = ''] = request.path.split('?');
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path: path!,
      query: Object.fromEntries(new URLSearchParams(query)),
      headers,
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(signedHeaders) },
  );
  const expected = String(signed.headers['authorization'] ?? '').match(/Signature=([0-9a-f]{64})$/)?.[1] ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(signature!);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw errors.invalidSignature('signature mismatch');
}
