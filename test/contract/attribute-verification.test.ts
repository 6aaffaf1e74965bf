// Verifying and deleting attributes through the real AWS SDK: GetUserAttributeVerificationCode,
// VerifyUserAttribute (pending values, aliases that move to whoever verifies last), DeleteUserAttributes
// and AdminDeleteUserAttributes (required, immutable and unknown attributes refused, changing nothing),
// and the sign-up code's channel when the pool auto-verifies both email and phone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  DeleteUserAttributesCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createUser, expectError, poolWithClient, signIn, signedInUser } from '../support/fixtures.js';
import { latestMessage, readOutbox } from '../support/outbox.js';

const attr = (list: { Name?: string; Value?: string }[] | undefined, name: string) => list?.find((a) => a.Name === name)?.Value;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const MISMATCH = 'Invalid verification code provided, please try again.';
const EXPIRED = 'Invalid code provided, please request a code again.';

describe('attribute verification and deletion', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const askCode = (AccessToken: string, AttributeName: string) =>
    server.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName }));
  const verify = (AccessToken: string, AttributeName: string, Code: string) =>
    server.cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName, Code }));
  const me = async (AccessToken: string) => (await server.cognito.send(new GetUserCommand({ AccessToken }))).UserAttributes;
  const adminAttributes = async (UserPoolId: string, Username: string) =>
    (await server.cognito.send(new AdminGetUserCommand({ UserPoolId, Username }))).UserAttributes;

  it('sends a code to an unverified email and verifies it; wrong, reused and foreign attributes are refused', async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito);
    await createUser(server.cognito, poolId, 'vera', { email: 'vera@example.com', phone_number: '+15555550100' });
    const token = (await signIn(server.cognito, clientId, 'vera')).AccessToken!;
    const answer = await askCode(token, 'email');
    assert.deepEqual(answer.CodeDeliveryDetails, { Destination: 'v***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const message = await latestMessage(server, poolId, 'vera');
    assert.equal(message.purpose, 'VERIFY_email');
    assert.equal(message.destination, 'vera@example.com');

    await expectError(verify(token, 'email', wrong(message.code!)), 'CodeMismatchException', MISMATCH);
    await expectError(verify(token, 'phone_number', message.code!), 'ExpiredCodeException', EXPIRED);
    assert.equal(attr(await me(token), 'email_verified'), undefined, 'nothing verified by a refusal');
    await verify(token, 'email', message.code!);
    assert.equal(attr(await me(token), 'email_verified'), 'true');
    await expectError(verify(token, 'email', message.code!), 'ExpiredCodeException', EXPIRED);

    assert.equal((await askCode(token, 'phone_number')).CodeDeliveryDetails?.DeliveryMedium, 'SMS');
    await verify(token, 'phone_number', (await latestMessage(server, poolId, 'vera')).code!);
    assert.equal(attr(await me(token), 'phone_number_verified'), 'true');

    const invalid = 'Invalid attribute name. Only phone_number and email can be verified.';
    await expectError(askCode(token, 'name'), 'InvalidParameterException', invalid);
    await expectError(verify(token, 'name', '123456'), 'InvalidParameterException', invalid);
    await expectError(askCode('not.a.token', 'email'), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('refuses a code for an attribute the user does not have', async () => {
    const { accessToken, poolId } = await signedInUser(server.cognito);
    await expectError(askCode(accessToken, 'phone_number'), 'InvalidParameterException', 'The user has no phone_number to verify.');
    assert.equal((await readOutbox(server, { poolId, username: 'alice' })).body.messages!.length, 0);
  });

  it('verifies the pending value under AttributesRequireVerificationBeforeUpdate and applies it', async () => {
    const { poolId, clientId, accessToken } = await signedInUser(server.cognito, {
      pool: {
        AliasAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      },
    });
    await server.cognito.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'email', Value: 'new@example.com' }] }));
    const resent = await askCode(accessToken, 'email');
    assert.equal(resent.CodeDeliveryDetails?.Destination, 'n***@e***', 'the code goes to the pending value');
    const { code, destination } = await latestMessage(server, poolId, 'alice');
    assert.equal(destination, 'new@example.com');
    assert.equal(attr(await me(accessToken), 'email'), 'alice@example.com');
    await verify(accessToken, 'email', code!);
    const now = await me(accessToken);
    assert.equal(attr(now, 'email'), 'new@example.com');
    assert.equal(attr(now, 'email_verified'), 'true');
    assert.ok((await signIn(server.cognito, clientId, 'new@example.com')).AccessToken, 'the new alias signs in');
    await expectError(signIn(server.cognito, clientId, 'alice@example.com'), 'UserNotFoundException', 'User does not exist.');
  });

  it('a code proves only the value it went to: after the email changes it verifies nothing', async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito);
    await createUser(server.cognito, poolId, 'carl', { email: 'carl@example.com' });
    const token = (await signIn(server.cognito, clientId, 'carl')).AccessToken!;
    await askCode(token, 'email');
    const { code } = await latestMessage(server, poolId, 'carl');
    await server.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'carl', UserAttributes: [{ Name: 'email', Value: 'other@example.com' }] }));
    await expectError(verify(token, 'email', code!), 'ExpiredCodeException', EXPIRED);
    assert.equal(attr(await adminAttributes(poolId, 'carl'), 'email_verified'), 'false');
  });

  it('a verified email alias moves to the user who verifies it last', async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito, { pool: { AliasAttributes: ['email'] } });
    await createUser(server.cognito, poolId, 'first', { email: 'shared@example.com', email_verified: 'true' });
    await createUser(server.cognito, poolId, 'second', { email: 'shared@example.com' });
    assert.equal((await signIn(server.cognito, clientId, 'shared@example.com')).AccessToken !== undefined, true);
    const token = (await signIn(server.cognito, clientId, 'second')).AccessToken!;
    await askCode(token, 'email');
    await verify(token, 'email', (await latestMessage(server, poolId, 'second')).code!);
    assert.equal(attr(await adminAttributes(poolId, 'first'), 'email'), 'shared@example.com');
    assert.equal(attr(await adminAttributes(poolId, 'first'), 'email_verified'), 'false');
    const bySharedEmail = await signIn(server.cognito, clientId, 'shared@example.com');
    const claims = JSON.parse(Buffer.from(bySharedEmail.AccessToken!.split('.')[1]!, 'base64url').toString()) as { username: string };
    assert.equal(claims.username, 'second');
  });

  it('sends the sign-up code by SMS when the pool auto-verifies both email and phone', async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito, { pool: { AutoVerifiedAttributes: ['email', 'phone_number'] } });
    const answer = await server.cognito.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'both',
        Password: PASSWORD,
        UserAttributes: [
          { Name: 'email', Value: 'both@example.com' },
          { Name: 'phone_number', Value: '+15555550111' },
        ],
      }),
    );
    assert.deepEqual(answer.CodeDeliveryDetails, { Destination: '+*******0111', DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
    assert.equal((await latestMessage(server, poolId, 'both')).channel, 'SMS');
  });

  describe('deleting attributes', () => {
    it('DeleteUserAttributes deletes what the client may write; email goes with email_verified', async () => {
      const { accessToken, poolId } = await signedInUser(server.cognito);
      await server.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'alice', UserAttributes: [{ Name: 'name', Value: 'Alice' }] }));
      await server.cognito.send(new DeleteUserAttributesCommand({ AccessToken: accessToken, UserAttributeNames: ['name', 'email'] }));
      const now = await me(accessToken);
      assert.equal(attr(now, 'name'), undefined);
      assert.equal(attr(now, 'email'), undefined);
      assert.equal(attr(now, 'email_verified'), undefined);
      await server.cognito.send(new DeleteUserAttributesCommand({ AccessToken: accessToken, UserAttributeNames: ['nickname'] }));
    });

    it('refuses required, immutable, unknown and unwritable attributes, changing nothing', async () => {
      const { poolId, clientId } = await poolWithClient(server.cognito, {
        pool: {
          Schema: [
            { Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true },
            { Name: 'badge', AttributeDataType: 'String', Mutable: false },
          ],
        },
        client: { WriteAttributes: ['name', 'nickname', 'custom:badge'] },
      });
      await createUser(server.cognito, poolId, 'rex', { name: 'Rex', nickname: 'R', 'custom:badge': 'gold', email: 'rex@example.com' });
      const token = (await signIn(server.cognito, clientId, 'rex')).AccessToken!;
      const remove = (names: string[]) => server.cognito.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: names }));
      const before = await me(token);
      const violation = (lines: string[]) => `Attributes did not conform to the schema: ${lines.map((l) => `${l}\n`).join('')}`;
      await expectError(remove(['nickname', 'name']), 'InvalidParameterException', violation(['name: The attribute is required']));
      await expectError(
        remove(['custom:badge', 'sub']),
        'InvalidParameterException',
        violation(['custom:badge: Attribute cannot be updated. (changing an immutable attribute)', 'sub: Attribute cannot be updated. (changing an immutable attribute)']),
      );
      await expectError(remove(['custom:none']), 'InvalidParameterException', violation(['custom:none: Attribute does not exist in the schema.']));
      await expectError(remove(['nickname', 'email']), 'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
      assert.deepEqual(await me(token), before);
      await remove(['nickname']);
      assert.equal(attr(await me(token), 'nickname'), undefined);
    });

    it('AdminDeleteUserAttributes frees an alias for another user', async () => {
      const { poolId, clientId } = await poolWithClient(server.cognito, { pool: { AliasAttributes: ['email'] } });
      await createUser(server.cognito, poolId, 'old', { email: 'taken@example.com', email_verified: 'true' });
      await createUser(server.cognito, poolId, 'new', {});
      const claim = () =>
        server.cognito.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: poolId,
            Username: 'new',
            UserAttributes: [
              { Name: 'email', Value: 'taken@example.com' },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
      await expectError(claim(), 'AliasExistsException');
      await expectError(
        server.cognito.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'old', UserAttributeNames: ['sub'] })),
        'InvalidParameterException',
      );
      await server.cognito.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'old', UserAttributeNames: ['email'] }));
      assert.equal(attr(await adminAttributes(poolId, 'old'), 'email_verified'), undefined);
      await claim();
      const claims = JSON.parse(Buffer.from((await signIn(server.cognito, clientId, 'taken@example.com')).AccessToken!.split('.')[1]!, 'base64url').toString());
      assert.equal(claims.username, 'new');
      await expectError(
        server.cognito.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'ghost', UserAttributeNames: ['name'] })),
        'UserNotFoundException',
        'User does not exist.',
      );
    });
  });
});
