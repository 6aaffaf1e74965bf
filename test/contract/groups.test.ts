// The nine group operations through the real SDK: members and defaults, the model's constraints,
// Cognito's errors, pagination with bound page tokens, the per-pool and per-user limits, and what
// deleting a group or a user does to memberships. Then the group claims in real signed tokens:
// cognito:groups in access and ID tokens (only for members, by precedence, where Cognito puts it),
// cognito:roles and cognito:preferred_role in the ID token with Cognito's rule for groups of equal
// precedence, and a refresh carrying membership as it is then.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  GetGroupCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
  type AdminListGroupsForUserCommandOutput,
  type CreateGroupCommandInput,
  type GroupType,
} from '@aws-sdk/client-cognito-identity-provider';
import { MAX_GROUPS_PER_POOL, MAX_GROUPS_PER_USER } from '../../src/groups/groups.js';
import { PgDriver } from '../../src/store/sql/postgres.js';
import { SqliteDriver } from '../../src/store/sql/sqlite.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, createUser, expectError, poolWithClient, poolWithUser, signIn, tampered } from '../support/fixtures.js';

const MISSING_POOL = 'us-east-1_Missing00';
const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
const ROLE = role('editors');

describe('groups', () => {
  let server: TestServer;
  let poolId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await createPool(server.cognito)).Id!;
    await Promise.all(['alice', 'bob', 'carol'].map((name) => createUser(server.cognito, poolId, name)));
  });
  after(() => server.dispose());

  const createGroup = async (input: Partial<CreateGroupCommandInput> & { GroupName: string }, pool = poolId) =>
    (await server.cognito.send(new CreateGroupCommand({ UserPoolId: pool, ...input }))).Group!;
  const getGroup = async (GroupName: string, pool = poolId) =>
    (await server.cognito.send(new GetGroupCommand({ UserPoolId: pool, GroupName }))).Group!;
  const addUser = (Username: string, GroupName: string, pool = poolId) =>
    server.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username, GroupName }));
  const groupsOf = async (Username: string, pool = poolId) =>
    (await server.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username }))).Groups!.map((g) => g.GroupName);
  const membersOf = async (GroupName: string, pool = poolId) =>
    (await server.cognito.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName }))).Users!.map((u) => u.Username);

  describe('CreateGroup and GetGroup', () => {
    it('creates a group with every member, and GetGroup answers the same', async () => {
      const before = server.clock.now();
      const group = await createGroup({ GroupName: 'editors', Description: 'They edit.', RoleArn: ROLE, Precedence: 3 });
      const { CreationDate, LastModifiedDate, ...members } = group;
      assert.deepEqual(members, { GroupName: 'editors', UserPoolId: poolId, Description: 'They edit.', RoleArn: ROLE, Precedence: 3 });
      assert.equal(CreationDate!.getTime(), before);
      assert.deepEqual(LastModifiedDate, CreationDate);
      assert.deepEqual(await getGroup('editors'), group);
    });

    it('leaves Description, RoleArn and Precedence out when none was given', async () => {
      const group = await createGroup({ GroupName: 'plain' });
      assert.deepEqual(Object.keys(group).sort(), ['CreationDate', 'GroupName', 'LastModifiedDate', 'UserPoolId']);
      assert.deepEqual(await getGroup('plain'), group);
    });

    it('refuses a name taken in the pool, but not one differing in case or taken in another pool', async () => {
      await createGroup({ GroupName: 'taken', Precedence: 1 });
      await expectError(createGroup({ GroupName: 'taken', Precedence: 9 }), 'GroupExistsException', 'A group with the name already exists.');
      assert.equal((await getGroup('taken')).Precedence, 1, 'the refused creation changed nothing');
      await createGroup({ GroupName: 'Taken' });
      const other = (await createPool(server.cognito)).Id!;
      await createGroup({ GroupName: 'taken' }, other);
    });

    it('answers ResourceNotFoundException for a missing group or pool', async () => {
      await expectError(getGroup('nobody'), 'ResourceNotFoundException', 'Group not found.');
      await expectError(getGroup('nobody', MISSING_POOL), 'ResourceNotFoundException', `User pool ${MISSING_POOL} does not exist.`);
      await expectError(createGroup({ GroupName: 'x' }, MISSING_POOL), 'ResourceNotFoundException', `User pool ${MISSING_POOL} does not exist.`);
    });

    it('holds every member to the model, and a refused creation creates nothing', async () => {
      const pool = (await createPool(server.cognito)).Id!;
      const invalid: [Partial<CreateGroupCommandInput> & { GroupName: string }, RegExp][] = [
        [{ GroupName: '' }, /at 'groupName' failed to satisfy constraint: Member must have length greater than or equal to 1/],
        [{ GroupName: 'g'.repeat(129) }, /at 'groupName' failed to satisfy constraint: Member must have length less than or equal to 128/],
        [{ GroupName: 'two words' }, /at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern/],
        [{ GroupName: 'bad-role', RoleArn: 'role/editors-without-arn' }, /at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern/],
        [{ GroupName: 'short-role', RoleArn: 'arn:aws:iam::1:r' }, /at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20/],
        [{ GroupName: 'negative', Precedence: -1 }, /Value '-1' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0/],
        [{ GroupName: 'huge', Precedence: 2 ** 31 }, /Value '2147483648' at 'precedence' failed to satisfy constraint: Member must have value less than or equal to 2147483647/],
        [{ GroupName: 'wordy', Description: 'd'.repeat(2049) }, /at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048/],
      ];
      for (const [input, message] of invalid) await expectError(createGroup(input, pool), 'InvalidParameterException', message);
      assert.deepEqual((await server.cognito.send(new ListGroupsCommand({ UserPoolId: pool }))).Groups, []);

      const maxed = await createGroup({ GroupName: 'ü'.repeat(128), Precedence: 2 ** 31 - 1, Description: 'd'.repeat(2048) }, pool);
      assert.equal(maxed.Precedence, 2 ** 31 - 1);
    });
  });

  describe('UpdateGroup', () => {
    it('changes what is given, keeps what is left out, and moves LastModifiedDate only', async () => {
      const created = await createGroup({ GroupName: 'updated', Description: 'first', RoleArn: ROLE, Precedence: 5 });
      server.clock.advance(60_000);
      const { Group: changed } = await server.cognito.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'updated', Precedence: 0 }));
      assert.equal(changed!.Precedence, 0);
      assert.equal(changed!.Description, 'first');
      assert.equal(changed!.RoleArn, ROLE);
      assert.deepEqual(changed!.CreationDate, created.CreationDate);
      assert.equal(changed!.LastModifiedDate!.getTime() - created.LastModifiedDate!.getTime(), 60_000);
      assert.deepEqual(await getGroup('updated'), changed);

      const other = 'arn:aws:iam::123456789012:role/reviewers';
      const { Group: again } = await server.cognito.send(
        new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'updated', Description: 'second', RoleArn: other }),
      );
      assert.deepEqual([again!.Description, again!.RoleArn, again!.Precedence], ['second', other, 0]);
    });

    it('refuses a missing group, a missing pool and a bad member, changing nothing', async () => {
      await expectError(
        server.cognito.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'nobody', Description: 'x' })),
        'ResourceNotFoundException',
        'Group not found.',
      );
      await expectError(server.cognito.send(new UpdateGroupCommand({ UserPoolId: MISSING_POOL, GroupName: 'x' })), 'ResourceNotFoundException');
      await createGroup({ GroupName: 'stable', Precedence: 2 });
      await expectError(server.cognito.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'stable', Precedence: -4 })), 'InvalidParameterException');
      await expectError(server.cognito.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'stable', RoleArn: 'not an arn at all, no' })), 'InvalidParameterException');
      assert.equal((await getGroup('stable')).Precedence, 2);
      assert.equal((await getGroup('stable')).RoleArn, undefined);
    });
  });

  describe('memberships', () => {
    it('adds a user once however often asked, and removes them once however often asked', async () => {
      await createGroup({ GroupName: 'readers' });
      await addUser('alice', 'readers');
      await addUser('alice', 'readers');
      assert.deepEqual(await membersOf('readers'), ['alice']);
      const remove = () => server.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'readers' }));
      await remove();
      await remove();
      assert.deepEqual(await membersOf('readers'), []);
      assert.deepEqual(await groupsOf('alice'), []);
    });

    it('answers UserNotFoundException for a missing user and ResourceNotFoundException for a missing group', async () => {
      await createGroup({ GroupName: 'strict' });
      await expectError(addUser('nobody', 'strict'), 'UserNotFoundException', 'User does not exist.');
      await expectError(addUser('alice', 'no-such-group'), 'ResourceNotFoundException', 'Group not found.');
      await expectError(addUser('alice', 'strict', MISSING_POOL), 'ResourceNotFoundException', `User pool ${MISSING_POOL} does not exist.`);
      const remove = (Username: string, GroupName: string) =>
        server.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username, GroupName }));
      await expectError(remove('nobody', 'strict'), 'UserNotFoundException', 'User does not exist.');
      await expectError(remove('alice', 'no-such-group'), 'ResourceNotFoundException', 'Group not found.');
      await expectError(
        server.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'nobody' })),
        'UserNotFoundException',
        'User does not exist.',
      );
      await expectError(membersOf('no-such-group'), 'ResourceNotFoundException', 'Group not found.');
      assert.deepEqual(await groupsOf('alice'), []);
    });

    it('lists a group\'s members as UserType, and a user\'s groups as GroupType', async () => {
      const group = await createGroup({ GroupName: 'team', Description: 'the team', Precedence: 7, RoleArn: ROLE });
      await addUser('bob', 'team');
      const { Users } = await server.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'team' }));
      assert.equal(Users!.length, 1);
      assert.equal(Users![0]!.Username, 'bob');
      assert.equal(Users![0]!.UserStatus, 'CONFIRMED');
      assert.equal(Users![0]!.Enabled, true);
      assert.ok(Users![0]!.Attributes!.some((a) => a.Name === 'sub'));
      const { Groups } = await server.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'bob' }));
      assert.deepEqual(Groups, [group]);
    });

    it('pages a group\'s members and a user\'s groups, in order, with tokens bound to their listing', async () => {
      const names = Array.from({ length: 7 }, (_, i) => `member-${i}`);
      await Promise.all(names.map((name) => createUser(server.cognito, poolId, name)));
      await createGroup({ GroupName: 'crowd' });
      for (const name of names) await addUser(name, 'crowd');
      const groupNames = Array.from({ length: 5 }, (_, i) => `carol-group-${i}`);
      for (const name of groupNames) {
        await createGroup({ GroupName: name });
        await addUser('carol', name);
      }

      const members: string[] = [];
      const tokens: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await server.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'crowd', Limit: 3, NextToken }));
        assert.ok(page.Users!.length <= 3);
        members.push(...page.Users!.map((u) => u.Username!));
        NextToken = page.NextToken;
        if (NextToken) tokens.push(NextToken);
      } while (NextToken);
      assert.deepEqual(members, names);
      assert.equal(tokens.length, 2);

      const groups: string[] = [];
      NextToken = undefined;
      do {
        const page: AdminListGroupsForUserCommandOutput = await server.cognito.send(
          new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'carol', Limit: 2, NextToken }),
        );
        groups.push(...page.Groups!.map((g) => g.GroupName!));
        NextToken = page.NextToken;
      } while (NextToken);
      assert.deepEqual(groups, groupNames);

      // A members token is refused by another listing: the user's groups, or another group's members.
      await expectError(
        server.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'carol', NextToken: tokens[0] })),
        'InvalidParameterException',
      );
      await expectError(
        server.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers', NextToken: tokens[0] })),
        'InvalidParameterException',
      );
      await expectError(
        server.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'crowd', NextToken: tampered(tokens[0]!) })),
        'InvalidParameterException',
      );
      await expectError(
        server.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'crowd', Limit: 61 })),
        'InvalidParameterException',
        /at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60/,
      );
    });

    it('finds the user by an alias, and lists them under their username', async () => {
      const other = (await createPool(server.cognito, { AliasAttributes: ['email'] })).Id!;
      await createUser(server.cognito, other, 'dora', { email: 'dora@example.com', email_verified: 'true' });
      await createGroup({ GroupName: 'aliased' }, other);
      await addUser('dora@example.com', 'aliased', other);
      assert.deepEqual(await membersOf('aliased', other), ['dora']);
      assert.deepEqual(await groupsOf('dora@example.com', other), ['aliased']);
    });
  });

  describe('ListGroups', () => {
    it('pages the pool\'s groups by name; a token of another pool is refused', async () => {
      const pool = (await createPool(server.cognito)).Id!;
      const names = ['delta', 'alpha', 'echo', 'charlie', 'bravo', 'golf', 'foxtrot'];
      for (const name of names) await createGroup({ GroupName: name }, pool);
      const seen: GroupType[] = [];
      let NextToken: string | undefined;
      let firstToken: string | undefined;
      do {
        const page = await server.cognito.send(new ListGroupsCommand({ UserPoolId: pool, Limit: 3, NextToken }));
        seen.push(...page.Groups!);
        NextToken = page.NextToken;
        firstToken ??= NextToken;
      } while (NextToken);
      assert.deepEqual(seen.map((g) => g.GroupName), [...names].sort());
      assert.ok(seen.every((g) => g.UserPoolId === pool && g.CreationDate instanceof Date));
      const all = await server.cognito.send(new ListGroupsCommand({ UserPoolId: pool }));
      assert.equal(all.Groups!.length, 7);
      assert.equal(all.NextToken, undefined);
      await expectError(server.cognito.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: firstToken })), 'InvalidParameterException');
      await expectError(server.cognito.send(new ListGroupsCommand({ UserPoolId: MISSING_POOL })), 'ResourceNotFoundException');
    });
  });

  describe('DeleteGroup', () => {
    it('deletes the group with its memberships; a second deletion is ResourceNotFoundException', async () => {
      await createGroup({ GroupName: 'doomed' });
      await addUser('alice', 'doomed');
      await server.cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
      await expectError(getGroup('doomed'), 'ResourceNotFoundException', 'Group not found.');
      assert.ok(!(await groupsOf('alice')).includes('doomed'));
      await expectError(
        server.cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' })),
        'ResourceNotFoundException',
        'Group not found.',
      );
      // A group created again under the name starts without members.
      await createGroup({ GroupName: 'doomed' });
      assert.deepEqual(await membersOf('doomed'), []);
    });
  });

  describe('deleting users', () => {
    it('AdminDeleteUser and DeleteUser end the user\'s memberships; a new user of the name is in no group', async () => {
      const { poolId: pool, clientId } = await poolWithUser(server.cognito, { username: 'erin' });
      await createUser(server.cognito, pool, 'frank');
      await createGroup({ GroupName: 'staff' }, pool);
      await addUser('erin', 'staff', pool);
      await addUser('frank', 'staff', pool);

      await server.cognito.send(new AdminDeleteUserCommand({ UserPoolId: pool, Username: 'frank' }));
      const { AccessToken } = await signIn(server.cognito, clientId, 'erin');
      await server.cognito.send(new DeleteUserCommand({ AccessToken }));
      assert.deepEqual(await membersOf('staff', pool), []);

      await createUser(server.cognito, pool, 'frank');
      assert.deepEqual(await groupsOf('frank', pool), []);
    });
  });

  describe('limits', () => {
    it(`keeps a user in at most ${MAX_GROUPS_PER_USER} groups, even when the adds come all at once`, async () => {
      const pool = (await createPool(server.cognito)).Id!;
      await createUser(server.cognito, pool, 'joiner');
      const names = Array.from({ length: MAX_GROUPS_PER_USER + 10 }, (_, i) => `g${String(i).padStart(3, '0')}`);
      for (const name of names) await createGroup({ GroupName: name }, pool);

      const results = await Promise.allSettled(names.map((name) => addUser('joiner', name, pool)));
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(refused.length, 10);
      for (const r of refused) assert.equal((r.reason as Error).name, 'LimitExceededException');
      const joined: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await server.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: 'joiner', NextToken }));
        joined.push(...page.Groups!.map((g) => g.GroupName!));
        NextToken = page.NextToken;
      } while (NextToken);
      assert.equal(joined.length, MAX_GROUPS_PER_USER);

      // At the limit: a group the user is in may be added again; a new one is refused until one is left.
      const member = joined[0]!;
      await addUser('joiner', member, pool);
      const outside = names.find((name) => !joined.includes(name))!;
      await expectError(addUser('joiner', outside, pool), 'LimitExceededException');
      await server.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool, Username: 'joiner', GroupName: member }));
      await addUser('joiner', outside, pool);
    });

    it(`keeps a pool at ${MAX_GROUPS_PER_POOL} groups`, async () => {
      const pool = (await createPool(server.cognito)).Id!;
      // All but the last group are written in one statement, through a second connection to the
      // server's database: creating them one by one would take most of a minute on PostgreSQL.
      const { config, clock } = server.keypool.app;
      const driver = config.databaseUrl ? new PgDriver(config.databaseUrl, { poolSize: 1 }) : new SqliteDriver(join(config.dataDir, 'keypool.sqlite'));
      const now = clock.now();
      try {
        await driver.run(
          `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
           INSERT INTO user_groups (pool_id, group_name, created_at, updated_at) SELECT ?, 'seeded-' || i, ?, ? FROM n`,
          [MAX_GROUPS_PER_POOL - 1, pool, now, now],
        );
      } finally {
        await driver.close();
      }
      await createGroup({ GroupName: 'last-one' }, pool);
      await expectError(createGroup({ GroupName: 'one-too-many' }, pool), 'LimitExceededException');
      await expectError(getGroup('one-too-many', pool), 'ResourceNotFoundException');
      await server.cognito.send(new DeleteGroupCommand({ UserPoolId: pool, GroupName: 'last-one' }));
      await createGroup({ GroupName: 'one-too-many' }, pool);
    });
  });

  describe('group claims in tokens', () => {
    let claimsPool: string;
    let clientId: string;
    before(async () => {
      ({ poolId: claimsPool, clientId } = await poolWithClient(server.cognito));
    });

    const group = (input: Partial<CreateGroupCommandInput> & { GroupName: string }) => createGroup(input, claimsPool);
    const joinGroups = (username: string, ...groups: string[]) => Promise.all(groups.map((name) => addUser(username, name, claimsPool)));
    const claimsOf = async (username: string) => {
      const tokens = await signIn(server.cognito, clientId, username);
      return { access: decodeJwt(tokens.AccessToken!), id: decodeJwt(tokens.IdToken!), tokens };
    };

    it('gives a user in no group none of the group claims', async () => {
      await createUser(server.cognito, claimsPool, 'loner');
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
      await createUser(server.cognito, claimsPool, 'member', { email: 'member@example.com', email_verified: 'true' });
      await joinGroups('member', 'none', 'beta', 'zeta', 'alpha');
      const { access, id, tokens } = await claimsOf('member');

      // Signed with the pool's keys, as any verifier reads them.
      const jwks = createRemoteJWKSet(new URL(`${server.url}/${claimsPool}/.well-known/jwks.json`));
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

      await createUser(server.cognito, claimsPool, 'torn');
      await joinGroups('torn', 'left', 'right', 'later', 'roleless-first');
      const torn = (await claimsOf('torn')).id;
      assert.equal(torn['cognito:preferred_role'], undefined);
      assert.deepEqual(torn['cognito:roles'], [role('left'), role('right'), role('later')]);

      await createUser(server.cognito, claimsPool, 'agreed');
      await joinGroups('agreed', 'left', 'same', 'later', 'roleless-first');
      const agreed = (await claimsOf('agreed')).id;
      assert.equal(agreed['cognito:preferred_role'], role('left'), 'a group without a role does not take precedence');
      assert.deepEqual(agreed['cognito:roles'], [role('left'), role('later')], 'each role once');

      // Groups without precedence only: tied, so different roles prefer none.
      await group({ GroupName: 'free-a', RoleArn: role('free-a') });
      await group({ GroupName: 'free-b', RoleArn: role('free-b') });
      await createUser(server.cognito, claimsPool, 'unranked');
      await joinGroups('unranked', 'free-a', 'free-b');
      assert.equal((await claimsOf('unranked')).id['cognito:preferred_role'], undefined);
      await joinGroups('unranked', 'later');
      assert.equal((await claimsOf('unranked')).id['cognito:preferred_role'], role('later'), 'any precedence ranks before none');
    });

    it('carries membership as it stands at refresh time', async () => {
      await group({ GroupName: 'temp', Precedence: 1, RoleArn: role('temp') });
      await group({ GroupName: 'kept', Precedence: 3 });
      await createUser(server.cognito, claimsPool, 'refresher');
      await joinGroups('refresher', 'temp');
      const { tokens } = await claimsOf('refresher');
      const refresh = async () => {
        const { AuthenticationResult } = await server.cognito.send(
          new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
        );
        return { access: decodeJwt(AuthenticationResult!.AccessToken!), id: decodeJwt(AuthenticationResult!.IdToken!) };
      };

      await joinGroups('refresher', 'kept');
      await server.cognito.send(new UpdateGroupCommand({ UserPoolId: claimsPool, GroupName: 'kept', Precedence: 0, RoleArn: role('kept') }));
      let now = await refresh();
      assert.deepEqual(now.access['cognito:groups'], ['kept', 'temp']);
      assert.equal(now.id['cognito:preferred_role'], role('kept'));

      await server.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: claimsPool, Username: 'refresher', GroupName: 'kept' }));
      now = await refresh();
      assert.deepEqual(now.id['cognito:groups'], ['temp']);
      assert.deepEqual(now.id['cognito:roles'], [role('temp')]);

      await server.cognito.send(new DeleteGroupCommand({ UserPoolId: claimsPool, GroupName: 'temp' }));
      now = await refresh();
      assert.ok(!('cognito:groups' in now.access) && !('cognito:groups' in now.id) && !('cognito:roles' in now.id));
    });
  });
});
