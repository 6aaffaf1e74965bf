import { defineOperation } from '../app.js';
import {
  MAX_IDENTITY_PROVIDERS_PER_POOL,
  attributeMapping,
  checkProviderName,
  describeIdentityProvider,
  idpIdentifiers,
  providerDetails,
  takenIdentifier,
} from '../oauth/identityProviders.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { IdentityProviderRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';

export default defineOperation({ name: 'CreateIdentityProvider', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  checkProviderName(input.ProviderName, input.ProviderType);
  const now = ctx.app.clock.now();
  const provider: IdentityProviderRecord = {
    poolId: pool.id,
    providerName: input.ProviderName,
    providerType: input.ProviderType,
    details: providerDetails(input.ProviderType, input.ProviderDetails),
    attributeMapping: attributeMapping(pool, input.ProviderType, input.AttributeMapping),
    idpIdentifiers: idpIdentifiers(input.IdpIdentifiers),
    createdAt: now,
    updatedAt: now,
  };
  try {
    if (!(await ctx.app.store.identityProviders.create(provider, MAX_IDENTITY_PROVIDERS_PER_POOL))) throw errors.poolNotFound(pool.id);
  } catch (error) {
    if (!(error instanceof StoreConflict)) throw error;
    if (error.what === 'limit') throw errors.identityProviderLimit(MAX_IDENTITY_PROVIDERS_PER_POOL);
    if (error.what === 'provider') throw errors.providerExists(provider.providerName, pool.id);
    throw errors.idpIdentifierTaken(await takenIdentifier(ctx.app, provider));
  }
  return { IdentityProvider: await describeIdentityProvider(ctx.app, provider) };
});

