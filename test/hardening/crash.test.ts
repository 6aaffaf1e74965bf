// Faults: a real keypool process under load (user creation, password sign-in, passkey registration,
// refresh-token rotation) is SIGKILLed at seeded random moments and restarted, again and again. Every
// write answered 200 must still be there, and nothing may be half-done: no passkey without its user,
// no registration challenge used twice, no rotated refresh token still usable, a sound database.
// Then the disk fills up under it: requests fail with InternalErrorException, and once space is
// back, service resumes by itself.
//
// Reproduce: KEYPOOL_CRASH_SEED=<seed> KEYPOOL_CRASH_KILLS=<n> node scripts/run-tests.mjs hardening/crash
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { ORIGIN } from '../support/userAuth.js';
import { KeypoolProcess } from './support/child.js';
import { freePort } from '../support/process.js';
import { callJson, postRaw, seededRandom } from './support/raw.js';

const SEED = Number(process.env.KEYPOOL_CRASH_SEED ?? 7_331);
const KILLS = Number(process.env.KEYPOOL_CRASH_KILLS ?? 20);
const WORKERS = 8;
const PASSWORD = 'Passw0rd!';

interface Ledger {
  users: Set<string>;
  withPassword: string[];
  refreshTokens: string[];
  accessTokens: Map<string, string>;
  passkeys: { username: string; credentialId: string; credential: unknown; accessToken: string }[];
  rotations: { old: string; next: string }[];
  attempts: number;
  serverErrors: string[];
  /** Answers other than 200, by operation and error type (a refresh token rotated by a request cut off by a kill, ...). */
  refusals: Map<string, number>;
}

async function setUpPool(url: string) {
  const { UserPool } = await callJson<{ UserPool: { Id: string } }>(url, 'CreateUserPool', {
    PoolName: 'crash',
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
  });
  await callJson(url, 'SetUserPoolMfaConfig', { UserPoolId: UserPool.Id, WebAuthnConfiguration: { RelyingPartyId: 'localhost' } });
  const { UserPoolClient } = await callJson<{ UserPoolClient: { ClientId: string } }>(url, 'CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: 'crash',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
    RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
  });
  return { poolId: UserPool.Id, clientId: UserPoolClient.ClientId };
}

/** One request; a 5xx is recorded, a dropped connection (the process was killed) is just a failure. */
async function attempt<T>(ledger: Ledger, url: string, operation: string, input: unknown): Promise<T | undefined> {
  ledger.attempts++;
  let answer;
  try {
    answer = await postRaw(url, operation, JSON.stringify(input));
  } catch {
    // The process is down: give it a moment to come back rather than spin.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return undefined;
  }
  if (answer.status >= 500) ledger.serverErrors.push(`${operation}: ${answer.status} ${answer.body}`);
  if (answer.status !== 200) ledger.refusals.set(`${operation} ${answer.errorType}`, (ledger.refusals.get(`${operation} ${answer.errorType}`) ?? 0) + 1);
  return answer.status === 200 ? (JSON.parse(answer.body) as T) : undefined;
}

