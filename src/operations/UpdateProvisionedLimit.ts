import { defineOperation } from '../app.js';
import { categoryOf, provisionedLimits } from '../protocol/provisionedLimits.js';

// Raises an API category's rate, for every pool and node: between Cognito's default and the maximum.
export default defineOperation({ name: 'UpdateProvisionedLimit', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const category = categoryOf(input.LimitDefinition);
  const limits = provisionedLimits(ctx.app);
  await limits.update(category, input.RequestedLimitValue);
  return { Limit: await limits.describe(category, input.LimitDefinition) };
});
