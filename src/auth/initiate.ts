// InitiateAuth and AdminInitiateAuth: find the flow, check the client may use it, start it.
import type { RequestContext } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { InitiateAuthRequest } from '../protocol/shapes.generated.js';
import type { ClientRecord, PoolRecord } from '../store/records.js';
import { clientAllows, flows } from './flows/index.js';
import type { AuthStep } from './types.js';

/** What InitiateAuth and AdminInitiateAuth have in common. */
export type InitiateInput = Pick<InitiateAuthRequest, 'AuthFlow' | 'AuthParameters' | 'ClientMetadata' | 'Session'>;

export async function initiate(
  ctx: RequestContext,
  pool: PoolRecord,
  client: ClientRecord,
  input: InitiateInput,
  admin: boolean,
): Promise<AuthStep> {
  const flowName = input.AuthFlow;
  // REFRESH_TOKEN is the older spelling of REFRESH_TOKEN_AUTH.
  const flow = flows[flowName === 'REFRESH_TOKEN' ? 'REFRESH_TOKEN_AUTH' : flowName];
  if (!flow) throw errors.initiateAuthMethodNotSupported(`keypool does not perform ${flowName}`);
  if (flow.only === 'admin' && !admin) throw errors.initiateAuthMethodNotSupported(`${flowName} is for AdminInitiateAuth`);
  if (flow.only === 'public' && admin) throw errors.initiateAuthMethodNotSupported(`${flowName} is for InitiateAuth`);
  if (flow.clientFlow && !clientAllows(client, flow.clientFlow)) throw errors.flowNotEnabled(flowName);
  ctx.note({ flow: flowName });
  return flow.start({
    ctx,
    pool,
    client,
    admin,
    flow: flowName,
    parameters: input.AuthParameters ?? {},
    clientMetadata: input.ClientMetadata,
    session: input.Session,
  });
}