async function worker(index: number, url: string, ids: { poolId: string; clientId: string }, ledger: Ledger, running: () => boolean) {
  const random = seededRandom(SEED * 31 + index);
  const take = <T>(list: T[]): T | undefined => (list.length ? list.splice(Math.floor(random() * list.length), 1)[0] : undefined);
  let n = 0;
  while (running()) {
    const roll = random();
    if (roll < 0.3 || ledger.withPassword.length === 0) {
      const username = `u-${index}-${n++}`;
      const created = await attempt(ledger, url, 'AdminCreateUser', {
        UserPoolId: ids.poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
      });
      if (!created) continue;
      ledger.users.add(username);
      const set = await attempt(ledger, url, 'AdminSetUserPassword', { UserPoolId: ids.poolId, Username: username, Password: PASSWORD, Permanent: true });
      if (set) ledger.withPassword.push(username);
    } else if (roll < 0.55) {
      const username = ledger.withPassword[Math.floor(random() * ledger.withPassword.length)]!;
      const result = await attempt<{ AuthenticationResult: { AccessToken: string; RefreshToken: string } }>(ledger, url, 'InitiateAuth', {
        ClientId: ids.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD },
      });
      if (!result) continue;
      ledger.refreshTokens.push(result.AuthenticationResult.RefreshToken);
      ledger.accessTokens.set(username, result.AuthenticationResult.AccessToken);
    } else if (roll < 0.8) {
      const signedIn = [...ledger.accessTokens];
      if (signedIn.length === 0) continue;
      const [username, accessToken] = signedIn[Math.floor(random() * signedIn.length)]!;
      const started = await attempt<{ CredentialCreationOptions: PublicKeyCredentialCreationOptionsJSON }>(ledger, url, 'StartWebAuthnRegistration', {
        AccessToken: accessToken,
      });
      if (!started) continue;
      const credential = new SoftAuthenticator().create(ORIGIN, started.CredentialCreationOptions);
      const completed = await attempt(ledger, url, 'CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: credential });
      if (completed) ledger.passkeys.push({ username, credentialId: credential.id, credential, accessToken });
    } else {
      const old = take(ledger.refreshTokens);
      if (!old) continue;
      const result = await attempt<{ AuthenticationResult: { RefreshToken: string } }>(ledger, url, 'GetTokensFromRefreshToken', {
        ClientId: ids.clientId,
        RefreshToken: old,
      });
      if (!result) continue;
      ledger.rotations.push({ old, next: result.AuthenticationResult.RefreshToken });
      ledger.refreshTokens.push(result.AuthenticationResult.RefreshToken);
    }
  }
}

function checkDatabase(dataDir: string) {
  const db = new Database(join(dataDir, 'keypool.sqlite'));
  try {
    assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    assert.deepEqual(db.prepare('PRAGMA foreign_key_check').all(), []);
    const orphanPasskeys = db
      .prepare('SELECT COUNT(*) AS n FROM passkeys p LEFT JOIN users u ON u.pool_id = p.pool_id AND u.username = p.username WHERE u.username IS NULL')
      .get() as { n: number };
    assert.equal(orphanPasskeys.n, 0, 'no passkey without its user');
    const orphanAliases = db
      .prepare('SELECT COUNT(*) AS n FROM user_aliases a LEFT JOIN users u ON u.pool_id = a.pool_id AND u.username = a.username WHERE u.username IS NULL')
      .get() as { n: number };
    assert.equal(orphanAliases.n, 0, 'no alias without its user');
    // With a grace period of 0, a rotated token's grace ends when it is rotated.
    const usableRotated = db.prepare('SELECT COUNT(*) AS n FROM refresh_tokens WHERE rotated_at IS NOT NULL AND grace_until > rotated_at').get() as { n: number };
    assert.equal(usableRotated.n, 0, 'no refresh token both rotated and valid');
  } finally {
    db.close();
  }
}

