// Every page of managed login, opened in Debian's Chromium the way a user reaches it, checked by a
// small script in the page for what assistive technology and low vision need: a language, a title,
// one h1, a label for every field, a name for every button, alt on every image, role=alert on every
// error, and text (buttons included) at a contrast of at least 4.5:1 with what is behind it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdminSetUserMFAPreferenceCommand, AdminUpdateUserAttributesCommand, CreateUserPoolDomainCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { serverAndPasskeyBrowser } from '../support/chromium.js';
import { PASSWORD, TEMPORARY_PASSWORD, createClient, createPool, createUser, invitedUser } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';
import { passkeyPool } from '../support/userAuth.js';

/** Runs in the page: what it finds wrong, one line each. */
function accessibilityProblems(): string[] {
  const problems: string[] = [];
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
    return [r, g, b, css.startsWith('rgba') ? a : 1];
  };
  const over = (top: Rgba, below: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a), top[2] * a + below[2] * (1 - a), 1];
  };
  /** The opaque color behind an element: its backgrounds and its ancestors', composited over white. */
  const background = (element: Element | null): Rgba => {
    const layers: Rgba[] = [];
    for (let e = element; e; e = e.parentElement) {
      const color = parse(getComputedStyle(e).backgroundColor);
      if (color[3] > 0) layers.push(color);
      if (color[3] === 1) break;
    }
    return layers.reduceRight<Rgba>((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (a: Rgba, b: Rgba) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  const describe = (e: Element) => `<${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}> "${(e.textContent ?? '').trim().slice(0, 40)}"`;
  const visible = (e: Element) => e.checkVisibility();

  if (!document.documentElement.lang) problems.push('the page has no lang');
  if (!document.title.trim()) problems.push('the page has no title');
  const headings = document.querySelectorAll('h1').length;
  if (headings !== 1) problems.push(`the page has ${headings} h1 elements, not one`);
  for (const input of document.querySelectorAll<HTMLInputElement>('input:not([type=hidden]), select, textarea')) {
    const labelled = [...(input.labels ?? [])].some((l) => l.textContent!.trim()) || input.getAttribute('aria-label')?.trim() || input.getAttribute('aria-labelledby');
    if (!labelled) problems.push(`${describe(input)} (name ${input.name}) has no label`);
  }
  for (const button of document.querySelectorAll('button, [role=button], input[type=submit], input[type=button]')) {
    const name = button.textContent!.trim() || button.getAttribute('aria-label')?.trim() || (button as HTMLInputElement).value;
    if (!name) problems.push(`${describe(button)} has no accessible name`);
  }
  for (const image of document.querySelectorAll('img')) {
    if (!image.hasAttribute('alt')) problems.push(`an image (${image.src.slice(0, 40)}) has no alt`);
  }
  for (const error of document.querySelectorAll('.error')) {
    if (error.getAttribute('role') !== 'alert') problems.push(`${describe(error)} is an error without role=alert`);
  }
  const texts = [...document.body.querySelectorAll('*')].filter(
    (e) => visible(e) && ([...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()) || e.matches('button, input:not([type=hidden]):not([type=radio])')),
  );
  for (const element of texts) {
    const behind = background(element);
    const ratio = contrast(over(parse(getComputedStyle(element).color), behind), behind);
    if (ratio < 4.5) problems.push(`${describe(element)} has a contrast of ${ratio.toFixed(2)}:1`);
  }
  return problems;
}

/** The page's problems, none expected; `name` says which page in the failure. */
async function assertAccessible(page: Page, name: string): Promise<void> {
  await page.locator('h1').first().waitFor();
  assert.deepEqual(await page.evaluate(accessibilityProblems), [], `${name}: accessibility problems`);
}

describe('managed login accessibility in Chromium', () => {
  const chromium = serverAndPasskeyBrowser();

  it('the check finds each kind of problem it looks for', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { page } = chromium.browser;
    await page.goto(chromium.browser.origin);
    await page.setContent(`<!doctype html><html><head><title> </title></head><body style="background:#fff">
<h1>One</h1><h1>Two</h1><input id="x"><label>Far</label><button></button><img src="data:,">
<p class="error">No role</p><p style="color:#999">Faint</p><button style="background:#6cf;color:#fff">Pale</button></body></html>`);
    const problems = await page.evaluate(accessibilityProblems);
    const expected = [/no lang/, /no title/, /2 h1/, /<input#x> .* has no label/, /<button> "" has no accessible name/, /image .* has no alt/, /"No role" is an error without role=alert/, /"Faint" has a contrast of 2\.85:1/, /"Pale" has a contrast of 1\.\d+:1/];
    for (const pattern of expected) assert.ok(problems.some((p) => pattern.test(p)), `${pattern} in ${JSON.stringify(problems)}`);
  });

  it('every page has a language, a title, one h1, labelled fields, named buttons, alerts, and text at 4.5:1', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { server, browser } = chromium;
    const { cognito } = server;
    const { page } = browser;
    // Nothing signs in by itself (passkey autofill) while the pages are read.
    await browser.cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: browser.authenticatorId, enabled: false });
    const callback = `${browser.origin}/callback`;
    const oauth = { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const], AllowedOAuthScopes: ['openid'], CallbackURLs: [callback] };
    const domainUrl = (domain: string, path: string, clientId: string) =>
      `http://localhost:${server.keypool.port}/_domain/${domain}${path}?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback })}`;

    // A pool with passkeys and self-service sign-up.
    const passkeys = await passkeyPool(cognito, {
      pool: { UserPoolTier: 'ESSENTIALS', AutoVerifiedAttributes: ['email'], Schema: [{ Name: 'email', AttributeDataType: 'String', Mutable: true }] },
      client: oauth,
    });
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: passkeys.poolId, Domain: 'a11y-passkeys' }));
    const at = (path: string) => domainUrl('a11y-passkeys', path, passkeys.clientId);

    await page.goto(at('/login'));
    await assertAccessible(page, 'login');
    await page.getByLabel('Username').fill('nobody');
    await page.getByLabel('Password').fill('Wr0ng-password!');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    await assertAccessible(page, 'login with an error');

    await page.goto(at('/signup'));
    await assertAccessible(page, 'sign up');
    await page.getByLabel('Username').fill('sam');
    await page.getByLabel('Email').fill('sam@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Confirm your account' }).waitFor();
    await assertAccessible(page, 'confirm');
    await page.getByLabel('Code').fill((await latestMessage(server, passkeys.poolId, 'sam')).code!);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Your account is confirmed' }).waitFor();
    await assertAccessible(page, 'login with a notice');

    await page.goto(at('/forgotPassword'));
    await assertAccessible(page, 'forgot password');
    await page.getByLabel('Username').fill('sam');
    await page.getByRole('button', { name: 'Send the code' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await assertAccessible(page, 'confirm forgot password');

    await invitedUser(cognito, passkeys.poolId, 'ivy', { email: 'ivy@example.com', email_verified: 'true' });
    await page.goto(at('/login'));
    await page.getByLabel('Username').fill('ivy');
    await page.getByLabel('Password').fill(TEMPORARY_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('New password').waitFor();
    await assertAccessible(page, 'new password (NEW_PASSWORD_REQUIRED)');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Add a passkey' }).waitFor();
    await assertAccessible(page, 'add a passkey');

    // A pool that requires an authenticator app, then lets a user with two factors choose.
    const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: server.clock.now() });
    const mfaPoolId = (await createPool(cognito)).Id!;
    await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfaPoolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: mfaPoolId, Domain: 'a11y-mfa' }));
    const mfaClient = (await createClient(cognito, mfaPoolId, oauth)).ClientId!;
    await createUser(cognito, mfaPoolId, 'tess');
    const signInAs = async (username: string) => {
      await page.context().clearCookies();
      await page.goto(domainUrl('a11y-mfa', '/login', mfaClient));
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    };
    await signInAs('tess');
    await page.locator('code.secret').waitFor();
    await assertAccessible(page, 'authenticator app set-up (MFA_SETUP)');
    const secret = (await page.locator('input[name=secret]').inputValue()).replaceAll(' ', '');
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').waitFor();
    await assertAccessible(page, 'authenticator app set-up with an error');
    await page.getByLabel('Code').fill(totp(secret));
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback)), page.getByRole('button', { name: 'Continue' }).click()]);

    await cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: mfaPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Sign-in' } }),
    );
    await cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: mfaPoolId, Username: 'tess', UserAttributes: [{ Name: 'email', Value: 'tess@example.com' }, { Name: 'email_verified', Value: 'true' }] }));
    await cognito.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: mfaPoolId, Username: 'tess', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false }, EmailMfaSettings: { Enabled: true, PreferredMfa: false } }),
    );
    await signInAs('tess');
    await page.getByRole('radio').first().waitFor();
    await assertAccessible(page, 'choice of second factor (SELECT_MFA_TYPE)');
    await page.getByRole('radio', { name: 'An authenticator app' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Enter the code of your authenticator app.').waitFor();
    await assertAccessible(page, 'authenticator app code (SOFTWARE_TOKEN_MFA)');

    await page.goto(domainUrl('a11y-mfa', '/login', 'no-such-client'));
    await assertAccessible(page, 'error page');
  });
});
