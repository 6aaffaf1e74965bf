// Random bytes from the system's CSPRNG, drawn a block at a time. node's randomBytes costs about
// 4 µs a call whatever the size (a job object around OpenSSL's generator), and a sign-in draws a
// dozen small values (challenges, sessions, ids, refresh tokens); here the block is filled in one
// call and each of its bytes handed out once, as node's own randomUUID does with its cache.
import { randomBytes as systemRandomBytes, randomFillSync } from 'node:crypto';

const BLOCK_BYTES = 4096;
const block = Buffer.alloc(BLOCK_BYTES);
let used = BLOCK_BYTES;

export function randomBytes(size: number): Buffer {
  if (size > BLOCK_BYTES / 8) return systemRandomBytes(size);
  if (used + size > BLOCK_BYTES) {
    randomFillSync(block);
    used = 0;
  }
  const drawn = Buffer.from(block.subarray(used, used + size));
  // What was handed out does not stay in memory beside the bytes still to come.
  block.fill(0, used, used + size);
  used += size;
  return drawn;
}
