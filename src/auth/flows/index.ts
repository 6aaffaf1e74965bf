// Every AuthFlow keypool performs, keyed by its wire name.
import type { ClientRecord } from '../../store/records.js';
import type { Flow } from '../types.js';
import { refreshTokenFlow } from './refreshToken.js';
import { userPasswordFlow, adminUserPasswordFlow } from './userPassword.js';
import { userSrpFlow } from './userSrp.js';
import { userAuthFlow } from './userAuth.js';
import { customAuthFlow } from './customAuth.js';

export const flows: Readonly<Record<string, Flow>> = {
  USER_PASSWORD_AUTH: userPasswordFlow,
  ADMIN_USER_PASSWORD_AUTH: adminUserPasswordFlow,
  ADMIN_NO_SRP_AUTH: adminUserPasswordFlow,
  USER_AUTH: userAuthFlow,
  REFRESH_TOKEN_AUTH: refreshTokenFlow,
  USER_SRP_AUTH: userSrpFlow,
  CUSTOM_AUTH: customAuthFlow,
};

/** Legacy ExplicitAuthFlows names and the ALLOW_ names they stand for. */
const LEGACY: Record<string, string> = {
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
};

/** What an app client without ExplicitAuthFlows allows, per the API reference. */
const DEFAULT_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];

/** Clients configured with legacy names only predate ALLOW_ names: SRP and refresh were always open to them. */
const ALWAYS_WITH_LEGACY = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'];

export function clientAllows(client: ClientRecord, allowName: string): boolean {
  const configured = client.settings.ExplicitAuthFlows;
  if (!configured || configured.length === 0) return DEFAULT_FLOWS.includes(allowName);
  const allowed = configured.map((f) => LEGACY[f] ?? f);
  if (configured.every((f) => f in LEGACY)) allowed.push(...ALWAYS_WITH_LEGACY);
  return allowed.includes(allowName);
}
