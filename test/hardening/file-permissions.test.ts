// Reading the database as another local user: the data folder and the SQLite file were created with
// the default modes (0755, 0644), so anyone on the machine could copy the signing keys and password
// verifiers. What keypool creates is now its user's alone: folders 0700, the database and its -wal
// and -shm files 0600.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultConfig } from '../../src/config.js';
import { startKeypool, type RunningKeypool } from '../../src/server/keypool.js';
import { createPool } from '../support/fixtures.js';
import { sdkClient } from '../support/server.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('files of the SQLite store', () => {
  let root: string;
  let dataDir: string;
  let keypool: RunningKeypool;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'keypool-modes-'));
    // Two levels that do not exist yet: keypool creates both.
    dataDir = join(root, 'state', 'keypool');
    keypool = await startKeypool(defaultConfig({ port: 0, dataDir, logLevel: 'silent' }));
    const cognito = sdkClient(keypool.url);
    await createPool(cognito);
    cognito.destroy();
  });
  after(async () => {
    await keypool.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('are readable by their owner only', () => {
    for (const dir of [join(root, 'state'), dataDir]) assert.equal(modeOf(dir).toString(8), '700', dir);
    const database = join(dataDir, 'keypool.sqlite');
    for (const file of [database, `${database}-wal`, `${database}-shm`]) {
      assert.ok(existsSync(file), file);
      assert.equal(modeOf(file).toString(8), '600', file);
    }
  });
});
