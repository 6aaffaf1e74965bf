// The region a request to the AWS API is made in. Cognito has an endpoint per region
// (cognito-idp.<region>.amazonaws.com); keypool has one, so a client names a region by posting to
// `/<region>` (an SDK endpoint of `<keypool URL>/<region>`), or else by the region of its SigV4
// credential scope. Unsigned operations posted to `/` name none.
import type { IncomingMessage } from 'node:http';
import { isRegionName } from '../pools/replicas.js';

const CREDENTIAL_REGION = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//;

export function requestRegion(req: IncomingMessage): string | undefined {
  const path = (req.url ?? '/').split('?')[0]!.replace(/^\/+|\/+$/g, '');
  if (path !== '' && isRegionName(path)) return path;
  const signed = CREDENTIAL_REGION.exec(String(req.headers.authorization ?? ''))?.[1];
  return signed !== undefined && isRegionName(signed) ? signed : undefined;
}
