// TagResource, UntagResource, ListTagsForResource and CreateUserPool/UpdateUserPool's UserPoolTags through the real SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DescribeUserPoolCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, expectError } from '../support/fixtures.js';

const manyTags = (count: number, prefix = 'k') => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, `v${i}`]));

describe('user pool tags', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const tagsOf = async (arn: string) => (await server.cognito.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags;
  const describePool = async (id: string) => (await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;

  it('keeps the tags CreateUserPool was given and lists them by the pool ARN', async () => {
    const pool = await createPool(server.cognito, { UserPoolTags: { team: 'identity', stage: 'dev' } });
    assert.deepEqual(pool.UserPoolTags, { team: 'identity', stage: 'dev' });
    assert.deepEqual(await tagsOf(pool.Arn!), { team: 'identity', stage: 'dev' });
    assert.deepEqual((await describePool(pool.Id!)).UserPoolTags, { team: 'identity', stage: 'dev' });
  });

  it('adds, replaces and removes tags, leaving LastModifiedDate alone', async () => {
    const pool = await createPool(server.cognito);
    assert.deepEqual(await tagsOf(pool.Arn!), {});
    const before = (await describePool(pool.Id!)).LastModifiedDate;
    await server.cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { a: '1', b: '2', empty: '' } }));
    await server.cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { b: 'two', c: '3' } }));
    assert.deepEqual(await tagsOf(pool.Arn!), { a: '1', b: 'two', c: '3', empty: '' });
    await server.cognito.send(new UntagResourceCommand({ ResourceArn: pool.Arn, TagKeys: ['a', 'not-there'] }));
    assert.deepEqual(await tagsOf(pool.Arn!), { b: 'two', c: '3', empty: '' });
    await server.cognito.send(new UntagResourceCommand({ ResourceArn: pool.Arn, TagKeys: ['b', 'c', 'empty'] }));
    assert.deepEqual(await tagsOf(pool.Arn!), {});
    assert.deepEqual((await describePool(pool.Id!)).LastModifiedDate, before);
  });

  it('concurrent taggings lose nothing', async () => {
    const pool = await createPool(server.cognito);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => server.cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { [`t${i}`]: `${i}` } }))),
    );
    assert.deepEqual(await tagsOf(pool.Arn!), Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`t${i}`, `${i}`])));
  });

  it('refuses more than 50 tags, however they arrive, and changes nothing', async () => {
    await expectError(createPool(server.cognito, { UserPoolTags: manyTags(51) }), 'InvalidParameterException', 'A user pool can have at most 50 tags.');
    const pool = await createPool(server.cognito, { UserPoolTags: manyTags(49) });
    await expectError(
      server.cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { x: '1', y: '2' } })),
      'InvalidParameterException',
      'A user pool can have at most 50 tags.',
    );
    assert.equal(Object.keys((await tagsOf(pool.Arn!))!).length, 49);
    await server.cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { k0: 'replaced', x: '1' } }));
    assert.equal(Object.keys((await tagsOf(pool.Arn!))!).length, 50);
    await expectError(
      server.cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: manyTags(51, 'n') })),
      'InvalidParameterException',
      'A user pool can have at most 50 tags.',
    );
  });

  it('refuses keys in the reserved aws: namespace and lengths past the model', async () => {
    await expectError(createPool(server.cognito, { UserPoolTags: { 'aws:owner': 'me' } }), 'InvalidParameterException', /aws: are reserved/);
    const pool = await createPool(server.cognito);
    await expectError(
      server.cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { 'AWS:cost': 'x' } })),
      'InvalidParameterException',
      /reserved/,
    );
    await expectError(
      server.cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { ['k'.repeat(129)]: 'x' } })),
      'InvalidParameterException',
    );
    await expectError(
      server.cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { k: 'v'.repeat(257) } })),
      'InvalidParameterException',
    );
    assert.deepEqual(await tagsOf(pool.Arn!), {});
  });

  it('answers a malformed ARN with InvalidParameterException and an unknown pool with ResourceNotFoundException', async () => {
    const pool = await createPool(server.cognito);
    const bucket = 'arn:aws:s3:us-east-1:000000000000:bucket/reports';
    await expectError(tagsOf(bucket), 'InvalidParameterException', `${bucket} is not a valid user pool ARN.`);
    await expectError(tagsOf('arn:aws:s3:::bucket'), 'InvalidParameterException', /failed to satisfy constraint/);
    await expectError(
      server.cognito.send(new TagResourceCommand({ ResourceArn: 'not-an-arn-at-all', Tags: { a: 'b' } })),
      'InvalidParameterException',
    );
    const missing = pool.Arn!.replace(/userpool\/.*$/, 'userpool/us-east-1_Nope12345');
    await expectError(tagsOf(missing), 'ResourceNotFoundException', `Resource ${missing} does not exist.`);
    const otherAccount = pool.Arn!.replace(':000000000000:', ':123456789012:');
    await expectError(
      server.cognito.send(new UntagResourceCommand({ ResourceArn: otherAccount, TagKeys: ['a'] })),
      'ResourceNotFoundException',
    );
  });

  it('UpdateUserPool replaces the tags it is given and keeps them when it is not', async () => {
    const pool = await createPool(server.cognito, { UserPoolTags: { a: '1' } });
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OFF' }));
    assert.deepEqual(await tagsOf(pool.Arn!), { a: '1' });
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, UserPoolTags: { b: '2' } }));
    assert.deepEqual(await tagsOf(pool.Arn!), { b: '2' });
    await expectError(
      server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, UserPoolTags: manyTags(51) })),
      'InvalidParameterException',
    );
    assert.deepEqual(await tagsOf(pool.Arn!), { b: '2' });
  });
});
