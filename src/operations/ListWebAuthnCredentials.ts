import { defineOperation } from '../app.js';
import { admitPasskeyOwner } from '../passkeys/access.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { friendlyCredentialName } from '../passkeys/friendlyName.js';
import { comparePositions, decodePageToken, encodePageToken, isAfter } from '../passkeys/pageToken.js';
import { MAX_PASSKEYS_PER_USER } from '../passkeys/policy.js';

export default defineOperation({ name: 'ListWebAuthnCredentials', quota: 'UserRead' }, async (input, ctx) => {
  const authorized = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(authorized.subject);
  const { pool, user } = admitPasskeyOwner(authorized);
  const after = input.NextToken === undefined ? undefined : decodePageToken(ctx.app.serverSecret, pool.id, user.username, input.NextToken);
  // MaxResults 0 (or absent) means the most a page holds, which is every passkey a user can have.
  const limit = input.MaxResults || MAX_PASSKEYS_PER_USER;
  const remaining = (await ctx.app.store.passkeys.listForUser(pool.id, user.username))
    .sort(comparePositions)
    .filter((p) => after === undefined || isAfter(p, after));
  const page = remaining.slice(0, limit);
  const last = page.at(-1);
  return {
    Credentials: page.map((p) => ({
      CredentialId: p.credentialId,
      FriendlyCredentialName: friendlyCredentialName(p.aaguid, p.attachment),
      RelyingPartyId: p.rpId,
      AuthenticatorAttachment: p.attachment,
      AuthenticatorTransports: p.transports,
      CreatedAt: new Date(p.createdAt),
    })),
    NextToken: remaining.length > page.length && last ? encodePageToken(ctx.app.serverSecret, pool.id, user.username, last) : undefined,
  };
});
