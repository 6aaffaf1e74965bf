// Stalling the server with key generation: CreateUserPool makes two 2048-bit RSA key pairs, which
// took a quarter of a second of the event loop when generated synchronously, during which no other
// request was served. They are generated on libuv's thread pool now; the event loop is sampled every
// millisecond while pools are created and keys rotated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPool } from '../support/fixtures.js';
import { formatMs, longestStalls } from '../support/eventLoop.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** ~50 ms: what keypool allows any one request to hold the event loop. */
const STALL_BOUND_MS = 50;
const RUNS = 5;

describe('key generation does not stall the event loop', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await createPool(server.cognito);
  });
  after(() => server.dispose());

  it('CreateUserPool', async () => {
    const stalls = await longestStalls(RUNS, async () => {
      assert.ok((await createPool(server.cognito)).Id);
    });
    console.log(`CreateUserPool: longest event-loop stalls ${formatMs(stalls)} ms`);
    assert.ok(Math.min(...stalls) < STALL_BOUND_MS, `stalls ${formatMs(stalls)} ms`);
  });

  it("rotating a pool's keys", async () => {
    const pool = await createPool(server.cognito);
    const stalls = await longestStalls(RUNS, async () => {
      assert.equal((await fetch(`${server.url}/_keypool/pools/${pool.Id}/rotate-keys`, { method: 'POST' })).status, 200);
    });
    console.log(`rotate-keys: longest event-loop stalls ${formatMs(stalls)} ms`);
    assert.ok(Math.min(...stalls) < STALL_BOUND_MS, `stalls ${formatMs(stalls)} ms`);
  });
});
