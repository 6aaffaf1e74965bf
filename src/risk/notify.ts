// The email threat protection sends a user when an account-takeover action says Notify: the
// configuration's template for the action (BlockEmail, MfaEmail, NoActionEmail) or keypool's own,
// with Cognito's placeholders filled in. It goes to the outbox like every other message.
import type { App } from '../app.js';
import type { AccountTakeoverEventActionType, NotifyConfigurationType, NotifyEmailType } from '../protocol/shapes.generated.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { queueMessage } from '../users/messages.js';
import type { EndUser } from './assess.js';

export interface Notification {
  action: AccountTakeoverEventActionType;
  notify: NotifyConfigurationType;
  endUser: EndUser;
  eventId: string;
  /** The feedback token the one-click links carry. */
  token: string;
}

const TEMPLATE_OF: Record<AccountTakeoverEventActionType, 'BlockEmail' | 'MfaEmail' | 'NoActionEmail'> = {
  BLOCK: 'BlockEmail',
  MFA_IF_CONFIGURED: 'MfaEmail',
  MFA_REQUIRED: 'MfaEmail',
  NO_ACTION: 'NoActionEmail',
};

const DEFAULT_TEXT =
  'We noticed a sign-in to your account {username} at {login-time} from {ip-address} ({device-name}).\n' +
  'If this was you, confirm it: {one-click-link-valid}\nIf it was not, tell us: {one-click-link-invalid}';

const DEFAULTS: Record<'BlockEmail' | 'MfaEmail' | 'NoActionEmail', NotifyEmailType> = {
  BlockEmail: { Subject: 'Blocked sign-in attempt', TextBody: `A sign-in was blocked. ${DEFAULT_TEXT}` },
  MfaEmail: { Subject: 'New sign-in attempt', TextBody: `A sign-in was asked for a second factor. ${DEFAULT_TEXT}` },
  NoActionEmail: { Subject: 'New sign-in attempt', TextBody: DEFAULT_TEXT },
};

/** The one-click link that gives `value` feedback on the event (served by src/server/publicRoutes.ts). */
export function feedbackLink(app: App, poolId: string, username: string, eventId: string, token: string, value: 'Valid' | 'Invalid'): string {
  const query = new URLSearchParams({ username, event_id: eventId, token, value });
  return `${app.issuer(poolId)}/auth-event-feedback?${query}`;
}

export async function notifyRisk(app: App, pool: PoolRecord, user: UserRecord, n: Notification): Promise<void> {
  const destination = user.attributes.email;
  if (!destination) {
    app.log.info({ pool: pool.id, user: user.username }, 'risk notification not sent: the user has no email address');
    return;
  }
  const templateName = TEMPLATE_OF[n.action];
  const template = n.notify[templateName] ?? DEFAULTS[templateName];
  const values: Record<string, string> = {
    username: user.username,
    'login-time': new Date(app.clock.now()).toISOString(),
    'ip-address': n.endUser.ip,
    'device-name': n.endUser.device || 'Unknown device',
    city: 'Unknown',
    country: 'Unknown',
    'one-click-link-valid': feedbackLink(app, pool.id, user.username, n.eventId, n.token, 'Valid'),
    'one-click-link-invalid': feedbackLink(app, pool.id, user.username, n.eventId, n.token, 'Invalid'),
  };
  const fill = (text: string) => text.replace(/\{([a-z-]+)\}/g, (whole, name: string) => values[name] ?? whole);
  await queueMessage(app, {
    poolId: pool.id,
    username: user.username,
    channel: 'EMAIL',
    destination,
    purpose: 'RISK_NOTIFICATION',
    subject: fill(template.Subject),
    message: fill(template.TextBody ?? template.HtmlBody ?? ''),
  });
}
