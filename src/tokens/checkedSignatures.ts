// Access tokens whose RS256 signature this node has already checked. A token is sent again and
// again for an hour; its bytes and the key that verified them do not change, so the signature is
// checked once and its header and claims kept. What changes with time or the store is still checked
// on every request: expiry against the clock, that the key is still the pool's current key object
// for the kid (a re-read key ring or a deleted pool no longer matches), revocation and the user.
import type { KeyObject } from 'node:crypto';
import { BoundedMap } from '../boundedMap.js';

export interface CheckedToken<Claims> {
  poolId: string;
  kid: string;
  key: KeyObject;
  claims: Claims;
}

/** Enough for every token in use by a busy development setup; each entry costs about 2 KB. */
const TOKENS_KEPT = 4096;

export class CheckedSignatures<Claims extends { exp?: number }> {
  private readonly entries = new BoundedMap<string, CheckedToken<Claims>>(TOKENS_KEPT);

  /** What was checked of `token`, unless it has expired at `nowMs` (jose's rule: exp <= now in whole seconds). */
  get(token: string, nowMs: number): CheckedToken<Claims> | undefined {
    const checked = this.entries.get(token);
    if (!checked) return undefined;
    if (typeof checked.claims.exp === 'number' && checked.claims.exp <= Math.floor(nowMs / 1000)) {
      this.entries.delete(token);
      return undefined;
    }
    return checked;
  }

  remember(token: string, checked: CheckedToken<Claims>): void {
    this.entries.set(token, checked);
  }
}
