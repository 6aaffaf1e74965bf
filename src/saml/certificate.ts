// A self-signed X.509 v3 certificate (RFC 5280) for an RSA key, signed with sha256WithRSAEncryption:
// what GetSigningCertificate answers for a pool's SAML signing key.
import { sign, type KeyObject } from 'node:crypto';
import { randomBytes } from '../random.js';
import { bitString, boolean, explicit, nullValue, objectIdentifier, octetString, printableString, sequence, set, smallInteger, time, unsignedInteger, utf8String } from './der.js';

const OID = {
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
} as const;

export interface DistinguishedName {
  country?: string;
  organization?: string;
  organizationalUnit?: string;
  commonName: string;
}

function name(dn: DistinguishedName): Buffer {
  const rdn = (oid: string, value: Buffer) => set(sequence(objectIdentifier(oid), value));
  return sequence(
    ...(dn.country ? [rdn(OID.countryName, printableString(dn.country))] : []),
    ...(dn.organization ? [rdn(OID.organizationName, utf8String(dn.organization))] : []),
    ...(dn.organizationalUnit ? [rdn(OID.organizationalUnitName, utf8String(dn.organizationalUnit))] : []),
    rdn(OID.commonName, utf8String(dn.commonName)),
  );
}

const extension = (oid: string, critical: boolean, value: Buffer) => sequence(objectIdentifier(oid), boolean(critical), octetString(value));

export interface CertificateRequest {
  subject: DistinguishedName;
  publicKey: KeyObject;
  privateKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

/** The certificate, DER-encoded. Its serial number is 16 random bytes, positive. */
export function selfSignedCertificate(request: CertificateRequest): Buffer {
  const algorithm = sequence(objectIdentifier(OID.sha256WithRSAEncryption), nullValue());
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const subject = name(request.subject);
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    subject,
    sequence(time(request.notBefore), time(request.notAfter)),
    subject,
    request.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence()),
        // digitalSignature only: the key signs SAML requests, nothing else.
        extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 1)),
      ),
    ),
  );
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, request.privateKey)));
}
