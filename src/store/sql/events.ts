import type { EventFilter, EventRepository, Page } from '../store.js';
import type { AuthEventRecord, EventFeedback, EventRisk } from '../records.js';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver.js';
import { InsertBatches } from './turnBatches.js';
import { num, optStr, orNull } from './rows.js';

/** The event types AdminListUserAuthEvents may answer (Cognito's EventType enum). */
export const COGNITO_EVENT_TYPES = ['SignIn', 'SignUp', 'ForgotPassword', 'PasswordChange', 'ResendCode'] as const;

const toEvent = (r: Row): AuthEventRecord => ({
  id: String(r.id),
  poolId: String(r.pool_id),
  clientId: optStr(r.client_id),
  username: optStr(r.username),
  eventType: String(r.event_type) as AuthEventRecord['eventType'],
  operation: String(r.operation),
  outcome: String(r.outcome) as AuthEventRecord['outcome'],
  flow: optStr(r.flow),
  challenge: optStr(r.challenge),
  nextChallenge: optStr(r.next_challenge),
  errorType: optStr(r.error_type),
  reason: optStr(r.reason),
  sourceIp: String(r.source_ip),
  userAgent: String(r.user_agent),
  createdAt: num(r.created_at),
  ...(r.triggers ? { triggers: JSON.parse(String(r.triggers)) as AuthEventRecord['triggers'] } : {}),
  ...(r.risk ? { risk: JSON.parse(String(r.risk)) as EventRisk } : {}),
  ...(r.feedback ? { feedback: JSON.parse(String(r.feedback)) as EventFeedback } : {}),
  ...(r.feedback_token_hash ? { feedbackTokenHash: String(r.feedback_token_hash) } : {}),
});

export class SqlEvents implements EventRepository {
  private readonly inserts: InsertBatches;

  constructor(private readonly db: SqlDriver) {
    this.inserts = new InsertBatches(db, 'auth_events', [
      'id', 'pool_id', 'client_id', 'username', 'event_type', 'operation', 'outcome', 'flow', 'challenge',
      'next_challenge', 'error_type', 'reason', 'source_ip', 'user_agent', 'created_at', 'triggers', 'risk', 'feedback_token_hash',
    ]);
  }

  /** Records an event; resolves once it is committed (with the events of concurrent requests, on PostgreSQL). */
  add(e: AuthEventRecord): Promise<void> {
    return this.inserts.add([
      e.id,
      e.poolId,
      orNull(e.clientId),
      orNull(e.username),
      e.eventType,
      e.operation,
      e.outcome,
      orNull(e.flow),
      orNull(e.challenge),
      orNull(e.nextChallenge),
      orNull(e.errorType),
      orNull(e.reason),
      e.sourceIp,
      e.userAgent,
      e.createdAt,
      e.triggers?.length ? JSON.stringify(e.triggers) : null,
      e.risk ? JSON.stringify(e.risk) : null,
      orNull(e.feedbackTokenHash),
    ]);
  }

  async list(filter: EventFilter): Promise<Page<AuthEventRecord>> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const match = (clause: string, value: SqlValue | undefined) => {
      if (value === undefined || value === '') return;
      where.push(clause);
      params.push(value);
    };
    match('pool_id = ?', filter.poolId);
    match('username = ?', filter.username);
    match('outcome = ?', filter.outcome);
    match('event_type = ?', filter.eventType);
    match('id < ?', filter.before);
    if (filter.cognitoTypesOnly) {
      where.push(`event_type IN (${COGNITO_EVENT_TYPES.map(() => '?').join(', ')})`);
      params.push(...COGNITO_EVENT_TYPES);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // One row more than asked says whether another page follows.
    params.push(filter.limit + 1);
    const rows = (await this.db.all(`SELECT * FROM auth_events ${clause} ORDER BY id DESC LIMIT ?`, params)).map(toEvent);
    const items = rows.slice(0, filter.limit);
    return rows.length > filter.limit ? { items, next: items[items.length - 1]!.id } : { items };
  }

  async get(id: string): Promise<AuthEventRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM auth_events WHERE id = ?`, [id]);
    return row && toEvent(row);
  }

  async setFeedback(poolId: string, id: string, feedback: EventFeedback): Promise<boolean> {
    const changed = await this.db.run(`UPDATE auth_events SET feedback = ? WHERE pool_id = ? AND id = ?`, [JSON.stringify(feedback), poolId, id]);
    return changed > 0;
  }
}

/** Deletes all but the newest `keep` (at least 1) events of every pool that has more. */
export async function trimEvents(tx: SqlExecutor, keep: number): Promise<number> {
  const crowded = await tx.all(`SELECT pool_id FROM auth_events GROUP BY pool_id HAVING COUNT(*) > ?`, [keep]);
  let removed = 0;
  for (const { pool_id } of crowded) {
    const oldestKept = await tx.get(`SELECT id FROM auth_events WHERE pool_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?`, [
      pool_id,
      keep - 1,
    ]);
    if (!oldestKept) continue;
    removed += await tx.run(`DELETE FROM auth_events WHERE pool_id = ? AND id < ?`, [pool_id, oldestKept.id]);
  }
  return removed;
}
