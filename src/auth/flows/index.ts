// Every AuthFlow keypool performs, keyed by its wire name.
import type { ClientRecord } from '../../store/records.js';
import type { Flow } from '../types.js';
import { userPasswordFlow, adminUserPasswordFlow } from './userPassword.js';

export const flows: Readonly<Record<string, Flow>> = {
  USER_PASSWORD_AUTH: userPasswordFlow,
  ADMIN_USER_PASSWORD_AUTH: adminUserPasswordFlow,
};

/** Legacy ExplicitAuthFlows names and the ALLOW_ names they stand for. */
const LEGACY: Record<string, string> = {
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
};

/** What an app client without ExplicitAuthFlows allows, per the API reference. */
const DEFAULT_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];

export function clientAllows(client: ClientRecord, allowName: string): boolean {
  const configured = client.settings.ExplicitAuthFlows;
  const allowed = configured && configured.length > 0 ? configured.map((f) => LEGACY[f] ?? f) : DEFAULT_FLOWS;
  return allowed.includes(allowName);
}
