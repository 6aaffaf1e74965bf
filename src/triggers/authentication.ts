// PreAuthentication, which may refuse a sign-in before its first factor is checked, and
// PostAuthentication, run once every factor is proven and before the tokens are issued (a function
// that throws refuses the sign-in).
import type { RequestScope } from '../app.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { eventAttributes, runTrigger } from './run.js';

export async function preAuthentication(ctx: RequestScope, pool: PoolRecord, user: UserRecord): Promise<void> {
  await runTrigger(ctx, pool, 'PreAuthentication', {
    source: 'PreAuthentication_Authentication',
    userName: user.username,
    // The ClientMetadata of InitiateAuth reaches this trigger as its validation data.
    request: { userAttributes: eventAttributes(user), validationData: ctx.clientMetadata ?? {}, userNotFound: false },
  });
}

export async function postAuthentication(ctx: RequestScope, pool: PoolRecord, user: UserRecord, newDeviceUsed: boolean): Promise<void> {
  await runTrigger(ctx, pool, 'PostAuthentication', {
    source: 'PostAuthentication_Authentication',
    userName: user.username,
    request: { userAttributes: eventAttributes(user), newDeviceUsed },
  });
}
