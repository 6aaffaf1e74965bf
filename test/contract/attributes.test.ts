// Attributes and the token-authorized self-service operations: GetUser, UpdateUserAttributes,
// AdminUpdateUserAttributes, ChangePassword, DeleteUser.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  ChangePasswordCommand,
  DeleteUserCommand,
  GetUserCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createUser, expectError, signIn, signedInUser } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';

const attr = (list: { Name?: string; Value?: string }[] | undefined, name: string) => list?.find((a) => a.Name === name)?.Value;

describe('attributes and self-service', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  it('GetUser answers the caller\'s attributes; bad tokens are refused', async () => {
    const { accessToken } = await signedInUser(server.cognito);
    const me = await server.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.equal(me.Username, 'alice');
    assert.equal(attr(me.UserAttributes, 'email'), 'alice@example.com');
    assert.ok(attr(me.UserAttributes, 'sub'));
    await expectError(server.cognito.send(new GetUserCommand({ AccessToken: 'not.a.token' })), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('UpdateUserAttributes writes what the client may and sends a code for a new email', async () => {
    const { pool, accessToken } = await signedInUser(server.cognito, { pool: { AutoVerifiedAttributes: ['email'] } });
    const answer = await server.cognito.send(
      new UpdateUserAttributesCommand({
        AccessToken: accessToken,
        UserAttributes: [
          { Name: 'name', Value: 'Alice A.' },
          { Name: 'email', Value: 'new@example.com' },
        ],
      }),
    );
    assert.deepEqual(answer.CodeDeliveryDetailsList, [{ Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    const message = await latestMessage(server, pool.Id!, 'alice');
    assert.equal(message.purpose, 'VERIFY_email');
    assert.equal(message.destination, 'new@example.com');
    const me = await server.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.equal(attr(me.UserAttributes, 'name'), 'Alice A.');
    assert.equal(attr(me.UserAttributes, 'email'), 'new@example.com');
    assert.equal(attr(me.UserAttributes, 'email_verified'), 'false');

    await expectError(
      server.cognito.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'email_verified', Value: 'true' }] })),
      'NotAuthorizedException',
      'A client attempted to write unauthorized attribute',
    );
    await expectError(
      server.cognito.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'custom:none', Value: 'x' }] })),
      'InvalidParameterException',
      'Attributes did not conform to the schema: custom:none: Attribute does not exist in the schema.\n',
    );
    await expectError(
      server.cognito.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'sub', Value: 'x' }] })),
      'InvalidParameterException',
    );
  });

  it('keeps the old email in force until the new one is verified when the pool asks for it', async () => {
    const { pool, client, accessToken } = await signedInUser(server.cognito, {
      pool: {
        AliasAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      },
    });
    await server.cognito.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'email', Value: 'later@example.com' }] }));
    const me = await server.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.equal(attr(me.UserAttributes, 'email'), 'alice@example.com');
    assert.equal(attr(me.UserAttributes, 'email_verified'), 'true');
    assert.equal((await latestMessage(server, pool.Id!, 'alice')).destination, 'later@example.com');
    assert.ok((await signIn(server.cognito, client.ClientId!, 'alice@example.com')).AccessToken);
  });

  it('AdminUpdateUserAttributes may verify an email and refuses an alias held by another user', async () => {
    const { pool, client } = await signedInUser(server.cognito, { pool: { AliasAttributes: ['email'] } });
    await createUser(server.cognito, pool.Id!, 'bert', { email: 'bert@example.com' });
    await server.cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: pool.Id,
        Username: 'bert',
        UserAttributes: [
          { Name: 'email', Value: 'bert2@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    const bert = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'bert' }));
    assert.equal(attr(bert.UserAttributes, 'email'), 'bert2@example.com');
    assert.equal(attr(bert.UserAttributes, 'email_verified'), 'true');
    assert.ok((await signIn(server.cognito, client.ClientId!, 'bert2@example.com')).AccessToken);
    await expectError(
      server.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: pool.Id,
          Username: 'bert',
          UserAttributes: [
            { Name: 'email', Value: 'alice@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      ),
      'AliasExistsException',
      'An account with the given email already exists.',
    );
    assert.equal(attr((await server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'bert' }))).UserAttributes, 'email'), 'bert2@example.com');
    await expectError(
      server.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'ghost', UserAttributes: [{ Name: 'name', Value: 'x' }] })),
      'UserNotFoundException',
    );
    await expectError(
      server.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'bert', UserAttributes: [{ Name: 'email', Value: 'nope' }] })),
      'InvalidParameterException',
      'Invalid email address format.',
    );
  });

  it('refuses changing an immutable custom attribute once set', async () => {
    const { pool } = await signedInUser(server.cognito, { pool: { Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: false }] } });
    const update = (Value: string) =>
      server.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'alice', UserAttributes: [{ Name: 'custom:tenant', Value }] }));
    await update('acme');
    await expectError(update('other'), 'InvalidParameterException');
  });

  it('ChangePassword checks the previous password and the policy', async () => {
    const { client, accessToken } = await signedInUser(server.cognito);
    await expectError(
      server.cognito.send(new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: 'Wrong0ne!', ProposedPassword: 'Newpass1!' })),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    await expectError(
      server.cognito.send(new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: PASSWORD, ProposedPassword: 'short' })),
      'InvalidPasswordException',
      'Password does not conform to policy: Password not long enough',
    );
    await server.cognito.send(new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Newpass1!' }));
    await expectError(signIn(server.cognito, client.ClientId!, 'alice'), 'NotAuthorizedException', 'Incorrect username or password.');
    assert.ok((await signIn(server.cognito, client.ClientId!, 'alice', 'Newpass1!')).AccessToken);
  });

  it('DeleteUser removes the caller', async () => {
    const { pool, accessToken } = await signedInUser(server.cognito);
    await server.cognito.send(new DeleteUserCommand({ AccessToken: accessToken }));
    await expectError(server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'alice' })), 'UserNotFoundException');
    await expectError(server.cognito.send(new DeleteUserCommand({ AccessToken: accessToken })), 'NotAuthorizedException');
  });
});
