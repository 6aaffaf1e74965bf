// Reading the operator outbox (GET /_keypool/outbox), where codes and invitations land.
import type { OutboxMessage } from '../../src/store/records.js';
import type { TestServer } from './server.js';

export async function readOutbox(server: TestServer, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/_keypool/outbox?${new URLSearchParams(query)}`, { headers });
  return { status: response.status, body: (await response.json()) as { messages?: OutboxMessage[]; message?: string } };
}

/** The newest message of a pool (optionally to one user), which must exist. */
export async function latestMessage(server: TestServer, poolId: string, username?: string): Promise<OutboxMessage> {
  const { body } = await readOutbox(server, { poolId, ...(username ? { username } : {}) });
  const message = body.messages?.[0];
  if (!message) throw new Error(`no outbox message for ${poolId} ${username ?? ''}`);
  return message;
}
