// The operator console in headless Chromium with a CDP virtual authenticator: find a pool, register
// and sign in with a passkey through the playground, read the events (a failed sign-in with its
// precise reason), delete the passkey. Set KEYPOOL_SCREENSHOT=1 to refresh docs/console.png.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminForgetDeviceCommand,
  AdminUpdateAuthEventFeedbackCommand,
  SetRiskConfigurationCommand,
  AssociateSoftwareTokenCommand,
  AdminRemoveUserFromGroupCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
  CreateGroupCommand,
  ListWebAuthnCredentialsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { chromiumMissing, openPasskeyBrowser, type PasskeyBrowser } from '../support/chromium.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TRIGGER_HANDLER } from '../support/lambdaServer.js';
import { Secret, TOTP } from 'otpauth';
import { TestDevice } from '../support/devices.js';
import { PASSWORD, createUser, expectError, poolWithUser, signIn } from '../support/fixtures.js';
import { answerPasskey, passkeyPool, startPasskeySignIn } from '../support/userAuth.js';

describe('operator console', { skip: chromiumMissing() ?? false }, () => {
  let server: TestServer;
  let browser: PasskeyBrowser;
  let page: Page;
  let consoleUrl: string;
  let poolId: string;
  let clientId: string;
  const eventsDir = mkdtempSync(join(tmpdir(), 'keypool-console-triggers-'));

  before(async () => {
    process.env.KEYPOOL_TRIGGER_EVENTS = eventsDir;
    server = await startTestServer({ triggers: { 'console-trigger': TRIGGER_HANDLER } });
    consoleUrl = `http://localhost:${server.keypool.port}/console/`;
    ({ poolId, clientId } = await passkeyPool(server.cognito, {
      pool: { PoolName: 'console-e2e', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
      client: { ClientName: 'web' },
    }));
    await createUser(server.cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });

    browser = await openPasskeyBrowser({ viewport: { width: 1280, height: 860 } });
    page = browser.page;
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
    rmSync(eventsDir, { recursive: true, force: true });
  });

  it('lists a pool created through the API, with its passkey settings', async () => {
    await page.goto(`${consoleUrl}#/pools`);
    await page.getByRole('link', { name: poolId }).click();
    await page.getByRole('heading', { name: 'console-e2e' }).waitFor();
    await page.getByText('localhost', { exact: true }).first().waitFor();
    await page.getByRole('cell', { name: 'web', exact: true }).waitFor();
    await page.getByRole('link', { name: 'alice' }).waitFor();
  });

  it("shows a pool's groups with their members, and a user's groups on the user page", async () => {
    const role = 'arn:aws:iam::123456789012:role/console-admins';
    await server.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Description: 'Run the place', Precedence: 1, RoleArn: role }));
    await server.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'empty' }));
    await server.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'admins' }));

    // The page shows this pool already (the first test): read it afresh.
    await page.goto(`${consoleUrl}#/pools/${poolId}`);
    await page.reload();
    const admins = page.locator('tr[data-group="admins"]');
    await admins.waitFor();
    assert.deepEqual(await admins.locator('td').allInnerTexts().then((cells) => cells.slice(0, 5)), ['admins', 'Run the place', '1', role, '1']);
    assert.deepEqual(await page.locator('tr[data-group="empty"] td').allInnerTexts().then((cells) => cells.slice(0, 5)), ['empty', '—', '—', '—', '0']);

    await page.goto(`${consoleUrl}#/pools/${poolId}/users/alice`);
    await page.getByRole('heading', { name: 'Groups (1)' }).waitFor();
    assert.deepEqual(await page.locator('tr[data-group="admins"] td').allInnerTexts().then((cells) => cells.slice(0, 4)), ['admins', 'Run the place', '1', role]);
    await server.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'admins' }));
    await page.reload();
    await page.getByRole('heading', { name: 'Groups (0)' }).waitFor();
    await page.getByText('Not in any group.').waitFor();
  });

  it("shows a user's MFA settings and devices on the user page, never a key or verifier, and not a device once forgotten", async () => {
    const { poolId: devicePool, clientId: deviceClient } = await poolWithUser(server.cognito, {
      username: 'dev',
      pool: { PoolName: 'console-devices', DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } },
    });
    await server.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: devicePool, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const tokens = await signIn(server.cognito, deviceClient, 'dev');
    const device = new TestDevice(tokens.NewDeviceMetadata!);
    await device.confirm(server.cognito, tokens.AccessToken!, 'work laptop');
    const { SecretCode } = await server.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.AccessToken }));
    const code = new TOTP({ secret: Secret.fromBase32(SecretCode!) }).generate({ timestamp: server.clock.now() });
    await server.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: tokens.AccessToken, UserCode: code, FriendlyDeviceName: 'pixel' }));
    await server.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: tokens.AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));

    await page.goto(`${consoleUrl}#/pools/${devicePool}/users/dev`);
    await page.reload();
    await page.getByRole('heading', { name: 'Devices (1)' }).waitFor();
    const row = page.locator(`tr[data-device-key="${device.deviceKey}"] td`);
    assert.deepEqual(await row.allInnerTexts().then((cells) => cells.slice(0, 3)), [device.deviceKey, 'work laptop', 'remembered']);
    const mfa = await page.locator('[data-section="mfa"]').innerText();
    assert.match(mfa, /SOFTWARE_TOKEN_MFA/);
    assert.match(mfa, /pixel, verified/);
    const html = await page.content();
    for (const secret of [SecretCode!, device.verifierConfig().Salt]) assert.equal(html.includes(secret), false, 'no key, verifier or salt on the page');
    await server.cognito.send(new AdminForgetDeviceCommand({ UserPoolId: devicePool, Username: 'dev', DeviceKey: device.deviceKey }));
    await page.reload();
    await page.getByRole('heading', { name: 'Devices (0)' }).waitFor();
  });

  it('registers a passkey and signs in with it through the playground', async () => {
    await page.goto(`${consoleUrl}#/playground?poolId=${poolId}&username=alice`);
    await page.locator('#pg-password').fill(PASSWORD);
    assert.equal(await page.locator('#pg-hint').count(), 0, 'no relying-party hint for a localhost pool');
    await page.locator('#pg-signin').click();
    await page.locator('#pg-status .ok', { hasText: 'with the password' }).waitFor();
    await page.locator('#pg-register').click();
    await page.locator('#pg-status .ok', { hasText: 'Passkey registered.' }).waitFor();
    await page.locator('#pg-passkey-signin').click();
    await page.locator('#pg-status .ok', { hasText: 'with the passkey' }).waitFor();
    const operations = await page.locator('#pg-log .exchange').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.operation));
    assert.deepEqual(operations.reverse(), [
      'InitiateAuth',
      'StartWebAuthnRegistration',
      'CompleteWebAuthnRegistration',
      'InitiateAuth',
      'RespondToAuthChallenge',
    ]);
  });

  it('shows the registration, the passkey sign-in, and a failed sign-in with its precise reason', async () => {
    // A deliberate failure: an assertion made for one sign-in's challenge, sent to another sign-in.
    const first = await startPasskeySignIn(server.cognito, clientId, 'alice');
    const second = await startPasskeySignIn(server.cognito, clientId, 'alice');
    const assertion = await browser.authenticate(first.options);
    await expectError(answerPasskey(server.cognito, clientId, 'alice', second.session, assertion), 'NotAuthorizedException');

    await page.goto(`${consoleUrl}#/events?poolId=${poolId}&username=alice`);
    const rows = page.locator('tr.expandable');
    await rows.first().waitFor();
    const registration = rows.filter({ hasText: 'PasskeyRegistration' }).filter({ hasText: 'Pass' });
    assert.ok((await registration.count()) >= 1, 'the passkey registration is listed');
    const passkeySignIn = rows.filter({ hasText: 'USER_AUTH → WEB_AUTHN' }).filter({ has: page.locator('.badge.Pass') });
    assert.ok((await passkeySignIn.count()) >= 1, 'the passkey sign-in is listed');

    await page.locator('select[name=outcome]').selectOption('Fail');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForFunction(() => location.hash.includes('outcome=Fail') && document.body.dataset.ready === location.hash);
    const failed = page.locator('tr.expandable').first();
    await failed.click();
    const reason = page.locator('tr.detail:not([hidden]) .reason');
    await reason.waitFor();
    assert.match(await reason.innerText(), /challenge is not the sign-in's challenge/);

    if (process.env.KEYPOOL_SCREENSHOT) {
      await page.goto(`${consoleUrl}#/events?poolId=${poolId}`);
      await page.locator('tr.expandable', { has: page.locator('.badge.Fail') }).first().click();
      await page.locator('tr.detail:not([hidden]) .reason').waitFor();
      mkdirSync('docs', { recursive: true });
      await page.screenshot({ path: 'docs/console.png', fullPage: false });
    }
  });

  it('deletes a passkey, after which ListWebAuthnCredentials no longer has it', async () => {
    const { AccessToken } = await signIn(server.cognito, clientId, 'alice');
    const listed = await server.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken }));
    assert.equal(listed.Credentials!.length, 1);

    await page.goto(`${consoleUrl}#/pools/${poolId}/users/alice`);
    await page.getByRole('heading', { name: 'Passkeys (1)' }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Passkeys (0)' }).waitFor();

    const after = await server.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken }));
    assert.deepEqual(after.Credentials, []);
    // The same deletion as DeleteWebAuthnCredential's, with the same auth event.
    const { items } = await server.keypool.app.store.events.list({ poolId, username: 'alice', eventType: 'PasskeyDeletion', limit: 10 });
    assert.deepEqual(
      items.map((e) => [e.operation, e.outcome]),
      [['DeleteWebAuthnCredential', 'Pass']],
    );
  });

  it('shows which triggers a sign-in ran, how each ended and how long it took', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:console-trigger';
    const { poolId: triggered, clientId: triggeredClient } = await poolWithUser(server.cognito, {
      pool: { PoolName: 'console-triggers', LambdaConfig: { PreAuthentication: arn, PreTokenGeneration: arn } },
      username: 'tom',
    });
    await signIn(server.cognito, triggeredClient, 'tom');
    await page.goto(`${consoleUrl}#/events?poolId=${triggered}`);
    const row = page.locator('tr.expandable', { hasText: '2 triggers' }).first();
    await row.click();
    const detail = page.locator('tr.detail:not([hidden])');
    await detail.waitFor();
    assert.match(
      await detail.innerText(),
      /PreAuthentication \(PreAuthentication_Authentication\): ok, [\d.]+ ms; PreTokenGeneration \(TokenGeneration_Authentication\): ok, [\d.]+ ms/,
    );
  });

  it("shows threat protection's decision on a blocked sign-in, and the feedback given on it", async () => {
    const { poolId: guarded, clientId: guardedClient } = await poolWithUser(server.cognito, {
      pool: { PoolName: 'console-risk', UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } },
      username: 'rita',
    });
    await server.cognito.send(
      new SetRiskConfigurationCommand({ UserPoolId: guarded, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } }),
    );
    await expectError(signIn(server.cognito, guardedClient, 'rita'), 'NotAuthorizedException', 'Unable to login because of security reasons.');
    const [blocked] = (await server.keypool.app.store.events.list({ poolId: guarded, username: 'rita', limit: 1 })).items;
    await server.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: guarded, Username: 'rita', EventId: blocked!.id, FeedbackValue: 'Invalid' }));
    await page.goto(`${consoleUrl}#/events?poolId=${guarded}`);
    const row = page.locator('tr.expandable', { hasText: 'Block' }).first();
    await row.click();
    const detail = page.locator('tr.detail:not([hidden])');
    await detail.waitFor();
    const text = await detail.innerText();
    assert.match(text, /Block · not scored · compromised credentials/);
    assert.match(text, /Invalid \(Admin, /);
  });

  it('refuses the operator API to another site', async () => {
    const response = await fetch(`${server.url}/_keypool/api/pools/${poolId}/users/alice/passkeys/x`, {
      method: 'DELETE',
      headers: { Origin: 'https://evil.example' },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
});
