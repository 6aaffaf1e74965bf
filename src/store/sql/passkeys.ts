import type { ConsumeOutcome, PasskeyRepository } from '../store.js';
import { StoreConflict } from '../store.js';
import type { PasskeyRecord, RegistrationChallengeRecord } from '../records.js';
import type { Row, SqlDriver, SqlValue } from './driver.js';
import { lockUser } from './locks.js';
import { InsertBatches, KEYS_PER_READ, keysIn, numberedKeys, perCount, poolKeysIn, rowLookups, TurnBatches } from './turnBatches.js';
import { bool, json, num, optNum, optStr, orNull, parse } from './rows.js';
import { SingleUse } from './singleUse.js';

const toChallenge = (r: Row): RegistrationChallengeRecord => ({
  challenge: String(r.challenge),
  poolId: String(r.pool_id),
  username: String(r.username),
  clientId: String(r.client_id),
  rpId: String(r.rp_id),
  userVerification: String(r.user_verification) as RegistrationChallengeRecord['userVerification'],
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
  consumedAt: optNum(r.consumed_at),
});

const toPasskey = (r: Row): PasskeyRecord => ({
  credentialId: String(r.credential_id),
  poolId: String(r.pool_id),
  username: String(r.username),
  publicKey: String(r.public_key),
  algorithm: num(r.algorithm),
  signCount: num(r.sign_count),
  transports: parse(r.transports),
  attachment: optStr(r.attachment),
  aaguid: String(r.aaguid),
  attestationFormat: String(r.attestation_format),
  backupEligible: num(r.backup_eligible) === 1,
  backedUp: num(r.backed_up) === 1,
  userVerified: num(r.user_verified) === 1,
  rpId: String(r.rp_id),
  createdAt: num(r.created_at),
  lastUsedAt: optNum(r.last_used_at),
});

export class SqlPasskeys implements PasskeyRepository {
  private readonly challenges: InsertBatches;
  private readonly singleUseChallenges: SingleUse<RegistrationChallengeRecord>;
  /** Registrations and passkey sign-ins list the user's passkeys: one statement for concurrent calls on PostgreSQL. */
  private readonly ofUsers: TurnBatches<[string, string], PasskeyRecord[]>;
  /** Every passkey sign-in reads the credential it answers with: one statement for concurrent calls on PostgreSQL. */
  private readonly byId: TurnBatches<SqlValue[], PasskeyRecord | undefined>;
  /** Every passkey sign-in moves its passkey's sign count: one statement for concurrent sign-ins on PostgreSQL. */
  private readonly uses: TurnBatches<[string, number, number, number], boolean>;

  constructor(private readonly db: SqlDriver) {
    const passkeysOfUsers = perCount((count) => `SELECT * FROM passkeys WHERE ${poolKeysIn('pool_id', 'username', count)} ORDER BY created_at, credential_id`);
    const signCounts = perCount(
      (count) => `UPDATE passkeys AS p SET sign_count = CAST(k.sign_count AS BIGINT), last_used_at = CAST(k.at AS BIGINT)
           FROM ${numberedKeys(count, ['credential_id', 'expected', 'sign_count', 'at'])}
           WHERE p.credential_id = k.credential_id AND ${keysIn('p.credential_id', count)} AND p.sign_count = CAST(k.expected AS BIGINT)
           RETURNING k.n AS key_number`,
    );
    this.ofUsers = new TurnBatches(
      db,
      KEYS_PER_READ,
      async (key) => (await db.all(`SELECT * FROM passkeys WHERE pool_id = ? AND username = ? ORDER BY created_at, credential_id`, key)).map(toPasskey),
      async (keys) => {
        const rows = await db.all(passkeysOfUsers(keys.length), [keys[0]![0], ...keys.map(([, username]) => username)]);
        const passkeys = rows.map(toPasskey);
        return keys.map(([, username]) => passkeys.filter((passkey) => passkey.username === username));
      },
      ([poolId]) => poolId,
    );
    this.byId = rowLookups(db, 'passkeys', 'credential_id', toPasskey);
    this.uses = new TurnBatches(
      db,
      KEYS_PER_READ,
      async ([credentialId, expectedSignCount, signCount, at]) =>
        (await db.run(`UPDATE passkeys SET sign_count = ?, last_used_at = ? WHERE credential_id = ? AND sign_count = ?`, [
          signCount,
          at,
          credentialId,
          expectedSignCount,
        ])) > 0,
      // A credential used twice in one batch is updated once (PostgreSQL updates a row once per
      // statement): the other use is refused, as the loser of two racing statements would be.
      async (keys) => {
        const rows = await db.all(signCounts(keys.length), [...keys.flat(), ...keys.map(([credentialId]) => credentialId)]);
        const used = new Set(rows.map((row) => Number(row.key_number)));
        return keys.map((_, n) => used.has(n));
      },
    );
    this.singleUseChallenges = new SingleUse(db, 'registration_challenges', 'challenge', toChallenge);
    this.challenges = new InsertBatches(db, 'registration_challenges', [
      'challenge', 'pool_id', 'username', 'client_id', 'rp_id', 'user_verification', 'created_at', 'expires_at', 'consumed_at',
    ]);
  }

