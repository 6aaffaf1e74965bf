// Raw AWS JSON 1.1 requests over keep-alive fetch, for hostile-input and load tests that must send
// what no SDK would (invalid UTF-8, wrong types, broken JSON) and see every answer as it is.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService';

export interface RawAnswer {
  status: number;
  errorType?: string;
  body: string;
}

export async function postRaw(url: string, operation: string, body: string | Uint8Array): Promise<RawAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `${TARGET_PREFIX}.${operation}`,
      // SigV4 is not verified unless keypool is configured with credentials.
      Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20240101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00',
    },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });
  const text = await response.text();
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype') ?? undefined, body: text };
}

export async function callJson<T = Record<string, unknown>>(url: string, operation: string, input: unknown): Promise<T> {
  const answer = await postRaw(url, operation, JSON.stringify(input));
  if (answer.status !== 200) throw new Error(`${operation} answered ${answer.status} ${answer.errorType}: ${answer.body}`);
  return JSON.parse(answer.body) as T;
}

/** Runs `work` over every item with at most `concurrency` in flight. */
export async function runConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A full garbage collection, so that heap figures before and after a run can be compared. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

/** A small seeded PRNG (mulberry32) for reproducible load and fault schedules. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
