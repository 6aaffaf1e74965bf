import { defineOperation } from '../app.js';
import { associate } from '../mfa/setup.js';

export default defineOperation({ name: 'AssociateSoftwareToken', quota: 'UserAuthentication' }, async (input, ctx) =>
  associate(ctx.app, input, (user) => ctx.note({ pool: user.poolId, user: user.username })),
);
