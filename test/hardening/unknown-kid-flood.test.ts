// Flooding with made-up key ids: an access token whose kid the node does not know may carry another
// node's new key, so the node re-reads the pool's keys. A stream of tokens with random kids made every
// one of them a read of the store (and an import of every key). Re-reads for unknown kids are now
// bounded to one a second per pool; a key rotated by another node is still picked up.
import assert from 'node:assert/strict';
import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, SignJWT } from 'jose';
import { KeyRing } from '../../src/tokens/keys.js';
import { signedInUser } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { postRaw, runConcurrently } from './support/raw.js';

const FLOOD = 1000;
const ROUNDS = 10;

describe('access tokens with unknown kids', () => {
  let server: TestServer;
  let user: Awaited<ReturnType<typeof signedInUser>>;
  let attackerKey: KeyObject;
  /** Reads of any pool's keys from the store since the server started. */
  let keyReads = 0;

  before(async () => {
    server = await startTestServer();
    const keys = server.keypool.app.store.keys;
    const listForPool = keys.listForPool.bind(keys);
    keys.listForPool = (poolId) => {
      keyReads++;
      return listForPool(poolId);
    };
    user = await signedInUser(server.cognito);
    attackerKey = (await promisify(generateKeyPair)('rsa', { modulusLength: 2048 })).privateKey;
  });
  after(() => server.dispose());

  /** The claims of a genuine access token, signed by a key of the attacker's with a kid of their choosing. */
  const forged = (kid: string, key = attackerKey) =>
    new SignJWT(decodeJwt(user.accessToken)).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
  const getUser = (accessToken: string) => postRaw(server.url, 'GetUser', JSON.stringify({ AccessToken: accessToken }));

  it(`reads the keys at most once a second for ${FLOOD} tokens with random kids`, async () => {
    const tokens = await Promise.all(Array.from({ length: FLOOD }, () => forged(randomBytes(32).toString('base64'))));
    const before = keyReads;
    for (let round = 0; round < ROUNDS; round++) {
      const batch = tokens.slice((round * FLOOD) / ROUNDS, ((round + 1) * FLOOD) / ROUNDS);
      await runConcurrently(batch, 16, async (token) => {
        const answer = await getUser(token);
        assert.equal(answer.status, 400);
        assert.equal(answer.errorType, 'NotAuthorizedException');
      });
      server.clock.advance(1000);
    }
    const reads = keyReads - before;
    console.log(`${FLOOD} tokens with unknown kids over ${ROUNDS} s: ${reads} reads of the pool's keys`);
    assert.ok(reads <= ROUNDS, `${reads} reads`);
    assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: user.accessToken }))).Username, user.username);
  });

  it("still picks up another node's new key, within a second of the last re-read", async () => {
    // A made-up kid spends this second's re-read...
    assert.equal((await getUser(await forged('made-up'))).errorType, 'NotAuthorizedException');
    // ... then another node on the same store rotates the pool's access key and signs with it.
    const otherNode = new KeyRing(server.keypool.app.store, server.clock);
    await otherNode.rotate(user.poolId, 'access');
    const { kid, key } = await otherNode.signingKey(user.poolId, 'access');
    const rotated = await forged(kid, key);
    assert.equal((await getUser(rotated)).errorType, 'NotAuthorizedException', 'the new kid waits for the next second');
    server.clock.advance(1000);
    assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: rotated }))).Username, user.username);
  });
});
