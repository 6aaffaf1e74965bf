// The measured operations, each against a running server whose pool is seeded.
import { BenchAuthenticator } from './authenticator.js';
import { drive, hammer, type Throughput } from './measure.js';
import { credentialIdOf, ORIGIN, PASSWORD, userHandleOf, usernameOf, type BenchPool } from './seed.js';
import { Wire } from './wire.js';

export interface Load {
  seconds: number;
  /** autocannon connections, and callers of the flow driver. */
  connections: number;
}

/** A pseudo-random user index in [0, users), spread over the whole range (cold rows included). */
export const pickUser = (n: number, users: number) => Number((BigInt(n) * 2654435761n + 12345n) % BigInt(users));

export function startRegistration(url: string, tokens: string[], load: Load): Promise<Throughput> {
  const bodies = tokens.map((token) => JSON.stringify({ AccessToken: token }));
  return hammer(url, 'StartWebAuthnRegistration', (i) => bodies[i % bodies.length]!, load.seconds, load.connections);
}

export function getUser(url: string, tokens: string[], load: Load): Promise<Throughput> {
  const bodies = tokens.map((token) => JSON.stringify({ AccessToken: token }));
  return hammer(url, 'GetUser', (i) => bodies[i % bodies.length]!, load.seconds, load.connections);
}

/** StartWebAuthnRegistration, the authenticator's creation, CompleteWebAuthnRegistration. */
export async function registrationCeremony(url: string, tokens: string[], authenticator: BenchAuthenticator, load: Load) {
  const wire = new Wire(url, load.connections);
  try {
    return await drive(
      async (n) => {
        const AccessToken = tokens[n % tokens.length]!;
        const started = await wire.call<{ CredentialCreationOptions: Parameters<BenchAuthenticator['create']>[1] }>(
          'StartWebAuthnRegistration',
          { AccessToken },
        );
        const Credential = authenticator.create(ORIGIN, started.CredentialCreationOptions);
        await wire.call('CompleteWebAuthnRegistration', { AccessToken, Credential });
      },
      load.seconds,
      load.connections,
    );
  } finally {
    wire.close();
  }
}

/** InitiateAuth USER_AUTH preferring WEB_AUTHN, the assertion, RespondToAuthChallenge WEB_AUTHN. */
export async function passkeySignIn(url: string, pool: BenchPool, users: number, authenticator: BenchAuthenticator, load: Load) {
  const wire = new Wire(url, load.connections);
  try {
    return await drive(
      async (n) => {
        const i = pickUser(n, users);
        const USERNAME = usernameOf(i);
        const started = await wire.call<{ ChallengeName: string; Session: string; ChallengeParameters: Record<string, string> }>('InitiateAuth', {
          ClientId: pool.clientId,
          AuthFlow: 'USER_AUTH',
          AuthParameters: { USERNAME, PREFERRED_CHALLENGE: 'WEB_AUTHN' },
        });
        if (started.ChallengeName !== 'WEB_AUTHN') throw new Error(`expected WEB_AUTHN, got ${started.ChallengeName}`);
        const options = JSON.parse(started.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS!);
        const credential = authenticator.get(ORIGIN, options, credentialIdOf(i), userHandleOf(i));
        const answered = await wire.call<{ AuthenticationResult?: { AccessToken?: string } }>('RespondToAuthChallenge', {
          ClientId: pool.clientId,
          ChallengeName: 'WEB_AUTHN',
          Session: started.Session,
          ChallengeResponses: { USERNAME, CREDENTIAL: JSON.stringify(credential) },
        });
        if (!answered.AuthenticationResult?.AccessToken) throw new Error('no tokens after WEB_AUTHN');
      },
      load.seconds,
      load.connections,
    );
  } finally {
    wire.close();
  }
}

/** InitiateAuth USER_PASSWORD_AUTH (the same call shape for keypool and cognito-local). */
export async function passwordSignIn(url: string, clientId: string, username: (n: number) => string, load: Load, password = PASSWORD) {
  const wire = new Wire(url, load.connections);
  try {
    return await drive(
      async (n) => {
        const result = await wire.call<{ AuthenticationResult?: { AccessToken?: string } }>('InitiateAuth', {
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username(n), PASSWORD: password },
        });
        if (!result.AuthenticationResult?.AccessToken) throw new Error('no tokens after USER_PASSWORD_AUTH');
      },
      load.seconds,
      load.connections,
    );
  } finally {
    wire.close();
  }
}
