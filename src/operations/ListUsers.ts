import { defineOperation } from '../app.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import { describeUser } from '../users/accounts.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';
import { parseFilter, usersPageScope } from '../users/listing.js';

const MAX_LIMIT = 60;

export default defineOperation({ name: 'ListUsers', quota: 'UserList' }, async (input, ctx) => {
  const { store } = ctx.app;
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const search = parseFilter(input.Filter);
  const only = input.AttributesToGet;
  const schema = new Set((pool.settings.SchemaAttributes ?? []).map((a) => a.Name));
  const unknown = only?.find((name) => !schema.has(name));
  if (unknown !== undefined) throw errors.requestedAttributesUnknown(`attribute ${unknown}`);
  const limit = input.Limit || MAX_LIMIT;

  const scope = usersPageScope(pool, search);
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.PaginationToken, errors.invalidPaginationToken);
  const page = search ? await store.users.search(pool.id, search, limit, after) : await store.users.list(pool.id, limit, after);
  return {
    Users: page.items.map((user) => describeUser(user, only)),
    PaginationToken: encodeNextToken(ctx.app.serverSecret, scope, page.next),
  };
});
