// The operator outbox: where codes land, who may read it, and that codes never leak elsewhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { sdkClient, startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createClient, createPool, poolWithClient, signIn } from '../support/fixtures.js';
import { readOutbox } from '../support/outbox.js';

describe('operator outbox', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  it('holds the sign-up code, which confirms the user and appears nowhere in API answers', async () => {
    const { pool, client } = await poolWithClient(server.cognito, { pool: { AutoVerifiedAttributes: ['email'] } });
    const answer = await server.cognito.send(
      new SignUpCommand({ ClientId: client.ClientId, Username: 'nia', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'nia@example.com' }] }),
    );
    const { status, body } = await readOutbox(server, { poolId: pool.Id!, username: 'nia' });
    assert.equal(status, 200);
    assert.equal(body.messages!.length, 1);
    const [message] = body.messages!;
    assert.equal(message!.channel, 'EMAIL');
    assert.equal(message!.subject, 'Your verification code');
    assert.ok(message!.message.includes(message!.code!));
    assert.ok(!JSON.stringify(answer).includes(message!.code!));
    const confirmed = await server.cognito.send(new ConfirmSignUpCommand({ ClientId: client.ClientId, Username: 'nia', ConfirmationCode: message!.code }));
    assert.ok(!JSON.stringify(confirmed).includes(message!.code!));
    assert.ok((await signIn(server.cognito, client.ClientId!, 'nia')).AccessToken);
  });

  it('uses the pool\'s verification template', async () => {
    const pool = await createPool(server.cognito, {
      AutoVerifiedAttributes: ['email'],
      VerificationMessageTemplate: { EmailMessage: 'Welcome! Code: {####}', EmailSubject: 'Hello' },
    });
    const client = await createClient(server.cognito, pool.Id!);
    await server.cognito.send(
      new SignUpCommand({ ClientId: client.ClientId, Username: 'oz', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'oz@example.com' }] }),
    );
    const [message] = (await readOutbox(server, { poolId: pool.Id! })).body.messages!;
    assert.equal(message!.subject, 'Hello');
    assert.equal(message!.message, `Welcome! Code: ${message!.code}`);
  });
});

describe('operator outbox with admin credentials', () => {
  const credentials = { accessKeyId: 'AKIDOPERATOR', secretAccessKey: 'operator-secret' };
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ adminCredentials: [credentials] });
  });
  after(() => server.dispose());

  it('answers 401 without the operator\'s credentials and 200 with them', async () => {
    assert.equal((await readOutbox(server)).status, 401);
    const wrong = `Basic ${Buffer.from('AKIDOPERATOR:guess').toString('base64')}`;
    assert.equal((await readOutbox(server, {}, { authorization: wrong })).status, 401);
    const operator = sdkClient(server.url, credentials);
    try {
      const { client } = await poolWithClient(operator, { pool: { AutoVerifiedAttributes: ['email'] } });
      await operator.send(
        new SignUpCommand({ ClientId: client.ClientId, Username: 'pat', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'pat@example.com' }] }),
      );
    } finally {
      operator.destroy();
    }
    const right = `Basic ${Buffer.from('AKIDOPERATOR:operator-secret').toString('base64')}`;
    const { status, body } = await readOutbox(server, {}, { authorization: right });
    assert.equal(status, 200);
    assert.match(body.messages![0]!.code!, /^\d{6}$/);
  });
});

describe('operator outbox switched off', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ outbox: false });
  });
  after(() => server.dispose());

  it('answers 404 and keeps no codes, while sign-up still works', async () => {
    const { client } = await poolWithClient(server.cognito, { pool: { AutoVerifiedAttributes: ['email'] } });
    const answer = await server.cognito.send(
      new SignUpCommand({ ClientId: client.ClientId, Username: 'quin', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'quin@example.com' }] }),
    );
    assert.equal(answer.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    assert.equal((await readOutbox(server)).status, 404);
    assert.deepEqual(await server.keypool.app.store.outbox.list({ limit: 10 }), []);
  });
});
