import { defineOperation } from '../app.js';
import { createDocument, describeTerms } from '../managedLogin/documents.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

// An app client's terms of use or privacy policy (one of each): links by language, which the pages show.
export default defineOperation({ name: 'CreateTerms', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  ctx.note({ client: client.clientId });
  const body = { TermsName: input.TermsName, TermsSource: input.TermsSource, Enforcement: input.Enforcement, Links: input.Links ?? {} };
  const doc = await createDocument(ctx.app, { poolId: pool.id, kind: 'terms', clientId: client.clientId, name: input.TermsName, body }, () => errors.termsExist(input.TermsName));
  return { Terms: describeTerms(doc) };
});
