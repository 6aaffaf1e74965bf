import { defineOperation } from '../app.js';
import {
  attributeMapping,
  describeIdentityProvider,
  idpIdentifiers,
  providerDetails,
  requireIdentityProvider,
  takenIdentifier,
} from '../oauth/identityProviders.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { IdentityProviderRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';

// What is given replaces what the provider had (ProviderDetails as a whole); what is left out stays.
export default defineOperation({ name: 'UpdateIdentityProvider', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const current = await requireIdentityProvider(ctx.app, pool, input.ProviderName);
  const type = current.providerType;
  // Describe never shows a Sign in with Apple private key: details sent back without one keep the key kept.
  const given =
    input.ProviderDetails && type === 'SignInWithApple' && input.ProviderDetails.private_key === undefined && current.details.private_key
      ? { ...input.ProviderDetails, private_key: current.details.private_key }
      : input.ProviderDetails;
  const updated: IdentityProviderRecord = {
    ...current,
    details: given === undefined ? current.details : providerDetails(type, given),
    attributeMapping: input.AttributeMapping === undefined ? current.attributeMapping : attributeMapping(pool, type, input.AttributeMapping),
    idpIdentifiers: input.IdpIdentifiers === undefined ? current.idpIdentifiers : idpIdentifiers(input.IdpIdentifiers),
    updatedAt: ctx.app.clock.now(),
  };
  try {
    if (!(await ctx.app.store.identityProviders.update(updated))) throw errors.identityProviderNotFound(input.ProviderName, pool.id);
  } catch (error) {
    if (!(error instanceof StoreConflict)) throw error;
    throw errors.idpIdentifierTaken(await takenIdentifier(ctx.app, updated));
  }
  return { IdentityProvider: await describeIdentityProvider(ctx.app, updated) };
});
