// Attack: a user who must choose a new password (FORCE_CHANGE_PASSWORD) answers NEW_PASSWORD_REQUIRED
// with someone else's email in "userAttributes.email", hoping to keep email_verified=true and to
// take over the address as a sign-in alias (or as a verified claim apps trust). The attributes of
// the answer must follow UpdateUserAttributes' rules: the new email is unverified, *_verified cannot
// be claimed, immutable attributes stay, and the client's WriteAttributes apply.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminGetUserCommand, AdminRespondToAuthChallengeCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { PASSWORD, TEMPORARY_PASSWORD, createClient, createUser, expectError, invitedUser, passwordAuth, poolWithClient, signIn } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';

const NEW_PASSWORD = 'N3w-Passw0rd!';
const ALICE_EMAIL = 'alice@example.com';
const UNAUTHORIZED = 'A client attempted to write unauthorized attribute';

describe('attack: NEW_PASSWORD_REQUIRED claims a verified email', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolWithClient(server.cognito, {
      pool: {
        AliasAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: false }],
      },
    }));
    await createUser(server.cognito, poolId, 'alice', { email: ALICE_EMAIL, email_verified: 'true' });
  });
  after(() => server.dispose());

  /** The user's status and attributes, as AdminGetUser reads them. */
  const attributesOf = async (username: string): Promise<Record<string, string | undefined>> => {
    const user = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    return { status: user.UserStatus, ...Object.fromEntries(user.UserAttributes!.map((a) => [a.Name!, a.Value!])) };
  };

  /** Signs the invited user in with the temporary password: the NEW_PASSWORD_REQUIRED Session. */
  const challengeSession = async (username: string, client = clientId) => {
    const challenge = await passwordAuth(server.cognito, client, { USERNAME: username, PASSWORD: TEMPORARY_PASSWORD });
    assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    return challenge.Session!;
  };

  const respond = (session: string, responses: Record<string, string>, client = clientId) =>
    server.cognito.send(new RespondToAuthChallengeCommand({ ClientId: client, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: session, ChallengeResponses: responses }));

  it('leaves a new email unverified, sends it a code, and the address keeps signing in its owner only', async () => {
    await invitedUser(server.cognito, poolId, 'mallory', { email: 'mallory@example.com', email_verified: 'true' });
    const session = await challengeSession('mallory');
    const takeOver = { USERNAME: 'mallory', NEW_PASSWORD, 'userAttributes.email': ALICE_EMAIL };

    // Claiming verification is refused as UpdateUserAttributes refuses it, and changes nothing.
    for (const claim of ['email_verified', 'phone_number_verified']) {
      await expectError(respond(session, { ...takeOver, [`userAttributes.${claim}`]: 'true' }), 'NotAuthorizedException', UNAUTHORIZED);
    }
    const untouched = await attributesOf('mallory');
    assert.deepEqual([untouched.status, untouched.email, untouched.email_verified], ['FORCE_CHANGE_PASSWORD', 'mallory@example.com', 'true']);

    const done = await respond(session, takeOver);
    const idToken = decodeJwt(done.AuthenticationResult!.IdToken!);
    assert.equal(idToken.email, ALICE_EMAIL);
    assert.equal(idToken.email_verified, false);
    const mallory = await attributesOf('mallory');
    assert.equal(mallory.status, 'CONFIRMED');
    assert.equal(mallory.email_verified, 'false');
    // As UpdateUserAttributes does in a pool that verifies email: a code goes to the new address.
    const message = await latestMessage(server, poolId, 'mallory');
    assert.equal(message.purpose, 'VERIFY_email');
    assert.equal(message.destination, ALICE_EMAIL);

    // The address is still alice's alias: mallory's password does not open it, alice's opens alice's account.
    await expectError(signIn(server.cognito, clientId, ALICE_EMAIL, NEW_PASSWORD), 'NotAuthorizedException', 'Incorrect username or password.');
    const alice = decodeJwt((await signIn(server.cognito, clientId, ALICE_EMAIL, PASSWORD)).IdToken!);
    assert.equal(alice['cognito:username'], 'alice');
    assert.equal(alice.email_verified, true);
    assert.equal((await attributesOf('alice')).email_verified, 'true');
  });

  it('applies the same rules through AdminRespondToAuthChallenge', async () => {
    await invitedUser(server.cognito, poolId, 'trent', { email: 'trent@example.com' });
    const challenge = await passwordAuth(server.cognito, clientId, { USERNAME: 'trent', PASSWORD: TEMPORARY_PASSWORD });
    const adminRespond = (responses: Record<string, string>) =>
      server.cognito.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: 'trent', NEW_PASSWORD, ...responses },
        }),
      );
    await expectError(adminRespond({ 'userAttributes.email': ALICE_EMAIL, 'userAttributes.email_verified': 'true' }), 'NotAuthorizedException', UNAUTHORIZED);
    const done = await adminRespond({ 'userAttributes.email': ALICE_EMAIL });
    assert.equal(decodeJwt(done.AuthenticationResult!.IdToken!).email_verified, false);
    assert.equal(decodeJwt((await signIn(server.cognito, clientId, ALICE_EMAIL)).IdToken!)['cognito:username'], 'alice');
    await expectError(signIn(server.cognito, clientId, ALICE_EMAIL, NEW_PASSWORD), 'NotAuthorizedException', 'Incorrect username or password.');
  });

  it('refuses an immutable attribute already set, and attributes the app client may not write', async () => {
    await invitedUser(server.cognito, poolId, 'oscar', { email: 'oscar@example.com', 'custom:tier': 'free' });
    const session = await challengeSession('oscar');
    await expectError(
      respond(session, { USERNAME: 'oscar', NEW_PASSWORD, 'userAttributes.custom:tier': 'gold' }),
      'InvalidParameterException',
      'Attributes did not conform to the schema: custom:tier: Attribute cannot be updated. (changing an immutable attribute)\n',
    );

    const narrow = (await createClient(server.cognito, poolId, { WriteAttributes: ['given_name'] })).ClientId!;
    const narrowSession = await challengeSession('oscar', narrow);
    await expectError(respond(narrowSession, { USERNAME: 'oscar', NEW_PASSWORD, 'userAttributes.email': ALICE_EMAIL }, narrow), 'NotAuthorizedException', UNAUTHORIZED);
    const oscar = await attributesOf('oscar');
    assert.deepEqual([oscar.status, oscar.email, oscar['custom:tier']], ['FORCE_CHANGE_PASSWORD', 'oscar@example.com', 'free']);
    // The refusals left the Session usable: the answer within the rules goes through.
    const done = await respond(narrowSession, { USERNAME: 'oscar', NEW_PASSWORD, 'userAttributes.given_name': 'Oscar' }, narrow);
    assert.ok(done.AuthenticationResult?.AccessToken);
  });
});
