// The identity-provider operations through the real SDK: each provider type's required details and
// what Cognito fills in, names and identifiers taken once per pool, attribute mapping rules,
// pagination, app clients' SupportedIdentityProviders, and the links of provider users to users of
// the pool (AdminLinkProviderForUser, AdminDisableProviderForUser) as the `identities` attribute
// and ID token claim show them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateIdentityProviderCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  GetIdentityProviderByIdentifierCommand,
  GetUserCommand,
  ListIdentityProvidersCommand,
  ListUsersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
  type AttributeType,
  type CreateIdentityProviderCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { claims, createClient, createPool, createUser, expectError, poolWithClient, signIn, tampered } from '../support/fixtures.js';

const GOOGLE = { client_id: 'g-client.apps.googleusercontent.com', client_secret: 'g-secret', authorize_scopes: 'email profile openid' };
const OIDC = {
  client_id: 'oidc-client',
  attributes_request_method: 'GET',
  oidc_issuer: 'https://auth.example.com',
  authorize_scopes: 'openid email',
};

const SAML_METADATA = `<?xml version="1.0" encoding="UTF-8"?>
<!-- an identity provider's metadata -->
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/metadata">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>MIIB</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/slo?a=1&amp;b=2"/>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso/redirect"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

const attribute = (attributes: AttributeType[] | undefined, name: string) => attributes?.find((a) => a.Name === name)?.Value;

describe('identity providers', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const create = (input: Omit<CreateIdentityProviderCommandInput, 'ProviderDetails'> & { ProviderDetails?: Record<string, string> }) =>
    server.cognito.send(new CreateIdentityProviderCommand({ ProviderDetails: {}, ...input }));
  const describeProvider = (UserPoolId: string, ProviderName: string) =>
    server.cognito.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName }));

  it("creates a Google provider with Cognito's derived details and default username mapping; describes, updates and deletes it", async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    const { IdentityProvider } = await create({
      UserPoolId: poolId,
      ProviderName: 'Google',
      ProviderType: 'Google',
      ProviderDetails: GOOGLE,
      AttributeMapping: { email: 'email', given_name: 'given_name' },
      IdpIdentifiers: ['example.com'],
    });
    assert.deepEqual(IdentityProvider!.ProviderDetails, {
      attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
      attributes_url_add_attributes: 'true',
      authorize_scopes: 'email profile openid',
      authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
      client_id: GOOGLE.client_id,
      client_secret: 'g-secret',
      oidc_issuer: 'https://accounts.google.com',
      token_request_method: 'POST',
      token_url: 'https://www.googleapis.com/oauth2/v4/token',
    });
    assert.deepEqual(IdentityProvider!.AttributeMapping, { email: 'email', given_name: 'given_name', username: 'sub' });
    assert.deepEqual(IdentityProvider!.IdpIdentifiers, ['example.com']);
    assert.equal(IdentityProvider!.UserPoolId, poolId);
    assert.ok(IdentityProvider!.CreationDate instanceof Date);

    const described = await describeProvider(poolId, 'Google');
    assert.deepEqual(described.IdentityProvider, IdentityProvider);
    const byIdentifier = await server.cognito.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'example.com' }));
    assert.deepEqual(byIdentifier.IdentityProvider, IdentityProvider);

    // Left out, the mapping and identifiers stay; the details given replace the old ones.
    const updated = await server.cognito.send(
      new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google', ProviderDetails: { ...GOOGLE, client_secret: 'rotated' } }),
    );
    assert.equal(updated.IdentityProvider!.ProviderDetails!.client_secret, 'rotated');
    assert.deepEqual(updated.IdentityProvider!.AttributeMapping, IdentityProvider!.AttributeMapping);
    assert.deepEqual(updated.IdentityProvider!.IdpIdentifiers, ['example.com']);
    const remapped = await server.cognito.send(
      new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google', AttributeMapping: { name: 'name' }, IdpIdentifiers: ['corp'] }),
    );
    assert.deepEqual(remapped.IdentityProvider!.AttributeMapping, { name: 'name', username: 'sub' });
    await expectError(
      server.cognito.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'example.com' })),
      'ResourceNotFoundException',
      `No identity provider of user pool ${poolId} has the identifier example.com.`,
    );
    assert.equal((await server.cognito.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'corp' }))).IdentityProvider!.ProviderName, 'Google');

    await server.cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google' }));
    await expectError(describeProvider(poolId, 'Google'), 'ResourceNotFoundException', `Identity provider Google does not exist in user pool ${poolId}.`);
    await expectError(
      server.cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google' })),
      'ResourceNotFoundException',
      `Identity provider Google does not exist in user pool ${poolId}.`,
    );
    await expectError(
      server.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google', AttributeMapping: {} })),
      'ResourceNotFoundException',
    );
    await expectError(server.cognito.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'corp' })), 'ResourceNotFoundException');
  });

  it('fills in what Cognito derives for Facebook, Login with Amazon, Sign in with Apple and OIDC, and never shows the Apple private key', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    const facebook = await create({
      UserPoolId: poolId,
      ProviderName: 'Facebook',
      ProviderType: 'Facebook',
      ProviderDetails: { client_id: 'fb', client_secret: 'fb-secret', authorize_scopes: 'public_profile, email', api_version: 'v17.0' },
    });
    assert.deepEqual(facebook.IdentityProvider!.ProviderDetails, {
      api_version: 'v17.0',
      attributes_url: 'https://graph.facebook.com/v17.0/me?fields=',
      attributes_url_add_attributes: 'true',
      authorize_scopes: 'public_profile, email',
      authorize_url: 'https://www.facebook.com/v17.0/dialog/oauth',
      client_id: 'fb',
      client_secret: 'fb-secret',
      token_request_method: 'GET',
      token_url: 'https://graph.facebook.com/v17.0/oauth/access_token',
    });
    assert.deepEqual(facebook.IdentityProvider!.AttributeMapping, { username: 'id' });

    const amazon = await create({
      UserPoolId: poolId,
      ProviderName: 'LoginWithAmazon',
      ProviderType: 'LoginWithAmazon',
      ProviderDetails: { client_id: 'amzn1.application-oa2-client.1', client_secret: 's', authorize_scopes: 'profile postal_code' },
    });
    assert.equal(amazon.IdentityProvider!.ProviderDetails!.authorize_url, 'https://www.amazon.com/ap/oa');
    assert.equal(amazon.IdentityProvider!.ProviderDetails!.token_url, 'https://api.amazon.com/auth/o2/token');
    assert.equal(amazon.IdentityProvider!.ProviderDetails!.attributes_url, 'https://api.amazon.com/user/profile');
    assert.deepEqual(amazon.IdentityProvider!.AttributeMapping, { username: 'user_id' });

    const apple = await create({
      UserPoolId: poolId,
      ProviderName: 'SignInWithApple',
      ProviderType: 'SignInWithApple',
      ProviderDetails: { client_id: 'com.example.app', team_id: 'TEAM', key_id: 'KEY', private_key: '-----BEGIN PRIVATE KEY-----x', authorize_scopes: 'email name' },
    });
    assert.deepEqual(apple.IdentityProvider!.ProviderDetails, {
      attributes_url_add_attributes: 'false',
      authorize_scopes: 'email name',
      authorize_url: 'https://appleid.apple.com/auth/authorize',
      client_id: 'com.example.app',
      key_id: 'KEY',
      oidc_issuer: 'https://appleid.apple.com',
      team_id: 'TEAM',
      token_request_method: 'POST',
      token_url: 'https://appleid.apple.com/auth/token',
    });
    assert.equal((await describeProvider(poolId, 'SignInWithApple')).IdentityProvider!.ProviderDetails!.private_key, undefined);
    // Sending back what Describe showed keeps the key; a new one replaces it.
    const shown = (await describeProvider(poolId, 'SignInWithApple')).IdentityProvider!.ProviderDetails!;
    await server.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'SignInWithApple', ProviderDetails: { ...shown, team_id: 'TEAM2' } }));
    const kept = await server.keypool.app.store.identityProviders.get(poolId, 'SignInWithApple');
    assert.equal(kept!.details.private_key, '-----BEGIN PRIVATE KEY-----x');
    assert.equal(kept!.details.team_id, 'TEAM2');

    const oidc = await create({
      UserPoolId: poolId,
      ProviderName: 'Corp',
      ProviderType: 'OIDC',
      ProviderDetails: { ...OIDC, client_secret: 'o-secret', authorize_url: 'https://auth.example.com/authorize', jwks_uri: 'https://auth.example.com/jwks' },
      AttributeMapping: { email: 'email' },
    });
    assert.deepEqual(oidc.IdentityProvider!.ProviderDetails, {
      attributes_request_method: 'GET',
      attributes_url_add_attributes: 'false',
      authorize_scopes: 'openid email',
      authorize_url: 'https://auth.example.com/authorize',
      client_id: 'oidc-client',
      client_secret: 'o-secret',
      jwks_uri: 'https://auth.example.com/jwks',
      oidc_issuer: 'https://auth.example.com',
    });
    assert.deepEqual(oidc.IdentityProvider!.AttributeMapping, { email: 'email', username: 'sub' });
  });

  it('takes a SAML provider by metadata URL or by a metadata file it reads for its endpoints', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    const byUrl = await create({
      UserPoolId: poolId,
      ProviderName: 'Okta',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: 'https://idp.example.com/metadata', IDPSignout: 'true', RequestSigningAlgorithm: 'rsa-sha256' },
    });
    assert.deepEqual(byUrl.IdentityProvider!.ProviderDetails, { IDPSignout: 'true', MetadataURL: 'https://idp.example.com/metadata', RequestSigningAlgorithm: 'rsa-sha256' });
    assert.deepEqual(byUrl.IdentityProvider!.AttributeMapping, {});

    const byFile = await create({ UserPoolId: poolId, ProviderName: 'Entra', ProviderType: 'SAML', ProviderDetails: { MetadataFile: SAML_METADATA, IDPInit: 'true' } });
    assert.deepEqual(byFile.IdentityProvider!.ProviderDetails, {
      IDPInit: 'true',
      MetadataFile: SAML_METADATA,
      SLORedirectBindingURI: 'https://idp.example.com/slo?a=1&b=2',
      SSORedirectBindingURI: 'https://idp.example.com/sso/redirect',
    });

    const saml = (ProviderDetails: Record<string, string>) => create({ UserPoolId: poolId, ProviderName: 'Bad', ProviderType: 'SAML', ProviderDetails });
    const needsOne = 'A SAML identity provider needs exactly one of MetadataURL and MetadataFile.';
    await expectError(saml({}), 'InvalidParameterException', needsOne);
    await expectError(saml({ MetadataURL: 'https://idp.example.com/m', MetadataFile: SAML_METADATA }), 'InvalidParameterException', needsOne);
    await expectError(saml({ MetadataFile: 'not xml at all' }), 'InvalidParameterException', /^MetadataFile is not valid SAML metadata: /);
    await expectError(saml({ MetadataFile: SAML_METADATA.replace('IDPSSODescriptor', 'SPSSODescriptor').replace('</md:IDPSSODescriptor>', '</md:SPSSODescriptor>') }), 'InvalidParameterException', /no EntityDescriptor has an IDPSSODescriptor/);
    await expectError(saml({ MetadataFile: SAML_METADATA.replace('</md:EntityDescriptor>', '') }), 'InvalidParameterException', /is never closed/);
    await expectError(saml({ MetadataFile: `<!DOCTYPE x [<!ENTITY a "b">]>${SAML_METADATA.replace('<?xml version="1.0" encoding="UTF-8"?>', '')}` }), 'InvalidParameterException', /document type declarations/);
    await expectError(saml({ MetadataURL: 'ftp://idp.example.com/m' }), 'InvalidParameterException', 'Invalid provider detail MetadataURL: it must be an https URL.');
    await expectError(saml({ MetadataURL: 'https://idp.example.com/m', IDPSignout: 'yes' }), 'InvalidParameterException', 'Invalid provider detail IDPSignout: it must be true or false.');
    await expectError(saml({ MetadataURL: 'https://idp.example.com/m', RequestSigningAlgorithm: 'rsa-sha1' }), 'InvalidParameterException', /RequestSigningAlgorithm/);
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Bad', ProviderType: 'SAML', ProviderDetails: { MetadataURL: 'https://idp.example.com/m' }, AttributeMapping: { username: 'NameID' } }),
      'InvalidParameterException',
      'The username of SAML identity providers cannot be mapped.',
    );
    const { Providers } = await server.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }));
    assert.deepEqual(Providers!.map((p) => p.ProviderName), ['Entra', 'Okta']);
  });

  it("refuses what Cognito refuses: missing details per type, names, the mapping's rules, taken names and identifiers", async () => {
    const poolId = (await createPool(server.cognito, { Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }] })).Id!;
    const social = 'client_id, client_secret and authorize_scopes are all required idp details';
    for (const ProviderType of ['Google', 'Facebook', 'LoginWithAmazon'] as const) {
      await expectError(create({ UserPoolId: poolId, ProviderName: ProviderType, ProviderType, ProviderDetails: { client_id: 'x', client_secret: 'y' } }), 'InvalidParameterException', social);
    }
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple', ProviderDetails: { client_id: 'x', team_id: 't', key_id: 'k', authorize_scopes: 'email' } }),
      'InvalidParameterException',
      'client_id, team_id, key_id, private_key and authorize_scopes are all required idp details',
    );
    const { oidc_issuer: _issuer, ...noIssuer } = OIDC;
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: noIssuer }),
      'InvalidParameterException',
      'client_id, attributes_request_method, oidc_issuer and authorize_scopes are all required idp details',
    );
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: { ...OIDC, attributes_request_method: 'PUT' } }),
      'InvalidParameterException',
      'Invalid provider detail attributes_request_method: it must be GET or POST.',
    );
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: { ...OIDC, oidc_issuer: 'http://auth.example.com' } }),
      'InvalidParameterException',
      'Invalid provider detail oidc_issuer: it must be an https URL.',
    );
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: { ...GOOGLE, team_id: 'x' } }),
      'InvalidParameterException',
      'team_id is not a provider detail of Google identity providers.',
    );
    // A social provider is named by its type; no other provider takes a social type's name or Cognito's.
    await expectError(create({ UserPoolId: poolId, ProviderName: 'MyGoogle', ProviderType: 'Google', ProviderDetails: GOOGLE }), 'InvalidParameterException', 'Provider MyGoogle cannot be of type Google.');
    await expectError(create({ UserPoolId: poolId, ProviderName: 'Facebook', ProviderType: 'OIDC', ProviderDetails: OIDC }), 'InvalidParameterException', 'Provider Facebook cannot be of type OIDC.');
    await expectError(create({ UserPoolId: poolId, ProviderName: 'Cognito', ProviderType: 'OIDC', ProviderDetails: OIDC }), 'InvalidParameterException', 'The provider name Cognito is reserved.');
    await expectError(create({ UserPoolId: poolId, ProviderName: 'COGNITO', ProviderType: 'OIDC', ProviderDetails: OIDC }), 'InvalidParameterException', 'The provider name COGNITO is reserved.');
    // The model's constraints: name length and pattern, identifiers' pattern and count, the type's enum.
    await expectError(create({ UserPoolId: poolId, ProviderName: 'x'.repeat(33), ProviderType: 'OIDC', ProviderDetails: OIDC }), 'InvalidParameterException', /providerName/);
    await expectError(create({ UserPoolId: poolId, ProviderName: '_Corp', ProviderType: 'OIDC', ProviderDetails: OIDC }), 'InvalidParameterException', /providerName/);
    await expectError(create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, IdpIdentifiers: ['a/b'] }), 'InvalidParameterException', /idpIdentifiers/);
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, IdpIdentifiers: Array.from({ length: 51 }, (_, i) => `id${i}`) }),
      'InvalidParameterException',
      /idpIdentifiers/,
    );
    await expectError(create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'Okta' as 'OIDC', ProviderDetails: OIDC }), 'InvalidParameterException', /providerType/);
    // Attribute mapping: pool attributes only, never sub, username only to the provider's subject.
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, AttributeMapping: { 'custom:nope': 'nope' } }),
      'InvalidParameterException',
      'Attribute mapping names custom:nope, which is not an attribute of the user pool.',
    );
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, AttributeMapping: { sub: 'sub' } }),
      'InvalidParameterException',
      'The sub attribute cannot be mapped: the user pool assigns it.',
    );
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE, AttributeMapping: { username: 'email' } }),
      'InvalidParameterException',
      'The username of Google identity providers can be mapped only to sub.',
    );
    await expectError(create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, IdpIdentifiers: ['a', 'a'] }), 'InvalidParameterException', 'IdpIdentifiers names a more than once.');
    await expectError(create({ UserPoolId: 'us-east-1_Missing00', ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC }), 'ResourceNotFoundException', 'User pool us-east-1_Missing00 does not exist.');
    await expectError(describeProvider('us-east-1_Missing00', 'Corp'), 'ResourceNotFoundException', 'User pool us-east-1_Missing00 does not exist.');

    const corp = await create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, AttributeMapping: { 'custom:team': 'team', username: 'sub' }, IdpIdentifiers: ['corp.example'] });
    assert.deepEqual(corp.IdentityProvider!.AttributeMapping, { 'custom:team': 'team', username: 'sub' });
    await expectError(create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC }), 'DuplicateProviderException', `Corp already exists in user pool ${poolId}`);
    await expectError(
      create({ UserPoolId: poolId, ProviderName: 'Other', ProviderType: 'OIDC', ProviderDetails: OIDC, IdpIdentifiers: ['fresh', 'corp.example'] }),
      'InvalidParameterException',
      'The identifier corp.example belongs to another identity provider of this user pool.',
    );
    await create({ UserPoolId: poolId, ProviderName: 'Other', ProviderType: 'OIDC', ProviderDetails: OIDC, IdpIdentifiers: ['fresh'] });
    await expectError(
      server.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Other', IdpIdentifiers: ['corp.example'] })),
      'InvalidParameterException',
      'The identifier corp.example belongs to another identity provider of this user pool.',
    );
    await expectError(
      server.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Other', ProviderDetails: { client_id: 'x' } })),
      'InvalidParameterException',
      'client_id, attributes_request_method, oidc_issuer and authorize_scopes are all required idp details',
    );
    // Refused requests changed nothing.
    const { Providers } = await server.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 60 }));
    assert.deepEqual(Providers!.map((p) => p.ProviderName), ['Corp', 'Other']);
    assert.deepEqual((await describeProvider(poolId, 'Other')).IdentityProvider!.IdpIdentifiers, ['fresh']);
    assert.equal((await describeProvider(poolId, 'Other')).IdentityProvider!.ProviderDetails!.client_id, 'oidc-client');
  });

  it('lists by name in pages whose tokens are bound to the pool; concurrent creations of one name make one provider', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    const names = Array.from({ length: 13 }, (_, i) => `Idp${String(i).padStart(2, '0')}`);
    for (const name of names) await create({ UserPoolId: poolId, ProviderName: name, ProviderType: 'OIDC', ProviderDetails: OIDC });
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await server.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 5, NextToken }));
      assert.ok(page.Providers!.length <= 5);
      for (const p of page.Providers!) {
        assert.equal(p.ProviderType, 'OIDC');
        assert.ok(p.CreationDate instanceof Date && p.LastModifiedDate instanceof Date);
      }
      seen.push(...page.Providers!.map((p) => p.ProviderName!));
      NextToken = page.NextToken;
      pages += 1;
      if (NextToken) {
        const other = (await createPool(server.cognito)).Id!;
        await expectError(server.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: other, NextToken })), 'InvalidParameterException');
        await expectError(server.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, NextToken: tampered(NextToken) })), 'InvalidParameterException');
      }
    } while (NextToken);
    assert.equal(pages, 3);
    assert.deepEqual(seen, names);
    await expectError(server.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 61 })), 'InvalidParameterException', /maxResults/);
    await expectError(server.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: 'us-east-1_Missing00' })), 'ResourceNotFoundException');

    const racing = await Promise.allSettled(
      Array.from({ length: 6 }, () => create({ UserPoolId: poolId, ProviderName: 'Racer', ProviderType: 'OIDC', ProviderDetails: OIDC, IdpIdentifiers: ['race'] })),
    );
    assert.equal(racing.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of racing.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) assert.equal((r.reason as Error).name, 'DuplicateProviderException');
  });

  it("app clients' SupportedIdentityProviders name COGNITO or the pool's providers; a deleted provider leaves them", async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito);
    const supported = (SupportedIdentityProviders: string[]) =>
      server.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, SupportedIdentityProviders }));
    await expectError(supported(['COGNITO', 'Google']), 'InvalidParameterException', `The provider Google does not exist for User Pool ${poolId}.`);
    await expectError(createClient(server.cognito, poolId, { SupportedIdentityProviders: ['Corp'] }), 'InvalidParameterException', `The provider Corp does not exist for User Pool ${poolId}.`);
    await create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE });
    await create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC });
    await supported(['COGNITO', 'Google', 'Corp']);
    const other = await createClient(server.cognito, poolId, { SupportedIdentityProviders: ['Google'] });

    await server.cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google' }));
    const first = await server.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.deepEqual(first.UserPoolClient!.SupportedIdentityProviders, ['COGNITO', 'Corp']);
    const second = await server.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: other.ClientId! }));
    assert.deepEqual(second.UserPoolClient!.SupportedIdentityProviders, []);
  });

  it('links provider users to a user, shown in the identities attribute and ID token; disabling a provider user removes the link', async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito, { pool: { Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }] } });
    await createUser(server.cognito, poolId, 'alice', { email: 'alice@example.com' });
    await create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE });
    await create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, AttributeMapping: { email: 'email' } });
    const link = (SourceUser: { ProviderName?: string; ProviderAttributeName?: string; ProviderAttributeValue?: string }, value = 'alice', ProviderName = 'Cognito') =>
      server.cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: { ProviderName, ProviderAttributeValue: value }, SourceUser }));
    const disable = (User: { ProviderName: string; ProviderAttributeName: string; ProviderAttributeValue: string }) =>
      server.cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User }));
    const identitiesOf = async (username: string) => {
      const user = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
      const value = attribute(user.UserAttributes, 'identities');
      return value === undefined ? undefined : (JSON.parse(value) as Record<string, unknown>[]);
    };

    const before = server.clock.now();
    await link({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1234567890' });
    server.clock.advance(1000);
    await link({ ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'alice@corp.example' });
    // Oldest link first.
    const identities = await identitiesOf('alice');
    assert.deepEqual(identities, [
      { userId: '1234567890', providerName: 'Google', providerType: 'Google', issuer: null, primary: false, dateCreated: before },
      { userId: 'alice@corp.example', providerName: 'Corp', providerType: 'OIDC', issuer: null, primary: false, dateCreated: before + 1000 },
    ]);
    const listed = await server.cognito.send(new ListUsersCommand({ UserPoolId: poolId }));
    assert.equal(attribute(listed.Users![0]!.Attributes, 'identities'), JSON.stringify(identities));
    // An attribute update by an administrator keeps the identities; nobody writes them directly.
    await server.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'alice', UserAttributes: [{ Name: 'custom:team', Value: 'blue' }] }));
    assert.deepEqual(await identitiesOf('alice'), identities);
    await expectError(
      server.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'alice', UserAttributes: [{ Name: 'identities', Value: '[]' }] })),
      'InvalidParameterException',
    );
    const tokens = await signIn(server.cognito, clientId, 'alice');
    const claim = claims(tokens.IdToken!).identities as Record<string, unknown>[];
    assert.deepEqual(claim[0], { userId: '1234567890', providerName: 'Google', providerType: 'Google', issuer: null, primary: 'false', dateCreated: String(before) });
    assert.equal(claims(tokens.AccessToken!).identities, undefined);
    const self = await server.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }));
    assert.equal(attribute(self.UserAttributes, 'identities'), JSON.stringify(identities));

    // Errors, each changing nothing.
    await expectError(link({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1234567890' }), 'AliasExistsException', 'The SourceUser is already linked to a user of this user pool.');
    await createUser(server.cognito, poolId, 'bob');
    await expectError(link({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1234567890' }, 'bob'), 'AliasExistsException');
    await expectError(link({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'x' }, 'nobody'), 'UserNotFoundException', 'User does not exist.');
    await expectError(link({ ProviderName: 'Facebook', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'x' }), 'InvalidParameterException', `The provider Facebook does not exist for User Pool ${poolId}.`);
    await expectError(
      link({ ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'bob' }),
      'InvalidParameterException',
      'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser',
    );
    await expectError(link({ ProviderName: 'Google', ProviderAttributeName: 'email', ProviderAttributeValue: 'a@b.c' }), 'InvalidParameterException', 'The ProviderAttributeName of a Google user must be Cognito_Subject.');
    await expectError(link({ ProviderName: 'Corp', ProviderAttributeName: 'phone_number', ProviderAttributeValue: '+1555' }), 'InvalidParameterException', 'phone_number is neither Cognito_Subject nor a user pool attribute that Corp maps.');
    await expectError(link({ ProviderName: 'Corp', ProviderAttributeValue: 'x' }), 'InvalidParameterException', 'SourceUser.ProviderAttributeName is required.');
    await expectError(link({ ProviderName: 'Corp', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'x' }, 'whoever', 'Corp'), 'UserNotFoundException');
    await expectError(
      server.cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: 'us-east-1_Missing00', DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'alice' }, SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1' } })),
      'ResourceNotFoundException',
    );
    // At most five federated identities per user.
    server.clock.advance(1000);
    for (const sub of ['s3', 's4', 's5']) await link({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: sub });
    await expectError(link({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 's6' }), 'LimitExceededException', 'A user can be linked to at most 5 federated identities.');
    assert.equal((await identitiesOf('alice'))!.length, 5);

    // Disabling a provider user removes its link, by the attribute it was linked by.
    await expectError(disable({ ProviderName: 'Corp', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'alice@corp.example' }), 'UserNotFoundException');
    await disable({ ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'alice@corp.example' });
    assert.deepEqual((await identitiesOf('alice'))!.map((i) => i.userId), ['1234567890', 's3', 's4', 's5']);
    await expectError(disable({ ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'alice@corp.example' }), 'UserNotFoundException');
    await expectError(disable({ ProviderName: 'Nope', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'x' }), 'InvalidParameterException', `The provider Nope does not exist for User Pool ${poolId}.`);
    // The link can be made again, to someone else.
    await link({ ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'alice@corp.example' }, 'bob');
    assert.equal((await identitiesOf('bob'))!.length, 1);

    // Deleting a provider removes its links; deleting a user removes theirs.
    await server.cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google' }));
    assert.equal(await identitiesOf('alice'), undefined);
    assert.deepEqual(await server.keypool.app.store.identityProviders.linksOfUser(poolId, 'alice'), []);
    await server.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    assert.deepEqual(await server.keypool.app.store.identityProviders.linksOfUser(poolId, 'bob'), []);
    await createUser(server.cognito, poolId, 'bob');
    assert.equal(await identitiesOf('bob'), undefined);
    await link({ ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'alice@corp.example' }, 'bob');
  });

  it("a provider user who signed in already is not merged; AdminDisableProviderForUser disables that federated user, or with Cognito the pool's own user", async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito);
    await createUser(server.cognito, poolId, 'carol');
    await create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE });
    // A federated user as a sign-in through Google makes one (keypool does not sign in through providers yet).
    const now = server.clock.now();
    await server.keypool.app.store.users.create(
      { poolId, username: 'Google_999', sub: 'f0000000-0000-4000-8000-000000000999', status: 'EXTERNAL_PROVIDER', enabled: true, attributes: { sub: 'f0000000-0000-4000-8000-000000000999' }, preferences: {}, createdAt: now, updatedAt: now },
      [],
    );
    await expectError(
      server.cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'carol' }, SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '999' } })),
      'InvalidParameterException',
      'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link',
    );
    // The federated user may be a destination, named by their provider and subject.
    await server.cognito.send(
      new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: { ProviderName: 'Google', ProviderAttributeValue: '999' }, SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1000' } }),
    );
    assert.equal((await server.keypool.app.store.identityProviders.linksOfUser(poolId, 'Google_999')).length, 1);

    await server.cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '999' } }));
    const federated = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Google_999' }));
    assert.equal(federated.Enabled, false);
    assert.equal(federated.UserStatus, 'EXTERNAL_PROVIDER');

    await signIn(server.cognito, clientId, 'carol');
    await server.cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'carol' } }));
    assert.equal((await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }))).Enabled, false);
    await expectError(signIn(server.cognito, clientId, 'carol'), 'NotAuthorizedException', 'User is disabled.');
    await expectError(
      server.cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'nobody' } })),
      'UserNotFoundException',
      'User does not exist.',
    );
    await expectError(
      server.cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: 'Google', ProviderAttributeValue: '1' } })),
      'InvalidParameterException',
      'User.ProviderAttributeName is required.',
    );
  });

  it("the console's pool page lists the pool's providers, without their details", async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    await create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE, AttributeMapping: { email: 'email' }, IdpIdentifiers: ['g'] });
    const response = await fetch(`${server.url}/_keypool/api/pools/${poolId}`);
    assert.equal(response.status, 200);
    const body = await response.text();
    assert.ok(!body.includes('g-secret'));
    const { identityProviders } = JSON.parse(body) as { identityProviders: { providers: Record<string, unknown>[]; more: boolean } };
    assert.equal(identityProviders.more, false);
    assert.deepEqual(identityProviders.providers.map(({ createdAt: _c, ...rest }) => rest), [
      { providerName: 'Google', providerType: 'Google', idpIdentifiers: ['g'], mappedAttributes: ['email', 'username'] },
    ]);
  });

  it('goes with its pool', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    await create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE, IdpIdentifiers: ['g'] });
    await createUser(server.cognito, poolId, 'dave');
    await server.cognito.send(
      new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'dave' }, SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1' } }),
    );
    await server.cognito.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(await server.keypool.app.store.identityProviders.get(poolId, 'Google'), undefined);
    assert.equal(await server.keypool.app.store.identityProviders.getByIdentifier(poolId, 'g'), undefined);
    assert.deepEqual(await server.keypool.app.store.identityProviders.linksOfUser(poolId, 'dave'), []);
  });
});
