import { defineOperation } from '../app.js';
import { categoryOf, provisionedLimits } from '../protocol/provisionedLimits.js';

// The rate keypool enforces for an API category, beside Cognito's default (free) rate.
export default defineOperation({ name: 'GetProvisionedLimit', quota: 'UserPoolRead' }, async (input, ctx) => {
  const category = categoryOf(input.LimitDefinition);
  return { Limit: await provisionedLimits(ctx.app).describe(category, input.LimitDefinition) };
});
