// The installation's server secret: 32 random bytes made once, by whichever node asks first, and kept
// in the store, so that every node shares it and it survives restarts. Nothing uses it directly:
// each use derives a key of its own (HKDF-SHA-256, RFC 5869, with the use's name as `info`), so that
// one key's uses cannot be played against another's.
import { hkdfSync } from 'node:crypto';
import { randomBytes } from './random.js';
import type { Store } from './store/store.js';

const NAME = 'server secret';
const KEY_BYTES = 32;

export interface ServerSecret {
  /** The key for one use, e.g. 'page tokens'. */
  key(use: string): Buffer;
}

export async function loadServerSecret(store: Store, now: number): Promise<ServerSecret> {
  const secret = Buffer.from(await store.secrets.getOrCreate(NAME, randomBytes(KEY_BYTES).toString('base64url'), now), 'base64url');
  const keys = new Map<string, Buffer>();
  return {
    key(use) {
      let key = keys.get(use);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), use, KEY_BYTES));
        keys.set(use, key);
      }
      return key;
    },
  };
}
