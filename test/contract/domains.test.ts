// CreateUserPoolDomain, DescribeUserPoolDomain and DeleteUserPoolDomain through the real SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, expectError } from '../support/fixtures.js';

const CERTIFICATE = 'arn:aws:acm:us-east-1:000000000000:certificate/11111111-2222-3333-4444-555555555555';

describe('user pool domains', () => {
  let server: TestServer;
  let poolId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await createPool(server.cognito)).Id!;
  });
  after(() => server.dispose());

  const describeDomain = async (domain: string) =>
    (await server.cognito.send(new DescribeUserPoolDomainCommand({ Domain: domain }))).DomainDescription!;
  const describePool = async (id: string) => (await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;

  it('creates a prefix domain, shown on the pool and described', async () => {
    const created = await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'my-app' }));
    assert.equal(created.ManagedLoginVersion, 1);
    assert.equal(created.CloudFrontDomain, undefined);
    assert.equal((await describePool(poolId)).Domain, 'my-app');
    const description = await describeDomain('my-app');
    assert.equal(description.UserPoolId, poolId);
    assert.equal(description.Domain, 'my-app');
    assert.equal(description.Status, 'ACTIVE');
    assert.equal(description.ManagedLoginVersion, 1);
    assert.equal(description.CustomDomainConfig, undefined);
  });

  it('creates a custom domain with its CloudFront alias and managed login version', async () => {
    const created = await server.cognito.send(
      new CreateUserPoolDomainCommand({
        UserPoolId: poolId,
        Domain: 'auth.example.com',
        CustomDomainConfig: { CertificateArn: CERTIFICATE },
        ManagedLoginVersion: 2,
      }),
    );
    assert.match(created.CloudFrontDomain!, /^d[a-z]{13}\.cloudfront\.net$/);
    assert.equal(created.ManagedLoginVersion, 2);
    const pool = await describePool(poolId);
    assert.equal(pool.CustomDomain, 'auth.example.com');
    assert.equal(pool.Domain, 'my-app');
    const description = await describeDomain('auth.example.com');
    assert.deepEqual(description.CustomDomainConfig, { CertificateArn: CERTIFICATE });
    assert.equal(description.CloudFrontDistribution, created.CloudFrontDomain);
    assert.equal(description.ManagedLoginVersion, 2);
  });

  it('keeps one prefix and one custom domain per pool, and a domain to one pool', async () => {
    await expectError(
      server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'another-prefix' })),
      'InvalidParameterException',
      'User pool already has a domain configured.',
    );
    const other = (await createPool(server.cognito)).Id!;
    await expectError(
      server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'my-app' })),
      'InvalidParameterException',
      'Domain already associated with another user pool.',
    );
    await expectError(
      server.cognito.send(
        new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'auth.example.com', CustomDomainConfig: { CertificateArn: CERTIFICATE } }),
      ),
      'InvalidParameterException',
      'Domain already associated with another user pool.',
    );
    assert.equal((await describePool(other)).Domain, undefined);
  });

  it('refuses malformed prefixes and reserved words', async () => {
    const other = (await createPool(server.cognito)).Id!;
    await expectError(
      server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'has.dots' })),
      'InvalidParameterException',
      /prefix can contain only lowercase letters/,
    );
    await expectError(
      server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'my-cognito-app' })),
      'InvalidParameterException',
      'The domain prefix cannot contain the reserved word cognito.',
    );
    await expectError(
      server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'Upper_Case' })),
      'InvalidParameterException',
      /failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    await expectError(
      server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'fine-prefix', ManagedLoginVersion: 3 })),
      'InvalidParameterException',
      'ManagedLoginVersion must be one of 1, 2.',
    );
    await expectError(
      server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: 'us-east-1_Missing00', Domain: 'fine-prefix' })),
      'ResourceNotFoundException',
      'User pool us-east-1_Missing00 does not exist.',
    );
  });

  it('describes an unknown domain as an empty DomainDescription', async () => {
    assert.deepEqual(await describeDomain('nobody-has-this'), {});
  });

  it('updates the managed login version and a custom domain\'s certificate, keeping what is left out', async () => {
    const update = (input: Omit<ConstructorParameters<typeof UpdateUserPoolDomainCommand>[0], 'UserPoolId'>, pool = poolId) =>
      server.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool, ...input }));
    assert.deepEqual(await update({ Domain: 'my-app', ManagedLoginVersion: 2 }).then(({ $metadata: _, ...rest }) => rest), { ManagedLoginVersion: 2 });
    assert.equal((await describeDomain('my-app')).ManagedLoginVersion, 2);
    await update({ Domain: 'my-app' });
    assert.equal((await describeDomain('my-app')).ManagedLoginVersion, 2);

    const renewed = CERTIFICATE.replace('11111111', '99999999');
    const answer = await update({ Domain: 'auth.example.com', CustomDomainConfig: { CertificateArn: renewed } });
    assert.equal(answer.ManagedLoginVersion, 2);
    assert.equal(answer.CloudFrontDomain, (await describeDomain('auth.example.com')).CloudFrontDistribution);
    assert.deepEqual((await describeDomain('auth.example.com')).CustomDomainConfig, { CertificateArn: renewed });
    await update({ Domain: 'auth.example.com', ManagedLoginVersion: 1 });
    const description = await describeDomain('auth.example.com');
    assert.equal(description.ManagedLoginVersion, 1);
    assert.deepEqual(description.CustomDomainConfig, { CertificateArn: renewed });

    await expectError(
      update({ Domain: 'my-app', CustomDomainConfig: { CertificateArn: renewed } }),
      'InvalidParameterException',
      'A prefix domain has no certificate: CustomDomainConfig applies only to custom domains.',
    );
    await expectError(update({ Domain: 'my-app', ManagedLoginVersion: 7 }), 'InvalidParameterException', 'ManagedLoginVersion must be one of 1, 2.');
    const other = (await createPool(server.cognito)).Id!;
    await expectError(update({ Domain: 'my-app', ManagedLoginVersion: 1 }, other), 'InvalidParameterException', 'No such domain or user pool exists.');
    await expectError(update({ Domain: 'never-made', ManagedLoginVersion: 1 }), 'InvalidParameterException', 'No such domain or user pool exists.');
    await expectError(update({ Domain: 'my-app' }, 'us-east-1_Missing00'), 'ResourceNotFoundException', 'User pool us-east-1_Missing00 does not exist.');
    assert.equal((await describeDomain('my-app')).ManagedLoginVersion, 2);
  });

  it('deletes a domain only through its own pool', async () => {
    const other = (await createPool(server.cognito)).Id!;
    await expectError(
      server.cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: other, Domain: 'my-app' })),
      'InvalidParameterException',
      'No such domain or user pool exists.',
    );
    await expectError(
      server.cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'never-made' })),
      'InvalidParameterException',
      'No such domain or user pool exists.',
    );
    await server.cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'my-app' }));
    assert.deepEqual(await describeDomain('my-app'), {});
    const pool = await describePool(poolId);
    assert.equal(pool.Domain, undefined);
    assert.equal(pool.CustomDomain, 'auth.example.com');
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'my-app' }));
    assert.equal((await describeDomain('my-app')).UserPoolId, other);
  });
});
