// Group claims in real signed tokens: cognito:groups in access and ID tokens (only for members, by
// precedence, where Cognito puts it), cognito:roles and cognito:preferred_role in the ID token with
// Cognito's rule for groups of equal precedence, and a refresh carrying membership as it is then.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  InitiateAuthCommand,
  UpdateGroupCommand,
  type CreateGroupCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { startTestServer, type TestServer } from '../support/server.js';
import { createUser, poolWithClient, signIn } from '../support/fixtures.js';

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

describe('group claims in tokens', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolWithClient(server.cognito));
  });
  after(() => server.dispose());

  const group = (input: Partial<CreateGroupCommandInput> & { GroupName: string }) =>
    server.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, ...input }));
  const join = (Username: string, ...groups: string[]) =>
    Promise.all(groups.map((GroupName) => server.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username, GroupName }))));
  const claimsOf = async (username: string) => {
    const tokens = await signIn(server.cognito, clientId, username);
    return { access: decodeJwt(tokens.AccessToken!), id: decodeJwt(tokens.IdToken!), tokens };
  };

  it('gives a user in no group none of the group claims', async () => {
    await createUser(server.cognito, poolId, 'loner');
    const { access, id } = await claimsOf('loner');
    for (const claim of ['cognito:groups', 'cognito:roles', 'cognito:preferred_role']) {
      assert.ok(!(claim in access), `access token has no ${claim}`);
      assert.ok(!(claim in id), `ID token has no ${claim}`);
    }
  });

  it('lists groups by precedence (absent last, ties by name) in both signed tokens, where Cognito puts the claims', async () => {
    await group({ GroupName: 'zeta', Precedence: 1, RoleArn: role('zeta') });
    await group({ GroupName: 'alpha', Precedence: 5 });
    await group({ GroupName: 'beta', Precedence: 5, RoleArn: role('beta') });
    await group({ GroupName: 'none' });
    await createUser(server.cognito, poolId, 'member', { email: 'member@example.com', email_verified: 'true' });
    await join('member', 'none', 'beta', 'zeta', 'alpha');
    const { access, id, tokens } = await claimsOf('member');

    // Signed with the pool's keys, as any verifier reads them.
    const jwks = createRemoteJWKSet(new URL(`${server.url}/${poolId}/.well-known/jwks.json`));
    await jwtVerify(tokens.AccessToken!, jwks, { currentDate: new Date(server.clock.now()) });
    await jwtVerify(tokens.IdToken!, jwks, { currentDate: new Date(server.clock.now()) });

    const order = ['zeta', 'alpha', 'beta', 'none'];
    assert.deepEqual(access['cognito:groups'], order);
    assert.deepEqual(id['cognito:groups'], order);
    assert.deepEqual(Object.keys(access).slice(0, 3), ['sub', 'cognito:groups', 'iss']);
    const idKeys = Object.keys(id);
    assert.deepEqual(idKeys.slice(0, 8), [
      'sub',
      'cognito:groups',
      'email_verified',
      'cognito:preferred_role',
      'iss',
      'cognito:username',
      'origin_jti',
      'cognito:roles',
    ]);
    assert.equal(idKeys[8], 'aud');
    assert.deepEqual(id['cognito:roles'], [role('zeta'), role('beta')]);
    assert.equal(id['cognito:preferred_role'], role('zeta'));
    assert.ok(!('cognito:roles' in access) && !('cognito:preferred_role' in access), 'roles are ID-token claims only');
  });

  it('prefers no role when the highest-precedence groups with roles offer different ones, and the one role when they agree', async () => {
    await group({ GroupName: 'left', Precedence: 2, RoleArn: role('left') });
    await group({ GroupName: 'right', Precedence: 2, RoleArn: role('right') });
    await group({ GroupName: 'same', Precedence: 2, RoleArn: role('left') });
    await group({ GroupName: 'roleless-first', Precedence: 0 });
    await group({ GroupName: 'later', Precedence: 9, RoleArn: role('later') });

    await createUser(server.cognito, poolId, 'torn');
    await join('torn', 'left', 'right', 'later', 'roleless-first');
    const torn = (await claimsOf('torn')).id;
    assert.equal(torn['cognito:preferred_role'], undefined);
    assert.deepEqual(torn['cognito:roles'], [role('left'), role('right'), role('later')]);

    await createUser(server.cognito, poolId, 'agreed');
    await join('agreed', 'left', 'same', 'later', 'roleless-first');
    const agreed = (await claimsOf('agreed')).id;
    assert.equal(agreed['cognito:preferred_role'], role('left'), 'a group without a role does not take precedence');
    assert.deepEqual(agreed['cognito:roles'], [role('left'), role('later')], 'each role once');

    // Groups without precedence only: tied, so different roles prefer none.
    await group({ GroupName: 'free-a', RoleArn: role('free-a') });
    await group({ GroupName: 'free-b', RoleArn: role('free-b') });
    await createUser(server.cognito, poolId, 'unranked');
    await join('unranked', 'free-a', 'free-b');
    assert.equal((await claimsOf('unranked')).id['cognito:preferred_role'], undefined);
    await join('unranked', 'later');
    assert.equal((await claimsOf('unranked')).id['cognito:preferred_role'], role('later'), 'any precedence ranks before none');
  });

  it('carries membership as it stands at refresh time', async () => {
    await group({ GroupName: 'temp', Precedence: 1, RoleArn: role('temp') });
    await group({ GroupName: 'kept', Precedence: 3 });
    await createUser(server.cognito, poolId, 'refresher');
    await join('refresher', 'temp');
    const { tokens } = await claimsOf('refresher');
    const refresh = async () => {
      const { AuthenticationResult } = await server.cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
      );
      return { access: decodeJwt(AuthenticationResult!.AccessToken!), id: decodeJwt(AuthenticationResult!.IdToken!) };
    };

    await join('refresher', 'kept');
    await server.cognito.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'kept', Precedence: 0, RoleArn: role('kept') }));
    let now = await refresh();
    assert.deepEqual(now.access['cognito:groups'], ['kept', 'temp']);
    assert.equal(now.id['cognito:preferred_role'], role('kept'));

    await server.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'refresher', GroupName: 'kept' }));
    now = await refresh();
    assert.deepEqual(now.id['cognito:groups'], ['temp']);
    assert.deepEqual(now.id['cognito:roles'], [role('temp')]);

    await server.cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'temp' }));
    now = await refresh();
    assert.ok(!('cognito:groups' in now.access) && !('cognito:groups' in now.id) && !('cognito:roles' in now.id));
  });
});
