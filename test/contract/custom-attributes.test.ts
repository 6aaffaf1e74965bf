// AddCustomAttributes and the schema rules of CreateUserPool through the real SDK: custom attributes
// are prefixed and kept for good, developer-only ones are written by administrators only, and
// attribute values are checked against their definitions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddCustomAttributesCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, createUser, expectError, PASSWORD, poolWithClient, signIn } from '../support/fixtures.js';

describe('custom attributes and the pool schema', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const schemaOf = async (poolId: string) =>
    (await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.SchemaAttributes!;
  const addTo = (poolId: string, attributes: SchemaAttributeType[]) =>
    server.cognito.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: attributes }));
  const customNames = async (poolId: string) => (await schemaOf(poolId)).map((a) => a.Name!).filter((n) => n.includes('custom:'));

  it('adds prefixed custom attributes with Cognito\'s defaults and only the constraints of their type', async () => {
    const pool = await createPool(server.cognito);
    server.clock.advance(5000);
    await addTo(pool.Id!, [
      { Name: 'tenant', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2', MaxLength: '10' }, NumberAttributeConstraints: { MinValue: '1' } },
      { Name: 'level', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '9' }, Mutable: false },
      { Name: 'custom:odd', AttributeDataType: 'Boolean' },
    ]);
    const schema = await schemaOf(pool.Id!);
    assert.deepEqual(schema.find((a) => a.Name === 'custom:tenant'), {
      Name: 'custom:tenant',
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      StringAttributeConstraints: { MinLength: '2', MaxLength: '10' },
    });
    assert.deepEqual(schema.find((a) => a.Name === 'custom:level')!.NumberAttributeConstraints, { MinValue: '1', MaxValue: '9' });
    assert.equal(schema.find((a) => a.Name === 'custom:level')!.StringAttributeConstraints, undefined);
    assert.equal(schema.find((a) => a.Name === 'custom:level')!.Mutable, false);
    // Cognito prefixes whatever name it is given.
    assert.ok(schema.some((a) => a.Name === 'custom:custom:odd'));
    const described = (await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id! }))).UserPool!;
    assert.ok(described.LastModifiedDate!.getTime() > pool.LastModifiedDate!.getTime());
  });

  it('refuses a name the pool has, whole, and changes nothing', async () => {
    const pool = await createPool(server.cognito, { Schema: [{ Name: 'tenant', AttributeDataType: 'String' }] });
    await expectError(
      addTo(pool.Id!, [{ Name: 'fresh', AttributeDataType: 'String' }, { Name: 'tenant', AttributeDataType: 'Number' }]),
      'InvalidParameterException',
      'custom:tenant: Existing attribute already has name custom:tenant.',
    );
    await expectError(
      addTo(pool.Id!, [{ Name: 'twice', AttributeDataType: 'String' }, { Name: 'twice', AttributeDataType: 'String' }]),
      'InvalidParameterException',
      'custom:twice: Existing attribute already has name custom:twice.',
    );
    await expectError(addTo(pool.Id!, [{ Name: 'tenant', AttributeDataType: 'String', DeveloperOnlyAttribute: true }]), 'InvalidParameterException', /Existing attribute/);
    assert.deepEqual(await customNames(pool.Id!), ['custom:tenant']);
  });

  it('holds 50 custom attributes at most, also when added at once', async () => {
    const pool = await createPool(server.cognito);
    const batch = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ Name: `${prefix}${i}`, AttributeDataType: 'String' as const }));
    await addTo(pool.Id!, batch('a', 25));
    const results = await Promise.allSettled([addTo(pool.Id!, batch('b', 20)), addTo(pool.Id!, batch('c', 20))]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((refused.reason as Error).message, 'A user pool can have at most 50 custom attributes.');
    assert.equal((await customNames(pool.Id!)).length, 45);
    await addTo(pool.Id!, batch('d', 5));
    await expectError(addTo(pool.Id!, batch('e', 1)), 'InvalidParameterException', 'A user pool can have at most 50 custom attributes.');
    // CreateUserPool's Schema holds 50 entries at most (the model), so it cannot pass the limit.
    await expectError(createPool(server.cognito, { Schema: batch('f', 51) }), 'InvalidParameterException', /Member must have length less than or equal to 50/);
  });

  it('refuses definitions Cognito refuses', async () => {
    const pool = await createPool(server.cognito);
    const cases: [SchemaAttributeType, RegExp][] = [
      [{ Name: 'typeless' }, /needs an AttributeDataType/],
      [{ Name: 'needed', AttributeDataType: 'String', Required: true }, /^Required custom attributes are not supported currently\.$/],
      [{ Name: 'long', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '4096' } }, /from 0 to 2048/],
      [{ Name: 'inverted', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '9', MaxLength: '2' } }, /MinLength of custom:inverted is greater/],
      [{ Name: 'range', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '9', MaxValue: '2' } }, /MinValue/],
      [{ Name: 'words', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: 'one' } }, /whole numbers/],
    ];
    for (const [attribute, message] of cases) {
      await expectError(addTo(pool.Id!, [attribute]), 'InvalidParameterException', message);
      await expectError(createPool(server.cognito, { Schema: [attribute] }), 'InvalidParameterException', message);
    }
    await expectError(addTo(pool.Id!, [{ Name: 'x'.repeat(21), AttributeDataType: 'String' }]), 'InvalidParameterException', /failed to satisfy constraint/);
    await expectError(addTo(pool.Id!, [{ AttributeDataType: 'String' }]), 'InvalidParameterException', 'Every schema attribute needs a Name.');
    await expectError(createPool(server.cognito, { Schema: [{ AttributeDataType: 'String' }] }), 'InvalidParameterException', 'Every schema attribute needs a Name.');
    await expectError(addTo('us-east-1_Nope12345', [{ Name: 'x', AttributeDataType: 'String' }]), 'ResourceNotFoundException', 'User pool us-east-1_Nope12345 does not exist.');
    assert.deepEqual(await customNames(pool.Id!), []);
  });

  it('keeps standard attributes\' types and never makes them developer-only', async () => {
    await expectError(
      createPool(server.cognito, { Schema: [{ Name: 'email', AttributeDataType: 'Number' }] }),
      'InvalidParameterException',
      'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email',
    );
    await expectError(
      createPool(server.cognito, { Schema: [{ Name: 'name', DeveloperOnlyAttribute: true }] }),
      'InvalidParameterException',
      /standard schema attribute name/,
    );
    const pool = await createPool(server.cognito, { Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true }] });
    const email = (await schemaOf(pool.Id!)).find((a) => a.Name === 'email')!;
    assert.equal(email.Required, true);
    assert.deepEqual(email.StringAttributeConstraints, { MinLength: '0', MaxLength: '2048' });
  });

  it('lists developer-only attributes as dev:custom: and lets only administrators write them', async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito, {
      pool: { Schema: [{ Name: 'plan', AttributeDataType: 'String', DeveloperOnlyAttribute: true }] },
    });
    await addTo(poolId, [{ Name: 'score', AttributeDataType: 'Number', DeveloperOnlyAttribute: true }]);
    assert.deepEqual(await customNames(poolId), ['dev:custom:plan', 'dev:custom:score']);
    await createUser(server.cognito, poolId, 'dana');
    await server.cognito.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'dana', UserAttributes: [{ Name: 'dev:custom:plan', Value: 'gold' }] }),
    );
    const token = (await signIn(server.cognito, clientId, 'dana')).AccessToken!;
    await expectError(
      server.cognito.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'dev:custom:plan', Value: 'free' }] })),
      'NotAuthorizedException',
      'A client attempted to write unauthorized attribute',
    );
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'eve', Password: PASSWORD, UserAttributes: [{ Name: 'dev:custom:score', Value: '1' }] })),
      'NotAuthorizedException',
    );
    const dana = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dana' }));
    assert.equal(dana.UserAttributes!.find((a) => a.Name === 'dev:custom:plan')!.Value, 'gold');
  });

  it('checks values against the definitions and takes booleans in any case', async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito);
    await addTo(poolId, [
      { Name: 'code', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '3', MaxLength: '5' } },
      { Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '18', MaxValue: '130' } },
      { Name: 'vip', AttributeDataType: 'Boolean' },
    ]);
    const signUp = (attributes: Record<string, string>, username = 'fay') =>
      server.cognito.send(
        new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })) }),
      );
    await expectError(signUp({ 'custom:code': 'toolong' }), 'InvalidParameterException', /custom:code: String must be no longer than 5 characters/);
    await expectError(signUp({ 'custom:age': '12' }), 'InvalidParameterException', /custom:age: Number must be greater than or equal to 18/);
    await expectError(signUp({ 'custom:vip': 'yes' }), 'InvalidParameterException', /custom:vip: Boolean must be true or false/);
    await signUp({ 'custom:code': 'abc', 'custom:age': '30', 'custom:vip': 'True' });
    await createUser(server.cognito, poolId, 'gus', { email: 'gus@example.com', email_verified: 'TRUE' });
    const attributesOf = async (username: string) =>
      Object.fromEntries((await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal((await attributesOf('fay'))['custom:vip'], 'true');
    assert.equal((await attributesOf('gus')).email_verified, 'true');
    await server.cognito.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'gus', UserAttributes: [{ Name: 'email_verified', Value: 'False' }] }),
    );
    assert.equal((await attributesOf('gus')).email_verified, 'false');
  });
});