  createChallenge(c: RegistrationChallengeRecord): Promise<void> {
    return this.challenges.add([c.challenge, c.poolId, c.username, c.clientId, c.rpId, c.userVerification, c.createdAt, c.expiresAt, orNull(c.consumedAt)]);
  }

  consumeChallenge(challenge: string, at: number): Promise<ConsumeOutcome<RegistrationChallengeRecord>> {
    return this.singleUseChallenges.consume(challenge, at);
  }

  async insert(p: PasskeyRecord, maxPerUser: number): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        // Concurrent inserts for one user count one after another (on SQLite every transaction does).
        if (this.db.dialect === 'postgres') await lockUser(tx, p.poolId, p.username);
        const inserted = await tx.run(
          `INSERT INTO passkeys (credential_id, pool_id, username, public_key, algorithm, sign_count, transports, attachment,
             aaguid, attestation_format, backup_eligible, backed_up, user_verified, rp_id, created_at, last_used_at)
           SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
           WHERE (SELECT COUNT(*) FROM passkeys WHERE pool_id = ? AND username = ?) < ?`,
          [
            p.credentialId,
            p.poolId,
            p.username,
            p.publicKey,
            p.algorithm,
            p.signCount,
            json(p.transports),
            orNull(p.attachment),
            p.aaguid,
            p.attestationFormat,
            bool(p.backupEligible),
            bool(p.backedUp),
            bool(p.userVerified),
            p.rpId,
            p.createdAt,
            orNull(p.lastUsedAt),
            p.poolId,
            p.username,
            maxPerUser,
          ],
        );
        if (inserted === 0) throw new StoreConflict('limit');
      });
    } catch (error) {
      if (this.db.isUniqueViolation(error)) throw new StoreConflict('credential');
      throw error;
    }
  }

  get(credentialId: string): Promise<PasskeyRecord | undefined> {
    return this.byId.get([credentialId]);
  }

  listForUser(poolId: string, username: string): Promise<PasskeyRecord[]> {
    return this.ofUsers.get([poolId, username]);
  }

  async countForUser(poolId: string, username: string): Promise<number> {
    const row = await this.db.get(`SELECT COUNT(*) AS n FROM passkeys WHERE pool_id = ? AND username = ?`, [poolId, username]);
    return num(row?.n ?? 0);
  }

  async delete(poolId: string, username: string, credentialId: string): Promise<boolean> {
    return (
      (await this.db.run(`DELETE FROM passkeys WHERE credential_id = ? AND pool_id = ? AND username = ?`, [
        credentialId,
        poolId,
        username,
      ])) > 0
    );
  }

  recordUse(credentialId: string, expectedSignCount: number, signCount: number, at: number): Promise<boolean> {
    return this.uses.get([credentialId, expectedSignCount, signCount, at]);
  }
}
