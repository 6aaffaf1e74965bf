import { defineOperation } from '../app.js';
import {
  COGNITO_SUBJECT,
  MAX_LINKS_PER_USER,
  SOCIAL_TYPES,
  federatedUsername,
  providerUser,
  requireIdentityProvider,
  requireNamedProvider,
} from '../oauth/identityProviders.js';
import { isCustomAttribute } from '../pools/defaults.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import { requireUser } from '../users/accounts.js';
import { schemaOf } from '../users/schema.js';

// Links a provider's user who has not signed in yet (SourceUser) to a user of the pool
// (DestinationUser): their first federated sign-in is a sign-in as that user (developer guide,
// "Linking federated users to an existing user profile").
export default defineOperation({ name: 'AdminLinkProviderForUser', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const destination = providerUser('DestinationUser', input.DestinationUser, false);
  const source = providerUser('SourceUser', input.SourceUser, true);
  if (source.ProviderName === 'Cognito') throw errors.cognitoSourceUser();

  // The destination: a user of the pool by username, or a federated user by their provider's subject.
  const user =
    destination.ProviderName === 'Cognito'
      ? await requireUser(ctx.app, pool, destination.ProviderAttributeValue)
      : await (async () => {
          await requireIdentityProvider(ctx.app, pool, destination.ProviderName);
          const federated = await ctx.app.store.users.get(pool.id, federatedUsername(destination.ProviderName, destination.ProviderAttributeValue));
          if (!federated) throw errors.userNotFound('no federated destination user');
          return federated;
        })();
  ctx.note({ user: user.username });
  // "All attributes in the DestinationUser profile must be mutable."
  if (Object.keys(user.attributes).some((name) => isCustomAttribute(name) && schemaOf(pool, name)?.Mutable === false)) {
    throw errors.immutableAttributesOnDestination();
  }

  const provider = await requireNamedProvider(ctx.app, pool, source.ProviderName);
  const attributeName = source.ProviderAttributeName!;
  if (SOCIAL_TYPES.includes(provider.providerType)) {
    if (attributeName !== COGNITO_SUBJECT) throw errors.socialSourceAttribute(provider.providerName);
  } else if (attributeName !== COGNITO_SUBJECT && !(attributeName in provider.attributeMapping)) {
    throw errors.sourceAttributeNotMapped(attributeName, provider.providerName);
  }
  // A provider user who has signed in already is a user of their own: Cognito does not merge users.
  if (attributeName === COGNITO_SUBJECT && (await ctx.app.store.users.get(pool.id, federatedUsername(provider.providerName, source.ProviderAttributeValue)))) {
    throw errors.mergingNotSupported();
  }

  const outcome = await ctx.app.store.identityProviders.link(
    {
      poolId: pool.id,
      providerName: provider.providerName,
      attributeName,
      attributeValue: source.ProviderAttributeValue,
      username: user.username,
      createdAt: ctx.app.clock.now(),
    },
    MAX_LINKS_PER_USER,
  );
  switch (outcome) {
    case 'linked':
      return {};
    case 'taken':
      throw errors.sourceUserLinked();
    case 'limit':
      throw errors.linkLimit(MAX_LINKS_PER_USER);
    case 'no-user':
      throw errors.userNotFound('the user was deleted meanwhile');
    case 'no-provider':
      throw errors.providerNotFound(source.ProviderName, pool.id);
  }
});
