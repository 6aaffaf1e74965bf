// The nine group operations through the real SDK: members and defaults, the model's constraints,
// Cognito's errors, pagination with bound page tokens, the per-pool and per-user limits, and what
// deleting a group or a user does to memberships.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
  type AdminListGroupsForUserCommandOutput,
  type CreateGroupCommandInput,
  type GroupType,
} from '@aws-sdk/client-cognito-identity-provider';
import { join } from 'node:path';
import { MAX_GROUPS_PER_POOL, MAX_GROUPS_PER_USER } from '../../src/groups/groups.js';
import { PgDriver } from '../../src/store/sql/postgres.js';
import { SqliteDriver } from '../../src/store/sql/sqlite.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, createUser, expectError, poolWithUser, signIn } from '../support/fixtures.js';

const MISSING_POOL = 'us-east-1_Missing00';
const ROLE = 'arn:aws:iam::123456789012:role/editors';

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
      assert.deepEqual(
        { ...group, CreationDate: undefined, LastModifiedDate: undefined },
        { GroupName: 'editors', UserPoolId: poolId, Description: 'They edit.', RoleArn: ROLE, Precedence: 3, CreationDate: undefined, LastModifiedDate: undefined },
      );
      assert.equal(group.CreationDate!.getTime(), before);
      assert.deepEqual(group.LastModifiedDate, group.CreationDate);
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
      for (const [input, message] of invalid) {
        await expectError(createGroup(input), 'InvalidParameterException', message);
        if (input.GroupName.length > 0 && input.GroupName.length <= 128 && !input.GroupName.includes(' ')) {
          await expectError(getGroup(input.GroupName), 'ResourceNotFoundException');
        }
      }
      const maxed = await createGroup({ GroupName: 'ü'.repeat(128), Precedence: 2 ** 31 - 1, Description: 'd'.repeat(2048) });
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
        server.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'crowd', NextToken: `${tokens[0]!.slice(0, -2)}AA` })),
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
});
