// User pool domains: a prefix under <region>.amazoncognito.com, or a custom domain (a host name of
// the operator's, served through a CloudFront distribution on AWS). A pool has at most one of each.
import { createHash } from 'node:crypto';
import type { DomainDescriptionType } from '../protocol/shapes.generated.js';
import { errors } from '../protocol/errors.js';
import type { DomainRecord } from '../store/records.js';

/** ManagedLoginVersion 1 is the classic hosted UI, 2 managed login; 1 when left out. */
export const MANAGED_LOGIN_VERSIONS = [1, 2];

/** Words Cognito reserves in prefix domains. */
const RESERVED = ['aws', 'amazon', 'cognito'];

export function checkPrefix(prefix: string): void {
  if (prefix.includes('.')) {
    throw errors.domainPrefixInvalid();
  }
  const reserved = RESERVED.find((word) => prefix.includes(word));
  if (reserved) throw errors.domainReservedWord(reserved);
}

/** The CloudFront host a custom domain's DNS alias points at: stable for the domain, shaped as AWS's. */
export function cloudFrontDomain(domain: string): string {
  const digest = createHash('sha256').update(domain).digest('hex');
  const letters = [...digest.slice(0, 13)].map((c) => String.fromCharCode(97 + (parseInt(c, 16) % 26))).join('');
  return `d${letters}.cloudfront.net`;
}

export function describeDomain(record: DomainRecord): DomainDescriptionType {
  return {
    UserPoolId: record.poolId,
    AWSAccountId: '000000000000',
    Domain: record.domain,
    CloudFrontDistribution: cloudFrontDomain(record.domain),
    Version: '20130630',
    Status: 'ACTIVE',
    ...(record.custom && record.certificateArn !== undefined ? { CustomDomainConfig: { CertificateArn: record.certificateArn } } : {}),
    ManagedLoginVersion: record.managedLoginVersion ?? 1,
  };
}
