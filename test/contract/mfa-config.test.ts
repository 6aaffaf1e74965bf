// SetUserPoolMfaConfig and GetUserPoolMfaConfig, passkey configuration included, through the real SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  type SetUserPoolMfaConfigCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, expectError } from '../support/fixtures.js';

describe('user pool MFA configuration', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const get = async (poolId: string) => {
    const { $metadata: _, ...config } = await server.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    return config;
  };
  const set = async (poolId: string, input: Omit<SetUserPoolMfaConfigCommandInput, 'UserPoolId'>) => {
    const { $metadata: _, ...config } = await server.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...input }));
    return config;
  };

  it('answers a new pool with MFA off and passkey defaults', async () => {
    const pool = await createPool(server.cognito);
    assert.deepEqual(await get(pool.Id!), {
      MfaConfiguration: 'OFF',
      SoftwareTokenMfaConfiguration: { Enabled: false },
      WebAuthnConfiguration: { UserVerification: 'preferred', FactorConfiguration: 'SINGLE_FACTOR' },
    });
  });

  it('stores the passkey configuration and echoes it', async () => {
    const pool = await createPool(server.cognito);
    const answer = await set(pool.Id!, { WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com', UserVerification: 'required' } });
    assert.deepEqual(answer.WebAuthnConfiguration, {
      RelyingPartyId: 'auth.example.com',
      UserVerification: 'required',
      FactorConfiguration: 'SINGLE_FACTOR',
    });
    assert.deepEqual(await get(pool.Id!), answer);
    const described = (await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool!;
    assert.equal('WebAuthnConfiguration' in described, false);

    await set(pool.Id!, { WebAuthnConfiguration: { FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' } });
    assert.deepEqual((await get(pool.Id!)).WebAuthnConfiguration, {
      UserVerification: 'preferred',
      FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
    });
  });

  it('turns MFA on with TOTP and email, keeping what a later call leaves out', async () => {
    const pool = await createPool(server.cognito);
    const answer = await set(pool.Id!, {
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' },
    });
    assert.equal(answer.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(answer.SoftwareTokenMfaConfiguration, { Enabled: true });
    assert.deepEqual(answer.EmailMfaConfiguration, { Message: 'Your code is {####}', Subject: 'Sign-in code' });
    await set(pool.Id!, { MfaConfiguration: 'ON' });
    const after = await get(pool.Id!);
    assert.equal(after.MfaConfiguration, 'ON');
    assert.deepEqual(after.SoftwareTokenMfaConfiguration, { Enabled: true });
    assert.equal((await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool!.MfaConfiguration, 'ON');
    // UpdateUserPool cannot change the factor settings, only MfaConfiguration.
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL' }));
    assert.deepEqual((await get(pool.Id!)).EmailMfaConfiguration, answer.EmailMfaConfiguration);
  });

  it('refuses MFA on without any MFA method', async () => {
    const pool = await createPool(server.cognito);
    await expectError(set(pool.Id!, { MfaConfiguration: 'ON' }), 'InvalidParameterException', /needs at least one MFA method/);
    await expectError(
      set(pool.Id!, { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: false } }),
      'InvalidParameterException',
    );
    assert.equal((await get(pool.Id!)).MfaConfiguration, 'OFF');
  });

  it('refuses passkey and email MFA settings on the LITE tier', async () => {
    const pool = await createPool(server.cognito, { UserPoolTier: 'LITE' });
    await expectError(
      set(pool.Id!, { WebAuthnConfiguration: { RelyingPartyId: 'example.com' } }),
      'FeatureUnavailableInTierException',
      'WebAuthnConfiguration is not available in the LITE feature plan of this user pool.',
    );
    await expectError(
      set(pool.Id!, { MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Code {####}' } }),
      'FeatureUnavailableInTierException',
    );
    const totp = await set(pool.Id!, { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    assert.equal(totp.MfaConfiguration, 'OPTIONAL');
    assert.equal((await get(pool.Id!)).EmailMfaConfiguration, undefined);
  });

  it('validates input and answers unknown pools', async () => {
    const pool = await createPool(server.cognito);
    await expectError(
      set(pool.Id!, { WebAuthnConfiguration: { UserVerification: 'REQUIRED' as never } }),
      'InvalidParameterException',
      /Member must satisfy enum value set: \[required, preferred\]/,
    );
    await expectError(set(pool.Id!, { EmailMfaConfiguration: { Message: 'no placeholder' } }), 'InvalidParameterException');
    await expectError(
      server.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: 'us-east-1_Missing00' })),
      'ResourceNotFoundException',
      'User pool us-east-1_Missing00 does not exist.',
    );
    await expectError(set('us-east-1_Missing00', { MfaConfiguration: 'OFF' }), 'ResourceNotFoundException');
  });
});
