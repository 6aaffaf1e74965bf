import { defineOperation } from '../app.js';
import { verify } from '../mfa/setup.js';

export default defineOperation({ name: 'VerifySoftwareToken', quota: 'UserAuthentication' }, async (input, ctx) =>
  verify(ctx.app, input, (user) => ctx.note({ pool: user.poolId, user: user.username })),
);
