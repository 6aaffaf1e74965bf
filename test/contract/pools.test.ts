// CreateUserPool, DescribeUserPool, UpdateUserPool, ListUserPools and DeleteUserPool through the real SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolDomainCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createClient, createPool, createUser, expectError, tampered } from '../support/fixtures.js';

const MISSING_POOL = 'us-east-1_Missing00';

describe('user pools', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const describePool = async (id: string) =>
    (await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;

  it('creates a pool with Cognito defaults and describes it the same way', async () => {
    const created = await createPool(server.cognito, { PoolName: 'defaults' });
    assert.equal(created.Name, 'defaults');
    assert.equal(created.Arn, `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${created.Id}`);
    assert.equal(created.UserPoolTier, 'ESSENTIALS');
    assert.equal(created.DeletionProtection, 'INACTIVE');
    assert.equal(created.MfaConfiguration, 'OFF');
    assert.deepEqual(created.Policies?.SignInPolicy, { AllowedFirstAuthFactors: ['PASSWORD'] });
    assert.equal(created.Policies?.PasswordPolicy?.MinimumLength, 8);
    assert.equal(created.EstimatedNumberOfUsers, 0);
    assert.ok(created.SchemaAttributes!.some((a) => a.Name === 'email'));
    assert.ok(created.CreationDate instanceof Date);
    const described = await describePool(created.Id!);
    assert.deepEqual(described, created);
    assert.equal('WebAuthnConfiguration' in described, false);
  });

  it('prefixes custom schema attributes and keeps standard ones in place', async () => {
    const pool = await createPool(server.cognito, {
      Schema: [
        { Name: 'tenant', AttributeDataType: 'String', Mutable: true },
        { Name: 'email', AttributeDataType: 'String', Required: true },
      ],
      UsernameAttributes: ['email'],
    });
    const names = pool.SchemaAttributes!.map((a) => a.Name);
    assert.ok(names.includes('custom:tenant'));
    assert.equal(pool.SchemaAttributes!.find((a) => a.Name === 'email')!.Required, true);
    assert.deepEqual(pool.UsernameAttributes, ['email']);
  });

  it('keeps the legacy verification messages and VerificationMessageTemplate in step, both ways', async () => {
    const legacy = await createPool(server.cognito, {
      EmailVerificationMessage: 'Code: {####}',
      EmailVerificationSubject: 'Your code',
      SmsVerificationMessage: 'SMS code {####}',
    });
    assert.deepEqual(legacy.VerificationMessageTemplate, {
      DefaultEmailOption: 'CONFIRM_WITH_CODE',
      EmailMessage: 'Code: {####}',
      EmailSubject: 'Your code',
      SmsMessage: 'SMS code {####}',
    });
    const modern = await createPool(server.cognito, { VerificationMessageTemplate: { EmailMessage: 'Hello {####}', SmsMessage: 'Hi {####}' } });
    assert.equal(modern.EmailVerificationMessage, 'Hello {####}');
    assert.equal(modern.SmsVerificationMessage, 'Hi {####}');
    assert.equal(modern.EmailVerificationSubject, undefined);
    assert.equal(modern.VerificationMessageTemplate!.DefaultEmailOption, 'CONFIRM_WITH_CODE');
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: modern.Id, SmsVerificationMessage: 'New {####}' }));
    const updated = await describePool(modern.Id!);
    assert.equal(updated.VerificationMessageTemplate!.SmsMessage, 'New {####}');
    assert.equal(updated.EmailVerificationMessage, undefined);
    await expectError(
      createPool(server.cognito, { EmailVerificationMessage: 'A {####}', VerificationMessageTemplate: { EmailMessage: 'B {####}' } }),
      'InvalidParameterException',
      'EmailVerificationMessage and VerificationMessageTemplate.EmailMessage say the same thing and must be equal when both are given.',
    );
    await expectError(createPool(server.cognito, { SmsVerificationMessage: 'no placeholder' }), 'InvalidParameterException', /failed to satisfy constraint/);
  });

  it('refuses UsernameAttributes together with AliasAttributes', async () => {
    await expectError(
      createPool(server.cognito, { UsernameAttributes: ['email'], AliasAttributes: ['preferred_username'] }),
      'InvalidParameterException',
      'Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.',
    );
  });

  it('refuses required custom attributes and duplicate schema names', async () => {
    await expectError(
      createPool(server.cognito, { Schema: [{ Name: 'tenant', AttributeDataType: 'String', Required: true }] }),
      'InvalidParameterException',
      'Required custom attributes are not supported currently.',
    );
    await expectError(
      createPool(server.cognito, { Schema: [{ Name: 'tenant', AttributeDataType: 'String' }, { Name: 'custom:tenant', AttributeDataType: 'String' }] }),
      'InvalidParameterException',
      /Duplicate attribute name/,
    );
  });

  it('refuses sign-in factors beyond PASSWORD on the LITE tier, and SOFTWARE_TOKEN as a first factor', async () => {
    await expectError(
      createPool(server.cognito, {
        UserPoolTier: 'LITE',
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      }),
      'FeatureUnavailableInTierException',
    );
    const lite = await createPool(server.cognito, {
      UserPoolTier: 'LITE',
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] } },
    });
    assert.equal(lite.UserPoolTier, 'LITE');
    await expectError(
      createPool(server.cognito, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'SOFTWARE_TOKEN'] } } }),
      'InvalidParameterException',
      'SOFTWARE_TOKEN is not currently supported as a first auth factor.',
    );
    const passkeys = await createPool(server.cognito, {
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    });
    assert.deepEqual(passkeys.Policies?.SignInPolicy?.AllowedFirstAuthFactors, ['PASSWORD', 'WEB_AUTHN']);
  });

  it('answers an unknown pool with ResourceNotFoundException', async () => {
    await expectError(
      server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: MISSING_POOL })),
      'ResourceNotFoundException',
      `User pool ${MISSING_POOL} does not exist.`,
    );
    await expectError(
      server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: MISSING_POOL })),
      'ResourceNotFoundException',
      `User pool ${MISSING_POOL} does not exist.`,
    );
    await expectError(
      server.cognito.send(new DeleteUserPoolCommand({ UserPoolId: MISSING_POOL })),
      'ResourceNotFoundException',
      `User pool ${MISSING_POOL} does not exist.`,
    );
  });

  it('replaces the configuration on update: left-out members return to their defaults', async () => {
    const pool = await createPool(server.cognito, {
      PoolName: 'before',
      UsernameAttributes: ['email'],
      Schema: [{ Name: 'tenant', AttributeDataType: 'String' }],
      AutoVerifiedAttributes: ['email'],
      Policies: {
        PasswordPolicy: { MinimumLength: 12, RequireSymbols: false },
        SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] },
      },
    });
    server.clock.advance(5_000);
    await server.cognito.send(
      new UpdateUserPoolCommand({ UserPoolId: pool.Id, Policies: { PasswordPolicy: { MinimumLength: 10 } }, DeletionProtection: 'ACTIVE' }),
    );
    const updated = await describePool(pool.Id!);
    assert.equal(updated.Name, 'before');
    assert.equal(updated.Policies?.PasswordPolicy?.MinimumLength, 10);
    assert.equal(updated.Policies?.PasswordPolicy?.RequireSymbols, true);
    assert.deepEqual(updated.Policies?.SignInPolicy, { AllowedFirstAuthFactors: ['PASSWORD'] });
    assert.equal(updated.AutoVerifiedAttributes, undefined);
    assert.equal(updated.DeletionProtection, 'ACTIVE');
    assert.deepEqual(updated.UsernameAttributes, ['email']);
    assert.deepEqual(updated.SchemaAttributes, pool.SchemaAttributes);
    assert.equal(updated.UserPoolTier, 'ESSENTIALS');
    assert.equal(updated.LastModifiedDate!.getTime() - pool.LastModifiedDate!.getTime(), 5_000);
    assert.equal(updated.CreationDate!.getTime(), pool.CreationDate!.getTime());

    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, PoolName: 'after' }));
    assert.equal((await describePool(pool.Id!)).Name, 'after');
  });

  it('refuses tier features on update, and a move to LITE while passkeys are configured', async () => {
    const pool = await createPool(server.cognito);
    await expectError(
      server.cognito.send(
        new UpdateUserPoolCommand({
          UserPoolId: pool.Id,
          UserPoolTier: 'LITE',
          Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
        }),
      ),
      'FeatureUnavailableInTierException',
    );
    await server.cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, WebAuthnConfiguration: { RelyingPartyId: 'example.com' } }),
    );
    await expectError(
      server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, UserPoolTier: 'LITE' })),
      'TierChangeNotAllowedException',
    );
    assert.equal((await describePool(pool.Id!)).UserPoolTier, 'ESSENTIALS');
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, UserPoolTier: 'PLUS' }));
    assert.equal((await describePool(pool.Id!)).UserPoolTier, 'PLUS');
  });

  it('lists pools in pages with an opaque NextToken', async () => {
    const local = await startTestServer();
    try {
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await createPool(local.cognito, { PoolName: `pool-${i}` })).Id!);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await local.cognito.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: token }));
        assert.ok(page.UserPools!.length <= 2);
        for (const p of page.UserPools!) {
          assert.ok(p.Name!.startsWith('pool-'));
          assert.ok(p.CreationDate instanceof Date);
          assert.deepEqual(p.LambdaConfig, {});
        }
        seen.push(...page.UserPools!.map((p) => p.Id!));
        token = page.NextToken;
        pages++;
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual(seen, [...ids].sort());

      const first = await local.cognito.send(new ListUserPoolsCommand({ MaxResults: 1 }));
      await expectError(
        local.cognito.send(new ListUserPoolsCommand({ MaxResults: 1, NextToken: tampered(first.NextToken!) })),
        'InvalidParameterException',
        'The NextToken is not valid.',
      );
      await expectError(
        local.cognito.send(new ListUserPoolsCommand({ MaxResults: 1, NextToken: 'garbage' })),
        'InvalidParameterException',
      );
      await expectError(local.cognito.send(new ListUserPoolsCommand({ MaxResults: 61 })), 'InvalidParameterException');
      await expectError(local.cognito.send(new ListUserPoolsCommand({ MaxResults: 0 })), 'InvalidParameterException');
      await expectError(
        local.cognito.send(new ListUserPoolsCommand({} as never)),
        'InvalidParameterException',
        "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
      );
    } finally {
      await local.dispose();
    }
  });

  it('deletes a pool, unless deletion protection is active', async () => {
    const pool = await createPool(server.cognito, { DeletionProtection: 'ACTIVE' });
    await expectError(
      server.cognito.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id })),
      'InvalidParameterException',
      'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    );
    assert.equal((await describePool(pool.Id!)).Id, pool.Id);
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, DeletionProtection: 'INACTIVE' }));
    await server.cognito.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
    await expectError(server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id })), 'ResourceNotFoundException');
    const response = await fetch(`${server.url}/${pool.Id}/.well-known/jwks.json`);
    assert.equal(response.status, 404);
  });

  it('deletes a pool with its clients, domain and users', async () => {
    const pool = await createPool(server.cognito);
    await createClient(server.cognito, pool.Id!);
    await createUser(server.cognito, pool.Id!, 'bob');
    const domain = `gone-${pool.Id!.slice(-9).toLowerCase()}`;
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
    await server.cognito.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
    const { DomainDescription } = await server.cognito.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    assert.deepEqual(DomainDescription, {});
  });

  it('validates CreateUserPool input against the model', async () => {
    await expectError(server.cognito.send(new CreateUserPoolCommand({ PoolName: 'x', UserPoolTier: 'GOLD' as never })), 'InvalidParameterException');
  });
});
