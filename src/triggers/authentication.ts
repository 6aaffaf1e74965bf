// PreAuthentication, which may refuse a sign-in before its first factor is checked, and
// PostAuthentication, run once every factor is proven and before the tokens are issued (a function
// that throws refuses the sign-in).
import type { App } from '../app.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { eventAttributes, runTrigger } from './run.js';
import { triggerScope } from './scope.js';

export async function preAuthentication(app: App, pool: PoolRecord, user: UserRecord): Promise<void> {
  await runTrigger(app, pool, 'PreAuthentication', {
    source: 'PreAuthentication_Authentication',
    userName: user.username,
    // The ClientMetadata of InitiateAuth reaches this trigger as its validation data.
    request: { userAttributes: eventAttributes(user), validationData: triggerScope()?.clientMetadata ?? {}, userNotFound: false },
  });
}

export async function postAuthentication(app: App, pool: PoolRecord, user: UserRecord, newDeviceUsed: boolean): Promise<void> {
  await runTrigger(app, pool, 'PostAuthentication', {
    source: 'PostAuthentication_Authentication',
    userName: user.username,
    request: { userAttributes: eventAttributes(user), newDeviceUsed },
  });
}
