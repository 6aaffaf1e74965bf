import type { UserType } from '../protocol/shapes.generated.js';
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
  const matches = parseFilter(input.Filter);
  const only = input.AttributesToGet;
  const schema = new Set((pool.settings.SchemaAttributes ?? []).map((a) => a.Name));
  const unknown = only?.find((name) => !schema.has(name));
  if (unknown !== undefined) throw errors.requestedAttributesUnknown(`attribute ${unknown}`);
  const limit = input.Limit || MAX_LIMIT;

  let after = decodeNextToken(ctx.app.serverSecret, usersPageScope(pool), input.PaginationToken, errors.invalidPaginationToken);
  const users: UserType[] = [];
  let next: string | undefined;
  scan: for (;;) {
    const page = await store.users.list(pool.id, MAX_LIMIT, after);
    for (const [index, user] of page.items.entries()) {
      if (!matches(user)) continue;
      users.push(describeUser(user, only));
      if (users.length === limit) {
        const more = index < page.items.length - 1 || page.next !== undefined;
        if (more) next = user.username;
        break scan;
      }
    }
    if (page.next === undefined) break;
    after = page.next;
  }
  return { Users: users, PaginationToken: encodeNextToken(ctx.app.serverSecret, usersPageScope(pool), next) };
});
