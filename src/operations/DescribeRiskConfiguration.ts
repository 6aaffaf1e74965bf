import { defineOperation } from '../app.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { describeRisk, riskDocument } from '../risk/configuration.js';
import { requireThreatProtection } from '../events/cognito.js';

// With ClientId: the client's own configuration, or (without ClientId in the answer) the pool's it inherits.
export default defineOperation({ name: 'DescribeRiskConfiguration', quota: 'UserPoolRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id, client: input.ClientId });
  requireThreatProtection(pool);
  if (input.ClientId !== undefined) {
    await requireClient(ctx.app, input.ClientId, pool.id);
    const own = await riskDocument(ctx.app, pool.id, input.ClientId);
    if (own) return { RiskConfiguration: describeRisk(pool.id, own, input.ClientId) };
  }
  return { RiskConfiguration: describeRisk(pool.id, await riskDocument(ctx.app, pool.id, '')) };
});
