// AdminCreateUser's invitation: the username and temporary password, by the mediums the administrator
// asks for (SMS unless said), with the pool's InviteMessageTemplate or Cognito's default wording. A
// medium the user has no attribute for sends nothing, as on Cognito (which answers no error either).
import type { DeliveryMediumType } from '../protocol/shapes.generated.js';
import type { RequestScope } from '../app.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { channelAttribute, sendSecretMessage } from './messages.js';

const DEFAULT_TEXT = 'Your username is {username} and temporary password is {####}.';

export async function sendInvitation(
  ctx: RequestScope,
  pool: PoolRecord,
  user: UserRecord,
  signInName: string,
  temporaryPassword: string,
  mediums: DeliveryMediumType[] | undefined,
): Promise<void> {
  const template = pool.settings.AdminCreateUserConfig?.InviteMessageTemplate;
  for (const channel of new Set(mediums?.length ? mediums : ['SMS' as const])) {
    const attribute = channelAttribute(channel);
    const destination = user.attributes[attribute];
    if (!destination) {
      // Cognito sends nothing then, and says nothing: the operator at least hears why.
      ctx.app.log.info(
        { pool: pool.id, user: user.username, channel },
        `no ${channel} invitation sent: the user has no ${attribute}${mediums?.length ? '' : ' (DesiredDeliveryMediums is SMS unless given; add EMAIL to send it by email)'}`,
      );
      continue;
    }
    const email = channel === 'EMAIL';
    await sendSecretMessage(ctx, pool, user, {
      channel,
      destination,
      purpose: 'INVITATION',
      source: 'AdminCreateUser',
      secret: temporaryPassword,
      username: signInName,
      text: {
        subject: email ? (template?.EmailSubject ?? 'Your temporary password') : undefined,
        message: (email ? template?.EmailMessage : template?.SMSMessage) ?? DEFAULT_TEXT,
      },
    });
  }
}
