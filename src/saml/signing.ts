// Each pool's SAML signing key and its certificate (GetSigningCertificate): made on first request,
// once for every node, and kept. The certificate is valid for ten years from its making, as
// Cognito's are; keypool does not renew it.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { sealPrivateKey } from '../tokens/keyEncryption.js';
import type { SamlSigningRecord } from '../store/records.js';
import { selfSignedCertificate } from './certificate.js';

const generateRsaKeyPair = promisify(generateKeyPair);

export const CERTIFICATE_YEARS = 10;

/** What the private key is bound to when sealed, beside the pool. */
export const SAML_KEY_LABEL = 'saml-signing';

export async function newSamlSigning(poolId: string, now: number, kek?: Buffer): Promise<SamlSigningRecord> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const notBefore = new Date(now);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERTIFICATE_YEARS);
  const certificate = selfSignedCertificate({
    subject: { country: 'US', organization: 'keypool', organizationalUnit: 'Cognito', commonName: poolId },
    publicKey,
    privateKey,
    notBefore,
    notAfter,
  });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return {
    poolId,
    privateKeyPem: kek ? sealPrivateKey(pem, kek, poolId, SAML_KEY_LABEL) : pem,
    certificate: certificate.toString('base64'),
    createdAt: now,
  };
}
