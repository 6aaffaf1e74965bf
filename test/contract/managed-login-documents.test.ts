// Managed login branding styles, the classic UI customization and terms documents through the real
// SDK: their operations, Cognito's errors, what deleting a client or pool does to them; and the login
// page wearing them (the branding's logo and colors on a version 2 domain, the CSS and logo on a
// version 1 domain, the terms links on both).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateManagedLoginBrandingCommand,
  CreateTermsCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  DeleteManagedLoginBrandingCommand,
  DeleteTermsCommand,
  DeleteUserPoolClientCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  DescribeTermsCommand,
  GetUICustomizationCommand,
  ListTermsCommand,
  SetUICustomizationCommand,
  UpdateManagedLoginBrandingCommand,
  UpdateTermsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, expectError } from '../support/fixtures.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const CALLBACK = 'https://app.example.com/callback';

describe('managed login branding, UI customization and terms', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  async function poolAndClient() {
    const poolId = (await createPool(server.cognito)).Id!;
    const { UserPoolClient } = await server.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'Shop',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: [CALLBACK],
      }),
    );
    return { poolId, clientId: UserPoolClient!.ClientId! };
  }

  const loginHtml = async (domain: string, clientId: string) => {
    const response = await fetch(`${server.url}/_domain/${domain}/login?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK })}`);
    assert.equal(response.status, 200);
    return response.text();
  };

  it('a branding style per client: create, describe (by id and by client), update, delete; its logo and colors on a version 2 login page', async () => {
    const { poolId, clientId } = await poolAndClient();
    const settings = { components: { primaryButton: { lightMode: { defaults: { backgroundColor: 'c0ffeeff' } } }, pageBackground: { lightMode: { color: '102030ff' } } } };
    const assets = [{ Category: 'FORM_LOGO' as const, ColorMode: 'LIGHT' as const, Extension: 'PNG' as const, Bytes: PNG }];
    const { ManagedLoginBranding: created } = await server.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: settings, Assets: assets }));
    assert.equal(created!.UseCognitoProvidedValues, false);
    assert.deepEqual(created!.Settings, settings);
    assert.deepEqual(created!.Assets![0]!.Bytes, new Uint8Array(PNG));
    const id = created!.ManagedLoginBrandingId!;
    await expectError(server.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId })), 'ManagedLoginBrandingExistsException');
    await expectError(
      server.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: 'nope', UseCognitoProvidedValues: true })),
      'ResourceNotFoundException',
    );
    const byId = await server.cognito.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }));
    const byClient = await server.cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.deepEqual(byId.ManagedLoginBranding, byClient.ManagedLoginBranding);

    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `brand-${Date.now()}`, ManagedLoginVersion: 2 }));
    const domain = (await server.keypool.app.store.domains.listForPool(poolId))[0]!.domain;
    const html = await loginHtml(domain, clientId);
    assert.ok(html.includes(`data:image/png;base64,${PNG.toString('base64')}`), 'the logo');
    assert.ok(html.includes('button{background:#c0ffeeff}'), 'the primary button color');
    assert.ok(html.includes('body{background:#102030ff}'), 'the page background');

    await expectError(
      server.cognito.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, UseCognitoProvidedValues: true, Settings: settings })),
      'InvalidParameterException',
    );
    const reset = await server.cognito.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, UseCognitoProvidedValues: true }));
    assert.equal(reset.ManagedLoginBranding!.UseCognitoProvidedValues, true);
    assert.ok(!(await loginHtml(domain, clientId)).includes('data:image/png'), "Cognito's look again");

    await server.cognito.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }));
    await expectError(server.cognito.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id })), 'ResourceNotFoundException');
    await expectError(server.cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId })), 'ResourceNotFoundException');
    await expectError(server.cognito.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id })), 'ResourceNotFoundException');
  });

  it("the classic UI customization: the pool's, a client's own over it; its CSS and logo on a version 1 login page", async () => {
    const { poolId, clientId } = await poolAndClient();
    const empty = await server.cognito.send(new GetUICustomizationCommand({ UserPoolId: poolId }));
    assert.deepEqual(empty.UICustomization, { UserPoolId: poolId, ClientId: 'ALL' });
    await server.cognito.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: '.submitButton-customizable { background: rebeccapurple; }', ImageFile: PNG }));
    const poolWide = await server.cognito.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(poolWide.UICustomization!.ClientId, 'ALL');
    assert.equal(poolWide.UICustomization!.ImageUrl, `data:image/png;base64,${PNG.toString('base64')}`);

    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `classic-${Date.now()}` }));
    const domain = (await server.keypool.app.store.domains.listForPool(poolId))[0]!.domain;
    let html = await loginHtml(domain, clientId);
    assert.ok(html.includes('.submitButton-customizable { background: rebeccapurple; }'));
    assert.ok(html.includes('class="submitButton-customizable"'));

    await server.cognito.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS: '.banner-customizable { padding: 9px; }</style><script>' }));
    const own = await server.cognito.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(own.UICustomization!.ClientId, clientId);
    assert.equal(own.UICustomization!.ImageUrl, undefined);
    html = await loginHtml(domain, clientId);
    assert.ok(html.includes('.banner-customizable { padding: 9px; }'));
    assert.ok(!html.includes('</style><script>'), 'CSS cannot end its style element');
    await expectError(server.cognito.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'nope', CSS: '' })), 'ResourceNotFoundException');
  });

  it('terms documents: one of each name per client, listed, updated, linked from the login page, gone with their client', async () => {
    const { poolId, clientId } = await poolAndClient();
    const create = (TermsName: string, url: string) =>
      server.cognito.send(new CreateTermsCommand({ UserPoolId: poolId, ClientId: clientId, TermsName, TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': url } }));
    const { Terms: terms } = await create('terms-of-use', 'https://example.com/terms');
    await create('privacy-policy', 'https://example.com/privacy');
    await expectError(create('terms-of-use', 'https://example.com/other'), 'TermsExistsException');
    await expectError(create('cookies', 'https://example.com/cookies'), 'InvalidParameterException', /termsName/);

    const described = await server.cognito.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: terms!.TermsId! }));
    assert.deepEqual(described.Terms!.Links, { 'cognito:default': 'https://example.com/terms' });
    const updated = await server.cognito.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: terms!.TermsId!, Links: { 'cognito:english': 'https://example.com/terms-en' } }));
    assert.equal(updated.Terms!.TermsName, 'terms-of-use');
    await expectError(server.cognito.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: terms!.TermsId!, TermsName: 'privacy-policy' })), 'TermsExistsException');

    const first = await server.cognito.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1 }));
    const second = await server.cognito.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken }));
    assert.deepEqual([...first.Terms!, ...second.Terms!].map((t) => t.TermsName).sort(), ['privacy-policy', 'terms-of-use']);
    assert.equal(second.NextToken, undefined);

    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `terms-${Date.now()}` }));
    const domain = (await server.keypool.app.store.domains.listForPool(poolId))[0]!.domain;
    const html = await loginHtml(domain, clientId);
    assert.ok(html.includes('<a href="https://example.com/terms-en" rel="noopener">Terms of use</a>'));
    assert.ok(html.includes('<a href="https://example.com/privacy" rel="noopener">Privacy policy</a>'));

    await server.cognito.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: terms!.TermsId! }));
    await expectError(server.cognito.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: terms!.TermsId! })), 'ResourceNotFoundException');
    await server.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.deepEqual((await server.cognito.send(new ListTermsCommand({ UserPoolId: poolId }))).Terms, []);
  });
});
