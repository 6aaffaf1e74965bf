// The language of managed login: `lang` on /oauth2/authorize is carried to /login and every page
// after it, which speak it (their fixed texts, html lang), while the API's messages stay in English;
// an unknown lang is English.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserPoolClientCommand, CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, createUser } from '../support/fixtures.js';

const CALLBACK = 'https://app.example.com/callback';

describe('managed login languages', () => {
  let server: TestServer;
  let clientId: string;
  let base: string;

  before(async () => {
    server = await startTestServer();
    const poolId = (await createPool(server.cognito)).Id!;
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'sprachen' }));
    const { UserPoolClient } = await server.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'Laden',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: [CALLBACK],
      }),
    );
    clientId = UserPoolClient!.ClientId!;
    await createUser(server.cognito, poolId, 'greta');
    base = `${server.url}/_domain/sprachen`;
  });
  after(() => server.dispose());

  const query = (lang?: string) => new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, ...(lang === undefined ? {} : { lang }) });

  it('follows lang=de from /oauth2/authorize to the login page, in German', async () => {
    const authorize = await fetch(`${base}/oauth2/authorize?${query('de')}`, { redirect: 'manual' });
    assert.equal(authorize.status, 302);
    const login = new URL(authorize.headers.get('location')!, server.url);
    assert.equal(login.searchParams.get('lang'), 'de');
    const response = await fetch(login);
    const html = await response.text();
    assert.match(html, /^<!doctype html><html lang="de">/);
    assert.match(html, /<title>Anmelden<\/title>/);
    assert.match(html, /<h1>Anmelden<\/h1><p class="muted">bei Laden<\/p>/);
    assert.match(html, /<label for="username" class="label-customizable">Benutzername<\/label>/);
    assert.match(html, /<label for="password" class="label-customizable">Passwort<\/label>/);
    assert.match(html, />Registrieren<\/a>/);
    assert.match(html, />Passwort vergessen\?<\/a>/);
    // The links carry the language on.
    assert.match(html, /\/signup\?[^"]*lang=de/);
    assert.doesNotMatch(html, />Sign in</);
  });

  it('keeps the API\'s messages in English on a German page', async () => {
    const page = await fetch(`${base}/login?${query('de')}`);
    const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
    const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
    const refused = await fetch(`${base}/login?${query('de')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ _csrf: csrf, step: 'password', username: 'greta', password: 'wrong-Passw0rd!' }),
    });
    const html = await refused.text();
    assert.match(html, /<html lang="de">/);
    assert.match(html, /role="alert">Incorrect username or password\.<\/p>/);
  });

  it('speaks every language on the account pages, and the error page\'s heading', async () => {
    const signup = await (await fetch(`${base}/signup?${query('ja')}`)).text();
    assert.match(signup, /<html lang="ja">/);
    assert.match(signup, /<h1>サインアップ<\/h1>/);
    const forgot = await (await fetch(`${base}/forgotPassword?${query('pt-BR')}`)).text();
    assert.match(forgot, /<html lang="pt-BR">/);
    assert.match(forgot, /<h1>Esqueceu sua senha\?<\/h1>/);
    const error = await fetch(`${base}/login?${new URLSearchParams({ response_type: 'code', client_id: 'nobody', redirect_uri: CALLBACK, lang: 'fr' })}`);
    assert.equal(error.status, 400);
    const html = await error.text();
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<h1>Ce lien de connexion présente un problème<\/h1>/);
    assert.match(html, /client_id names no app client of this user pool\./);
  });

  it('falls back to English for a lang it does not have', async () => {
    for (const lang of ['xx', 'de-AT', '']) {
      const html = await (await fetch(`${base}/login?${query(lang)}`)).text();
      assert.match(html, /<html lang="en">/);
      assert.match(html, /<h1>Sign in<\/h1>/);
    }
  });
});