/** Writes zeros to `path` until the disk is full. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

describe('crash safety', () => {
  const dataDirs: string[] = [];
  after(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it(`keeps every acknowledged write through ${KILLS} SIGKILLs under load (seed ${SEED})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keypool-crash-'));
    dataDirs.push(dataDir);
    const keypool = new KeypoolProcess(await freePort(), dataDir);
    await keypool.start();
    const ids = await setUpPool(keypool.url);
    const ledger: Ledger = {
      users: new Set(),
      withPassword: [],
      refreshTokens: [],
      accessTokens: new Map(),
      passkeys: [],
      rotations: [],
      attempts: 0,
      serverErrors: [],
      refusals: new Map(),
    };
    const schedule = seededRandom(SEED);
    let running = true;
    const workers = Array.from({ length: WORKERS }, (_, i) => worker(i, keypool.url, ids, ledger, () => running));
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(schedule() * 1200)));
        await keypool.kill();
        await keypool.start();
      }
    } finally {
      running = false;
      await Promise.all(workers);
    }

    // Every acknowledged write is there.
    let lost = 0;
    for (const username of ledger.users) {
      if (!(await attempt(ledger, keypool.url, 'AdminGetUser', { UserPoolId: ids.poolId, Username: username }))) lost++;
    }
    const byUser = new Map<string, string[]>();
    for (const passkey of ledger.passkeys) byUser.set(passkey.username, [...(byUser.get(passkey.username) ?? []), passkey.credentialId]);
    for (const [username, credentialIds] of byUser) {
      const signIn = await callJson<{ AuthenticationResult: { AccessToken: string } }>(keypool.url, 'InitiateAuth', {
        ClientId: ids.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD },
      });
      const listed = await callJson<{ Credentials: { CredentialId: string }[] }>(keypool.url, 'ListWebAuthnCredentials', {
        AccessToken: signIn.AuthenticationResult.AccessToken,
        MaxResults: 20,
      });
      const present = new Set(listed.Credentials.map((c) => c.CredentialId));
      lost += credentialIds.filter((id) => !present.has(id)).length;
    }
    // Nothing single-use was used twice: a completed registration cannot complete again, a rotated token is spent.
    for (const passkey of ledger.passkeys.slice(0, 30)) {
      const replay = await postRaw(keypool.url, 'CompleteWebAuthnRegistration', JSON.stringify({ AccessToken: passkey.accessToken, Credential: passkey.credential }));
      assert.equal(replay.errorType, 'WebAuthnChallengeNotFoundException', `replayed registration answered ${replay.status} ${replay.body}`);
    }
    for (const rotation of ledger.rotations.slice(0, 50)) {
      const reuse = await postRaw(keypool.url, 'GetTokensFromRefreshToken', JSON.stringify({ ClientId: ids.clientId, RefreshToken: rotation.old }));
      assert.equal(reuse.errorType, 'RefreshTokenReuseException', `a rotated refresh token answered ${reuse.status}`);
    }
    await keypool.stop();
    checkDatabase(dataDir);

    const figures = {
      seed: SEED,
      kills: KILLS,
      requests: ledger.attempts,
      acknowledged: { users: ledger.users.size, signIns: ledger.accessTokens.size, passkeys: ledger.passkeys.length, rotations: ledger.rotations.length },
      writesLost: lost,
      serverErrors: ledger.serverErrors.length,
      refusals: Object.fromEntries(ledger.refusals),
    };
    console.log(JSON.stringify(figures));
    assert.equal(lost, 0, 'no acknowledged write was lost');
    assert.deepEqual(ledger.serverErrors.slice(0, 5), [], 'no 5xx under load');
    assert.ok(ledger.users.size > 20 && ledger.passkeys.length > 5 && ledger.rotations.length > 5, 'the load did real work');
  });

  it('answers InternalErrorException while the disk is full, and resumes when space returns', async (t) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'keypool-full-'));
    dataDirs.push(mountPoint);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      t.skip('mounting a small tmpfs is not permitted here (needs root)');
      return;
    }
    const keypool = new KeypoolProcess(await freePort(), mountPoint);
    try {
      await keypool.start();
      const ids = await setUpPool(keypool.url);
      // Take the space the set-up left (written until the disk refuses more, as keypool may be writing
      // meanwhile), then give back a little room for the database to fill.
      const filler = join(mountPoint, 'filler');
      fillDisk(filler);
      truncateSync(filler, Math.max(0, statSync(filler).size - 256 * 1024));
      const statuses = new Map<string, number>();
      const acknowledged: string[] = [];
      let failedWithFullDisk = 0;
      for (let i = 0; i < 4000 && failedWithFullDisk < 20; i++) {
        const username = `full-${i}`;
        const answer = await postRaw(
          keypool.url,
          'AdminCreateUser',
          JSON.stringify({ UserPoolId: ids.poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'name', Value: 'x'.repeat(2000) }] }),
        );
        const key = `${answer.status} ${answer.errorType ?? ''}`.trim();
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (answer.status === 200) acknowledged.push(username);
        else if (answer.status === 500) failedWithFullDisk++;
      }
      console.log(JSON.stringify({ diskFull: Object.fromEntries(statuses) }));
      assert.ok(failedWithFullDisk > 0, 'the disk filled up');
      for (const key of statuses.keys()) assert.ok(key === '200' || key === '500 InternalErrorException', `unexpected ${key}`);

      unlinkSync(filler);
      const resumed = await postRaw(keypool.url, 'AdminCreateUser', JSON.stringify({ UserPoolId: ids.poolId, Username: 'after-full', MessageAction: 'SUPPRESS' }));
      assert.equal(resumed.status, 200, `after space returned: ${resumed.status} ${resumed.body}`);
      for (const username of [...acknowledged.slice(-5), 'after-full']) {
        await callJson(keypool.url, 'AdminGetUser', { UserPoolId: ids.poolId, Username: username });
      }
      await keypool.stop();
      checkDatabase(mountPoint);
    } finally {
      await keypool.kill();
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    }
  });
});
