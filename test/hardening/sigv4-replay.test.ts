// The attacks on SigV4, against a keypool with admin credentials: a signed request dated 30 days
// ago or a year ahead, a captured request replayed once its 5 minutes are over, and a captured
// signature that did not cover X-Amz-Target replayed as AdminDeleteUser (the operation swap), or
// one that did not cover Host or X-Amz-Date. Requests are signed with the AWS SDK's own signer,
// choosing the date and the headers signed as an attacker (or a careless client) would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminGetUserCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createUser, poolWithClient } from '../support/fixtures.js';
import { sdkClient, startTestServer, type TestServer } from '../support/server.js';

const ADMIN = { accessKeyId: 'AKIDREPLAYADMIN', secretAccessKey: 'replay-admin-secret' };
const TARGET = 'AWSCognitoIdentityProviderService';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const amzDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');

interface SignOptions {
  /** When the signer's clock says the request was made. */
  at: number;
  /** Headers left out of SignedHeaders. */
  unsigned?: string[];
  service?: string;
}

interface Captured {
  headers: Record<string, string>;
  body: string;
}

describe('SigV4 replay and operation swap', () => {
  let server: TestServer;
  let admin: ReturnType<typeof sdkClient>;
  let host: string;
  let poolId: string;

  async function sign(operation: string, input: unknown, options: SignOptions): Promise<Captured> {
    const signer = new SignatureV4({ credentials: ADMIN, region: 'us-east-1', service: options.service ?? 'cognito-idp', sha256: Sha256 });
    const body = JSON.stringify(input);
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: server.keypool.port,
        path: '/',
        headers: { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.${operation}` },
        body,
      },
      { signingDate: new Date(options.at), unsignableHeaders: new Set(options.unsigned ?? []) },
    );
    return { headers: signed.headers as Record<string, string>, body };
  }

  /** Sends a captured request, with some of its headers replaced; the error type and message, or undefined on 200. */
  async function replay(captured: Captured, replace: Record<string, string> = {}) {
    const { host: _host, ...headers } = { ...captured.headers, ...replace };
    const response = await fetch(server.url, { method: 'POST', headers, body: captured.body });
    const answer = (await response.json()) as { __type?: string; message?: string };
    return response.status === 200 ? undefined : { type: answer.__type, message: answer.message };
  }

  const userExists = async (username: string) =>
    admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })).then(
      () => true,
      (error: Error) => (error.name === 'UserNotFoundException' ? false : Promise.reject(error)),
    );

  before(async () => {
    server = await startTestServer({ adminCredentials: [ADMIN] });
    host = `127.0.0.1:${server.keypool.port}`;
    admin = sdkClient(server.url, ADMIN);
    ({ poolId } = await poolWithClient(admin));
    await createUser(admin, poolId, 'keeper');
  });
  after(async () => {
    admin?.destroy();
    await server?.dispose();
  });

  it('refuses a request signed 30 days ago, in AWS words, creating nothing', async () => {
    const now = server.clock.now();
    const old = await sign('CreateUserPool', { PoolName: 'from-last-month' }, { at: now - 30 * DAY });
    assert.deepEqual(await replay(old), {
      type: 'InvalidSignatureException',
      message: `Signature expired: ${amzDate(now - 30 * DAY)} is now earlier than ${amzDate(now - 5 * MINUTE)} (${amzDate(now)} - 5 min.)`,
    });
    const { UserPools } = await admin.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    assert.equal(UserPools!.some((p) => p.Name === 'from-last-month'), false);
  });

  it('refuses a request dated a year ahead', async () => {
    const now = server.clock.now();
    const ahead = await sign('CreateUserPool', { PoolName: 'from-next-year' }, { at: now + 365 * DAY });
    assert.deepEqual(await replay(ahead), {
      type: 'InvalidSignatureException',
      message: `Signature not yet current: ${amzDate(now + 365 * DAY)} is still later than ${amzDate(now + 5 * MINUTE)} (${amzDate(now)} + 5 min.)`,
    });
  });

  it('accepts 4 minutes of skew either way, and refuses a captured request once its 5 minutes are over', async () => {
    const now = server.clock.now();
    assert.equal(await replay(await sign('ListUserPools', { MaxResults: 1 }, { at: now + 4 * MINUTE })), undefined);
    const captured = await sign('AdminGetUser', { UserPoolId: poolId, Username: 'keeper' }, { at: now - 4 * MINUTE });
    assert.equal(await replay(captured), undefined, 'fresh enough');
    server.clock.advance(61_000);
    assert.equal((await replay(captured))?.message?.startsWith('Signature expired: '), true);
  });

  it('refuses the operation swap: a signature that does not cover X-Amz-Target cannot become AdminDeleteUser', async () => {
    const now = server.clock.now();
    const uncovered = await sign('AdminGetUser', { UserPoolId: poolId, Username: 'keeper' }, { at: now, unsigned: ['x-amz-target'] });
    assert.doesNotMatch(uncovered.headers.authorization!, /x-amz-target/);
    assert.deepEqual(await replay(uncovered, { 'x-amz-target': `${TARGET}.AdminDeleteUser` }), {
      type: 'InvalidSignatureException',
      message: "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.",
    });
    // Covered, the swap breaks the signature.
    const covered = await sign('AdminGetUser', { UserPoolId: poolId, Username: 'keeper' }, { at: now });
    const swapped = await replay(covered, { 'x-amz-target': `${TARGET}.AdminDeleteUser` });
    assert.equal(swapped?.type, 'InvalidSignatureException');
    assert.match(swapped!.message!, /^The request signature we calculated does not match/);
    assert.equal(await userExists('keeper'), true, 'nothing deleted');
  });

  it('wants Host and X-Amz-Date signed, and the credential scoped to cognito-idp on the request date', async () => {
    const now = server.clock.now();
    const input = { UserPoolId: poolId, Username: 'keeper' };
    assert.deepEqual(await replay(await sign('AdminDeleteUser', input, { at: now, unsigned: ['host'] })), {
      type: 'InvalidSignatureException',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
    assert.deepEqual(await replay(await sign('AdminDeleteUser', input, { at: now, unsigned: ['x-amz-date'] })), {
      type: 'InvalidSignatureException',
      message: "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.",
    });
    assert.deepEqual(await replay(await sign('AdminDeleteUser', input, { at: now, service: 's3' })), {
      type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'cognito-idp'.",
    });
    const signed = await sign('AdminDeleteUser', input, { at: now });
    const yesterday = amzDate(now - DAY).slice(0, 8);
    const rescoped = signed.headers.authorization!.replace(/\/\d{8}\//, `/${yesterday}/`);
    assert.deepEqual(await replay(signed, { authorization: rescoped }), {
      type: 'InvalidSignatureException',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${yesterday}' != '${amzDate(now).slice(0, 8)}', from '${signed.headers['x-amz-date']}'.`,
    });
    assert.equal(await userExists('keeper'), true, 'nothing deleted');
  });
});
