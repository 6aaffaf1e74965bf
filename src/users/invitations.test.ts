import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { App } from '../app.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { sendInvitation } from './invitations.js';

/** An app whose log is kept and whose outbox is off: what sendInvitation tells the operator. */
function recordingApp() {
  const lines: string[] = [];
  const app = { config: { outbox: false }, clock: { now: () => 0 }, log: { info: (_fields: unknown, message: string) => lines.push(message) } };
  return { app: app as unknown as App, lines };
}

const pool = { id: 'us-east-1_Pool00001', name: 'p', settings: {}, createdAt: 0, updatedAt: 0 } as PoolRecord;
const user = (attributes: Record<string, string>) => ({ poolId: pool.id, username: 'bob', attributes }) as unknown as UserRecord;

describe('sendInvitation', () => {
  it('says why nothing went out when the default SMS finds no phone number', async () => {
    const { app, lines } = recordingApp();
    await sendInvitation({ app }, pool, user({ email: 'bob@example.com' }), 'bob', 'Temp-passw0rd!', undefined);
    assert.deepEqual(lines, ['no SMS invitation sent: the user has no phone_number (DesiredDeliveryMediums is SMS unless given; add EMAIL to send it by email)']);
  });

  it('sends by each medium asked for that the user has, and names the one it could not use', async () => {
    const { app, lines } = recordingApp();
    await sendInvitation({ app }, pool, user({ email: 'bob@example.com' }), 'bob', 'Temp-passw0rd!', ['EMAIL', 'SMS']);
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /message dropped: the outbox is off/);
    assert.equal(lines[1], 'no SMS invitation sent: the user has no phone_number');
  });
});
