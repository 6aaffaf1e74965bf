// AdminListUserAuthEvents through the real SDK, and the operator's view of the same events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminListUserAuthEventsCommand,
  ChangePasswordCommand,
  ConfirmSignUpCommand,
  DeleteWebAuthnCredentialCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, createUser, expectError, PASSWORD, poolWithUser, signIn } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';
import { passkeyPool, userWithPasskey } from '../support/userAuth.js';

const THREAT_PROTECTION = { UserPoolTier: 'PLUS' as const, UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' as const } };

function wrongPassword(cognito: CognitoIdentityProviderClient, clientId: string, username: string) {
  return cognito.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Wr0ng-password!' } }),
  );
}

interface OperatorEvent {
  username?: string;
  outcome: string;
  reason?: string;
  errorType?: string;
  flow?: string;
  eventType: string;
}

describe('AdminListUserAuthEvents', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolWithUser(server.cognito, { pool: THREAT_PROTECTION }));
    await createUser(server.cognito, poolId, 'bob');
  });
  after(() => server.dispose());

  it('lists a sign-in and a failed sign-in, newest first, in Cognito’s shape', async () => {
    const signedInAt = server.clock.now();
    await signIn(server.cognito, clientId, 'alice');
    server.clock.advance(5_000);
    await expectError(wrongPassword(server.cognito, clientId, 'alice'), 'NotAuthorizedException', 'Incorrect username or password.');

    const { AuthEvents, NextToken } = await server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.equal(NextToken, undefined);
    assert.equal(AuthEvents!.length, 2);
    const [failed, passed] = AuthEvents!;
    assert.equal(failed!.EventType, 'SignIn');
    assert.equal(failed!.EventResponse, 'Fail');
    assert.deepEqual(failed!.ChallengeResponses, [{ ChallengeName: 'Password', ChallengeResponse: 'Failure' }]);
    assert.equal(failed!.CreationDate!.getTime(), signedInAt + 5_000);
    assert.equal(passed!.EventResponse, 'Pass');
    assert.deepEqual(passed!.ChallengeResponses, [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }]);
    assert.equal(passed!.CreationDate!.getTime(), signedInAt);
    assert.equal(passed!.EventContextData!.IpAddress, '127.0.0.1');
    assert.match(passed!.EventContextData!.DeviceName ?? '', /aws-sdk-js/);
    // The first sign-in is not scored; the fixtures' password is a well-known breached one.
    assert.deepEqual(passed!.EventRisk, { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: true });
    assert.notEqual(failed!.EventId, passed!.EventId);
  });

  it('finds the user by an alias and by sub', async () => {
    await signIn(server.cognito, clientId, 'bob');
    const byName = await server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'bob' }));
    assert.equal(byName.AuthEvents!.length, 1);
    const sub = (await server.keypool.app.store.users.get(poolId, 'bob'))!.sub;
    const bySub = await server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: sub }));
    assert.deepEqual(bySub.AuthEvents!.map((e) => e.EventId), byName.AuthEvents!.map((e) => e.EventId));
  });

  it('pages with MaxResults and NextToken, and refuses another user’s token', async () => {
    for (let i = 0; i < 3; i++) {
      server.clock.advance(1_000);
      await signIn(server.cognito, clientId, 'bob');
    }
    const all = await server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'bob' }));
    const first = await server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'bob', MaxResults: 3 }));
    assert.equal(first.AuthEvents!.length, 3);
    assert.ok(first.NextToken);
    const second = await server.cognito.send(
      new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'bob', MaxResults: 3, NextToken: first.NextToken }),
    );
    assert.equal(second.NextToken, undefined);
    assert.deepEqual(
      [...first.AuthEvents!, ...second.AuthEvents!].map((e) => e.EventId),
      all.AuthEvents!.map((e) => e.EventId),
    );
    await expectError(
      server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'alice', NextToken: first.NextToken })),
      'InvalidParameterException',
    );
  });

  it('refuses a pool without threat protection, an unknown pool and an unknown user', async () => {
    const plain = (await createPool(server.cognito)).Id!;
    await createUser(server.cognito, plain, 'carol');
    await expectError(
      server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: plain, Username: 'carol' })),
      'UserPoolAddOnNotEnabledException',
    );
    await expectError(
      server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: 'us-east-1_nothere00', Username: 'alice' })),
      'ResourceNotFoundException',
      'User pool us-east-1_nothere00 does not exist.',
    );
    await expectError(
      server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'nobody' })),
      'UserNotFoundException',
      'User does not exist.',
    );
  });

  it('gives the operator the precise reason, which the client never sees', async () => {
    const failure = await expectError(wrongPassword(server.cognito, clientId, 'alice'), 'NotAuthorizedException');
    assert.equal(failure.message, 'Incorrect username or password.');
    const response = await fetch(`${server.url}/_keypool/api/events?poolId=${poolId}&username=alice&outcome=Fail`);
    assert.equal(response.status, 200);
    const { events } = (await response.json()) as { events: OperatorEvent[] };
    assert.ok(events.length >= 1);
    assert.equal(events[0]!.errorType, 'NotAuthorizedException');
    assert.equal(events[0]!.flow, 'USER_PASSWORD_AUTH');
    assert.ok(events[0]!.reason && events[0]!.reason !== failure.message, `a reason beyond the public message: ${events[0]!.reason}`);
    assert.ok(events.every((e) => e.outcome === 'Fail' && e.username === 'alice'));
  });

  it('records an attempt for an unknown user under the name tried', async () => {
    await expectError(wrongPassword(server.cognito, clientId, 'mallory'), 'UserNotFoundException');
    const response = await fetch(`${server.url}/_keypool/api/events?poolId=${poolId}&username=mallory`);
    const { events } = (await response.json()) as { events: OperatorEvent[] };
    assert.equal(events.length, 1);
    assert.equal(events[0]!.outcome, 'Fail');
    assert.equal(events[0]!.errorType, 'UserNotFoundException');
  });

  it('records each attempt under the kind its operation declares, and nothing for other operations', async () => {
    const { cognito } = server;
    const { poolId: passkeyPoolId, clientId: passkeyClientId } = await passkeyPool(cognito, { pool: { AutoVerifiedAttributes: ['email'] } });
    const signUp = { ClientId: passkeyClientId, Username: 'carol' };
    await cognito.send(new SignUpCommand({ ...signUp, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }] }));
    await cognito.send(new ResendConfirmationCodeCommand(signUp));
    const { code } = await latestMessage(server, passkeyPoolId, 'carol');
    await cognito.send(new ConfirmSignUpCommand({ ...signUp, ConfirmationCode: code! }));
    const { accessToken, credentialId } = await userWithPasskey(cognito, passkeyPoolId, passkeyClientId, 'dave');
    await cognito.send(new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: PASSWORD, ProposedPassword: `${PASSWORD}2` }));
    await cognito.send(new GetUserCommand({ AccessToken: accessToken }));
    await cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }));
    await cognito.send(new DescribeUserPoolCommand({ UserPoolId: passkeyPoolId }));
    await cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessToken, CredentialId: credentialId }));

    const { items } = await server.keypool.app.store.events.list({ poolId: passkeyPoolId, limit: 100 });
    assert.deepEqual(items.map((e) => `${e.operation} ${e.eventType} ${e.outcome}`).sort(), [
      'ChangePassword PasswordChange Pass',
      'CompleteWebAuthnRegistration PasskeyRegistration Pass',
      'ConfirmSignUp SignUp Pass',
      'DeleteWebAuthnCredential PasskeyDeletion Pass',
      'InitiateAuth SignIn Pass',
      'ResendConfirmationCode ResendCode Pass',
      'SignUp SignUp Pass',
      'StartWebAuthnRegistration PasskeyRegistration Pass',
    ]);
  });

  it('keeps only the newest events of each pool when swept', async () => {
    const { store } = server.keypool.app;
    const before = await store.events.list({ poolId, limit: 1000 });
    assert.ok(before.items.length > 3);
    await store.sweep(server.clock.now(), 3);
    const kept = await store.events.list({ poolId, limit: 1000 });
    assert.deepEqual(kept.items.map((e) => e.id), before.items.slice(0, 3).map((e) => e.id));
  });
});
