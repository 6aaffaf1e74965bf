// RespondToAuthChallenge and AdminRespondToAuthChallenge: find the challenge and answer it (a
// challenge answering an earlier step consumes its session first: challenges/index.ts).
import type { RequestContext } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { RespondToAuthChallengeRequest } from '../protocol/shapes.generated.js';
import type { ClientRecord, PoolRecord } from '../store/records.js';
import { challenges } from './challenges/index.js';
import type { AuthStep } from './types.js';

/** What RespondToAuthChallenge and AdminRespondToAuthChallenge have in common. */
export type RespondInput = Pick<RespondToAuthChallengeRequest, 'ChallengeName' | 'ChallengeResponses' | 'Session' | 'ClientMetadata'>;

export async function respond(
  ctx: RequestContext,
  pool: PoolRecord,
  client: ClientRecord,
  input: RespondInput,
  admin: boolean,
): Promise<AuthStep> {
  const challengeName = input.ChallengeName;
  const challenge = challenges[challengeName];
  if (!challenge) throw errors.challengeNotPerformed(challengeName);
  ctx.note({ challenge: challengeName });
  return challenge.answer({
    ctx,
    pool,
    client,
    admin,
    challengeName,
    responses: input.ChallengeResponses ?? {},
    sessionToken: input.Session,
    clientMetadata: input.ClientMetadata,
  });
}
