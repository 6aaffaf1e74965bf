// The AWS JSON 1.1 protocol itself: targets, bodies, errors, validation, CORS.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectError } from '../support/fixtures.js';

const TARGET = 'AWSCognitoIdentityProviderService';

async function post(server: TestServer, target: string | undefined, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}), ...headers },
    body,
  });
  return { response, json: (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined };
}

describe('protocol', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  it('answers a created pool with epoch-second dates and a request id', async () => {
    const { response, json } = await post(server, `${TARGET}.CreateUserPool`, JSON.stringify({ PoolName: 'p1' }));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    const pool = json!.UserPool as Record<string, unknown>;
    assert.match(String(pool.Id), /^us-east-1_[0-9a-zA-Z]{9}$/);
    assert.equal(typeof pool.CreationDate, 'number');
    assert.ok(Math.abs((pool.CreationDate as number) - server.clock.now() / 1000) < 1);
  });

  it('refuses an unknown operation and a foreign target prefix with UnknownOperationException', async () => {
    for (const target of [`${TARGET}.NoSuchThing`, 'AmazonDynamoDB.CreateUserPool', undefined]) {
      const { response, json } = await post(server, target, '{}');
      assert.equal(response.status, 400);
      assert.equal(json!.__type, 'UnknownOperationException');
      assert.equal(response.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    }
  });

  it('refuses malformed JSON with SerializationException', async () => {
    const { response, json } = await post(server, `${TARGET}.CreateUserPool`, '{"PoolName":');
    assert.equal(response.status, 400);
    assert.equal(json!.__type, 'SerializationException');
    const wrongType = await post(server, `${TARGET}.CreateUserPool`, JSON.stringify({ PoolName: { nested: true } }));
    assert.equal(wrongType.json!.__type, 'SerializationException');
  });

  it('refuses a body over 1 MiB with a 4xx', async () => {
    const { response } = await post(server, `${TARGET}.CreateUserPool`, JSON.stringify({ PoolName: 'x'.repeat(1024 * 1024 + 10) }));
    assert.ok(response.status >= 400 && response.status < 500);
  });

  it('validates input against the model in AWS wording', async () => {
    const error = await expectError(
      server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: 'not a pool id' })),
      'InvalidParameterException',
    );
    assert.equal(
      error.message,
      "1 validation error detected: Value 'not a pool id' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    );
    const missing = await post(server, `${TARGET}.CreateUserPool`, '{}');
    assert.equal(missing.json!.__type, 'InvalidParameterException');
    assert.equal(missing.json!.message, "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null");
    const two = await expectError(server.cognito.send(new CreateUserPoolCommand({ PoolName: '' })), 'InvalidParameterException');
    assert.match(two.message, /^2 validation errors detected: Value '' at 'poolName' failed to satisfy constraint: Member must have length greater than or equal to 1; /);
  });

  it('answers CORS preflights and exposes the AWS headers', async () => {
    const headers = 'amz-sdk-invocation-id,amz-sdk-request,cache-control,content-type,x-amz-target,x-amz-user-agent';
    const preflight = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    for (const h of headers.split(',')) assert.ok(preflight.headers.get('access-control-allow-headers')!.includes(h));
    const { response } = await post(server, `${TARGET}.NoSuchThing`, '{}', { origin: 'http://localhost:5173' });
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /x-amzn-ErrorType/);
  });

  it('answers /health', async () => {
    const response = await fetch(`${server.url}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', store: server.keypool.app.store.kind });
  });
});
