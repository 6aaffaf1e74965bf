// A node whose PostgreSQL goes away: requests fail fast with InternalErrorException, /health says
// 503, the process stays up, and once the database is back everything works again by itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeUserPoolCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expectError, signedInUser } from './support/fixtures.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from './support/postgres.js';
import { startTestServer, type TestServer } from './support/server.js';
import { TcpProxy } from './support/tcpProxy.js';

const baseUrl = testDatabaseUrl();

describe('PostgreSQL outage', { skip: baseUrl ? undefined : 'KEYPOOL_TEST_DATABASE_URL is not set' }, () => {
  let schema: TestSchema;
  let proxy: TcpProxy;
  let server: TestServer;
  before(async () => {
    schema = await createTestSchema(baseUrl!);
    const target = new URL(schema.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.up();
    const proxied = new URL(schema.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    server = await startTestServer({ databaseUrl: proxied.toString(), databasePoolSize: 4 });
  });
  after(async () => {
    await server?.dispose();
    await proxy?.down();
    await schema?.drop();
  });

  it('fails fast while the database is down and recovers by itself when it returns', async () => {
    const { pool, accessToken } = await signedInUser(server.cognito);
    assert.equal((await fetch(`${server.url}/health`)).status, 200);

    await proxy.down();
    const started = performance.now();
    const failure = await expectError(server.cognito.send(new GetUserCommand({ AccessToken: accessToken })), 'InternalErrorException');
    assert.equal((failure as Error & { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode, 500);
    await expectError(server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id! })), 'InternalErrorException');
    assert.ok(performance.now() - started < 3000, 'answered within the connect timeout');
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 503);
    assert.deepEqual(await health.json(), { status: 'unavailable', store: 'postgres' });

    await proxy.up();
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    const user = await server.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.equal(user.Username, 'alice');
  });
});
