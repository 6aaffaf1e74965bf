// The least the store's part of a StartWebAuthnRegistration can cost on SQLite: its statements
// alone, run by better-sqlite3 in this process on a keypool server's own database file, with none of
// keypool's code around them. The reads are the call's (the access token's sign-in beside its user,
// the user's passkeys), each outside a transaction as the server runs them; the inserts (the
// challenge, the auth event) are committed `group` calls at a time, as the server commits the writes
// of one turn of its event loop. The rows it adds are deleted when it is done.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';

const CALLS = 4_000;

/** CPU time of this thread's work per call, in µs. */
export function startRegistrationStoreFloor(file: string, group: number): number {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const signIns = db.prepare(`SELECT origin_jti, pool_id, username FROM token_families LIMIT 500`).all() as { origin_jti: string; pool_id: string; username: string }[];
    if (signIns.length === 0) throw new Error('no sign-ins to read');
    const signInAndUser = db.prepare(
      `SELECT u.*, f.origin_jti AS family_origin_jti, f.revoked_at AS family_revoked_at
       FROM token_families f LEFT JOIN users u ON u.pool_id = ? AND u.username = ? WHERE f.origin_jti = ?`,
    );
    const passkeys = db.prepare(`SELECT * FROM passkeys WHERE pool_id = ? AND username = ? ORDER BY created_at, credential_id`);
    const challenge = db.prepare(
      `INSERT INTO registration_challenges (challenge, pool_id, username, client_id, rp_id, user_verification, created_at, expires_at, consumed_at)
       VALUES (?, ?, ?, 'client', 'localhost', 'preferred', ?, ?, NULL)`,
    );
    const event = db.prepare(
      `INSERT INTO auth_events (id, pool_id, client_id, username, event_type, operation, outcome, flow, challenge, next_challenge,
         error_type, reason, source_ip, user_agent, created_at, triggers, risk, feedback_token_hash)
       VALUES (?, ?, 'client', ?, 'PasskeyRegistration', 'StartWebAuthnRegistration', 'Pass', NULL, NULL, NULL, NULL, NULL, '127.0.0.1', 'bench', ?, NULL, NULL, NULL)`,
    );
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const challenges: string[] = [];
    const started = process.cpuUsage();
    for (let call = 0; call < CALLS; call += group) {
      const calls: typeof signIns = [];
      for (let k = 0; k < group; k++) {
        const s = signIns[(call + k) % signIns.length]!;
        signInAndUser.get(s.pool_id, s.username, s.origin_jti);
        passkeys.all(s.pool_id, s.username);
        calls.push(s);
      }
      const now = Date.now();
      begin.run();
      for (const [k, s] of calls.entries()) {
        const id = `store-floor-${randomBytes(16).toString('base64url')}`;
        challenges.push(id);
        challenge.run(id, s.pool_id, s.username, now, now + 300_000);
        event.run(`${now.toString(36).padStart(11, '0')}-floor-${call + k}`, s.pool_id, s.username, now);
      }
      commit.run();
    }
    const used = process.cpuUsage(started);
    db.transaction(() => {
      const forget = db.prepare(`DELETE FROM registration_challenges WHERE challenge = ?`);
      for (const id of challenges) forget.run(id);
      db.prepare(`DELETE FROM auth_events WHERE operation = 'StartWebAuthnRegistration' AND id LIKE '%-floor-%'`).run();
    })();
    return (used.user + used.system) / CALLS;
  } finally {
    db.close();
  }
}
