// GetSigningCertificate through the real SDK: a real X.509 certificate for the pool's SAML signing
// key, checked by node:crypto and by openssl, the same on every call and every node.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DeleteUserPoolCommand, GetSigningCertificateCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, expectError } from '../support/fixtures.js';

describe('GetSigningCertificate', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const certificateOf = async (poolId: string, on = server) =>
    (await on.cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }))).Certificate!;

  it('answers a self-signed RSA certificate for the pool, valid for ten years from its making', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    const der = Buffer.from(await certificateOf(poolId), 'base64');
    const certificate = new X509Certificate(der);
    assert.match(certificate.subject, new RegExp(`CN=${poolId}`));
    assert.equal(certificate.issuer, certificate.subject);
    assert.ok(certificate.verify(certificate.publicKey), 'signed by its own key');
    assert.equal(certificate.publicKey.asymmetricKeyType, 'rsa');
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(certificate.ca, false);
    const from = Date.parse(certificate.validFrom);
    const to = Date.parse(certificate.validTo);
    assert.ok(Math.abs(from - server.clock.now()) < 1000);
    const tenYearsOn = new Date(from);
    tenYearsOn.setUTCFullYear(tenYearsOn.getUTCFullYear() + 10);
    assert.equal(to, tenYearsOn.getTime());

    const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], { input: der }).toString();
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(text, /Public-Key: \(2048 bit\)/);
    assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature/);
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
  });

  it('answers the same certificate on every call, also when asked many times at once', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    const answers = await Promise.all(Array.from({ length: 8 }, () => certificateOf(poolId)));
    assert.equal(new Set(answers).size, 1);
    server.clock.advance(400 * 24 * 3600_000);
    assert.equal(await certificateOf(poolId), answers[0]);
  });

  it('gives each pool its own key', async () => {
    const [a, b] = await Promise.all([createPool(server.cognito), createPool(server.cognito)]);
    const keyOf = async (id: string) => new X509Certificate(Buffer.from(await certificateOf(id), 'base64')).publicKey.export({ format: 'jwk' }).n;
    assert.notEqual(await keyOf(a.Id!), await keyOf(b.Id!));
  });

  it('answers ResourceNotFoundException for a pool that does not exist, or no longer does', async () => {
    await expectError(certificateOf('us-east-1_Nope12345'), 'ResourceNotFoundException', 'User pool us-east-1_Nope12345 does not exist.');
    const poolId = (await createPool(server.cognito)).Id!;
    await certificateOf(poolId);
    await server.cognito.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    await expectError(certificateOf(poolId), 'ResourceNotFoundException');
    assert.equal(await server.keypool.app.store.keys.getSamlSigning(poolId), undefined);
  });

  it('keeps the private key sealed when keypool has a key-encryption key', async () => {
    const sealed = await startTestServer({ keyEncryptionKey: randomBytes(32) });
    try {
      const poolId = (await createPool(sealed.cognito)).Id!;
      await certificateOf(poolId, sealed);
      const stored = await sealed.keypool.app.store.keys.getSamlSigning(poolId);
      assert.match(stored!.privateKeyPem, /^enc:v1:/);
    } finally {
      await sealed.dispose();
    }
  });
});
