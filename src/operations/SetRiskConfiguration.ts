import { defineOperation } from '../app.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { describeRisk, setRiskConfiguration } from '../risk/configuration.js';
import { requireThreatProtection } from '../events/cognito.js';

// The pool's configuration, or with ClientId the client's own; how it is applied is src/risk/assess.ts.
export default defineOperation({ name: 'SetRiskConfiguration', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id, client: input.ClientId });
  requireThreatProtection(pool);
  if (input.ClientId !== undefined) await requireClient(ctx.app, input.ClientId, pool.id);
  const doc = await setRiskConfiguration(ctx.app, pool, input.ClientId ?? '', input);
  return { RiskConfiguration: describeRisk(pool.id, doc, doc ? input.ClientId : undefined) };
});
