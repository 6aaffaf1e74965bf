// The passkey playground: sign in with a password, register a passkey, sign in with it, all through
// keypool's public Cognito API as an app would, showing every request and response.
import { cognito, operator, query, type Exchange, type PoolDetail, type PoolSummary } from './api.js';
import { errorBox, h, replace } from './dom.js';
import { createPasskey, getPasskey } from './webauthn.js';

const enc = encodeURIComponent;
const HIDDEN = new Set(['PASSWORD', 'Password']);
const ABBREVIATED = new Set(['AccessToken', 'IdToken', 'RefreshToken', 'Session']);

/** What the log shows: passwords hidden, tokens cut short. */
function forDisplay(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      HIDDEN.has(key) ? '••••••' : ABBREVIATED.has(key) && typeof v === 'string' ? `${v.slice(0, 24)}…` : v,
    ),
  );
}

export async function playgroundPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const { pools } = await operator<{ pools: PoolSummary[] }>('pools');
  const poolSelect = h('select', { id: 'pg-pool' }, ...pools.map((p) => h('option', { value: p.id }, `${p.name} (${p.id})`))) as HTMLSelectElement;
  const clientSelect = h('select', { id: 'pg-client' }) as HTMLSelectElement;
  const username = h('input', { id: 'pg-username', value: params.get('username') ?? '', autocomplete: 'username' }) as HTMLInputElement;
  const password = h('input', { id: 'pg-password', type: 'password', autocomplete: 'current-password' }) as HTMLInputElement;
  const hint = h('div');
  const status = h('div', { id: 'pg-status' });
  const log = h('div', { class: 'steps', id: 'pg-log' });
  let detail: PoolDetail | undefined;
  let accessToken: string | undefined;

  const show = (exchange: Exchange) => {
    const failed = exchange.status >= 400;
    log.prepend(
      h(
        'div',
        { class: 'exchange', 'data-operation': exchange.operation, 'data-status': exchange.status },
        h('h3', {}, `${exchange.operation} → ${failed ? String(exchange.response.__type) : 'ok'} (HTTP ${exchange.status})`),
        h('div', { class: 'muted' }, 'Request'),
        h('pre', {}, JSON.stringify(forDisplay(exchange.request), null, 2)),
        h('div', { class: 'muted' }, 'Response'),
        h('pre', {}, JSON.stringify(forDisplay(exchange.response), null, 2)),
      ),
    );
    return exchange;
  };
  const call = async (operation: string, request: unknown) => {
    const exchange = show(await cognito(operation, request));
    if (exchange.status >= 400) throw new Error(`${operation}: ${String(exchange.response.__type)}: ${String(exchange.response.message)}`);
    return exchange.response;
  };
  const report = (kind: 'ok' | 'error', text: string) => replace(status, h('div', { class: kind }, text));
  const run = (work: () => Promise<string>) => async () => {
    replace(status, h('div', { class: 'muted' }, 'Working…'));
    try {
      report('ok', await work());
    } catch (error) {
      report('error', error instanceof Error ? error.message : String(error));
    }
  };

  const client = () => detail?.clients.find((c) => c.clientId === clientSelect.value);
  const secretHash = async (): Promise<Record<string, string>> => {
    if (!client()?.hasSecret) return {};
    const { secretHash } = await operator<{ secretHash: string }>(
      `pools/${enc(poolSelect.value)}/clients/${enc(clientSelect.value)}/secret-hash${query({ username: username.value })}`,
    );
    return { SECRET_HASH: secretHash };
  };

  const signInWithPassword = run(async () => {
    const flows = client()?.explicitAuthFlows ?? [];
    const parameters = { USERNAME: username.value, PASSWORD: password.value, ...(await secretHash()) };
    const request = flows.includes('ALLOW_USER_PASSWORD_AUTH')
      ? { ClientId: clientSelect.value, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: parameters }
      : { ClientId: clientSelect.value, AuthFlow: 'USER_AUTH', AuthParameters: { ...parameters, PREFERRED_CHALLENGE: 'PASSWORD' } };
    const answer = (await call('InitiateAuth', request)) as { AuthenticationResult?: { AccessToken?: string }; ChallengeName?: string };
    if (!answer.AuthenticationResult?.AccessToken) throw new Error(`Sign-in asks for ${answer.ChallengeName ?? 'more'}; the playground needs a user who signs in with the password alone.`);
    accessToken = answer.AuthenticationResult.AccessToken;
    return `Signed in as ${username.value} with the password.`;
  });

  const registerPasskey = run(async () => {
    if (!accessToken) throw new Error('Sign in with the password first: registration needs an access token.');
    const started = (await call('StartWebAuthnRegistration', { AccessToken: accessToken })) as { CredentialCreationOptions: Record<string, unknown> };
    const credential = await createPasskey(started.CredentialCreationOptions);
    await call('CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: credential });
    return 'Passkey registered.';
  });

  const signInWithPasskey = run(async () => {
    const hash = await secretHash();
    let answer = (await call('InitiateAuth', {
      ClientId: clientSelect.value,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: username.value, PREFERRED_CHALLENGE: 'WEB_AUTHN', ...hash },
    })) as { ChallengeName?: string; Session?: string; ChallengeParameters?: Record<string, string>; AuthenticationResult?: unknown };
    if (answer.ChallengeName === 'SELECT_CHALLENGE') {
      answer = (await call('RespondToAuthChallenge', {
        ClientId: clientSelect.value,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: answer.Session,
        ChallengeResponses: { USERNAME: username.value, ANSWER: 'WEB_AUTHN', ...hash },
      })) as typeof answer;
    }
    if (answer.ChallengeName !== 'WEB_AUTHN') throw new Error(`Expected the WEB_AUTHN challenge, got ${answer.ChallengeName ?? 'tokens'}.`);
    const options = JSON.parse(answer.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? '{}') as Record<string, unknown>;
    const credential = await getPasskey(options);
    const done = (await call('RespondToAuthChallenge', {
      ClientId: clientSelect.value,
      ChallengeName: 'WEB_AUTHN',
      Session: answer.Session,
      ChallengeResponses: { USERNAME: username.value, CREDENTIAL: JSON.stringify(credential), ...hash },
    })) as { AuthenticationResult?: { AccessToken?: string } };
    if (!done.AuthenticationResult?.AccessToken) throw new Error('The passkey answer gave no tokens.');
    accessToken = done.AuthenticationResult.AccessToken;
    return `Signed in as ${username.value} with the passkey.`;
  });

  const choosePool = async () => {
    accessToken = undefined;
    replace(hint);
    if (!poolSelect.value) return;
    try {
      detail = await operator<PoolDetail>(`pools/${enc(poolSelect.value)}`);
    } catch (error) {
      replace(hint, errorBox(error));
      return;
    }
    replace(clientSelect, ...detail.clients.map((c) => h('option', { value: c.clientId }, `${c.clientName} (${c.clientId})`)));
    const w = detail.webAuthn;
    const problems: string[] = [];
    if (!w.enabled) problems.push('WEB_AUTHN is not among the pool’s AllowedFirstAuthFactors (UpdateUserPool Policies.SignInPolicy).');
    if (!w.consoleOriginAllowed) {
      problems.push(
        `Passkeys made on this page belong to ${location.hostname}, but the pool’s relying party id is ${w.rpId ?? 'not set'}. ` +
          `Set WebAuthnConfiguration.RelyingPartyId to localhost (SetUserPoolMfaConfig) and open the console at http://localhost:${location.port}/console/.`,
      );
    }
    if (problems.length) replace(hint, h('div', { class: 'hint', id: 'pg-hint' }, ...problems.map((p) => h('p', {}, p))));
  };
  poolSelect.addEventListener('change', () => void choosePool());
  if (params.get('poolId')) poolSelect.value = params.get('poolId')!;

  replace(
    main,
    h('h1', {}, 'Passkey playground'),
    h(
      'p',
      { class: 'muted' },
      'Register a passkey and sign in with it from this browser, through keypool’s public API exactly as an app would. Every request and response appears below.',
    ),
    pools.length === 0 ? h('div', { class: 'empty' }, 'Create a pool, an app client and a user first.') : null,
    h(
      'div',
      { class: 'row' },
      h('label', {}, 'Pool', poolSelect),
      h('label', {}, 'App client', clientSelect),
      h('label', {}, 'Username', username),
      h('label', {}, 'Password', password),
    ),
    hint,
    h(
      'div',
      { class: 'row' },
      h('button', { id: 'pg-signin', type: 'button', onclick: () => void signInWithPassword() }, '1. Sign in with password'),
      h('button', { id: 'pg-register', type: 'button', onclick: () => void registerPasskey() }, '2. Register a passkey'),
      h('button', { id: 'pg-passkey-signin', type: 'button', onclick: () => void signInWithPasskey() }, '3. Sign in with the passkey'),
    ),
    status,
    log,
  );
  await choosePool();
}
