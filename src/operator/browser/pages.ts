// The console's read pages: pools, one pool (settings, passkeys, clients, identity providers, groups, users), one user
// with their groups and passkeys, the outbox, and the auth events.
import {
  operator,
  query,
  type AuthEvent,
  type DeviceView,
  type MfaView,
  type GroupView,
  type OutboxMessage,
  type PasskeyView,
  type PoolDetail,
  type PoolSummary,
  type UserView,
} from './api.js';
import { badge, errorBox, fields, h, replace, table, when } from './dom.js';

const enc = encodeURIComponent;
const poolLink = (id: string) => h('a', { href: `#/pools/${enc(id)}` }, id);
const userLink = (poolId: string, username: string) => h('a', { href: `#/pools/${enc(poolId)}/users/${enc(username)}` }, username);

export async function poolsPage(main: HTMLElement): Promise<void> {
  const { pools } = await operator<{ pools: PoolSummary[] }>('pools');
  replace(
    main,
    h('h1', {}, 'User pools'),
    h('p', { class: 'muted' }, `${pools.length} pool${pools.length === 1 ? '' : 's'} in this keypool.`),
    table(
      ['Pool id', 'Name', 'Tier', 'Users', 'Passkeys', 'Threat protection', 'Created'],
      pools.map((p) =>
        h(
          'tr',
          {},
          h('td', { class: 'mono' }, poolLink(p.id)),
          h('td', {}, p.name),
          h('td', {}, p.tier),
          h('td', {}, p.users),
          h('td', {}, p.passkeys ? badge('on', 'Pass') : badge('off')),
          h('td', {}, p.threatProtection),
          h('td', {}, when(p.createdAt)),
        ),
      ),
      'No pools yet. Create one with CreateUserPool.',
    ),
  );
}

export async function poolPage(main: HTMLElement, poolId: string): Promise<void> {
  const [detail, groups] = await Promise.all([
    operator<PoolDetail>(`pools/${enc(poolId)}`),
    operator<{ groups: GroupView[]; next?: string }>(`pools/${enc(poolId)}/groups`),
  ]);
  const { summary, webAuthn } = detail;
  const usersBox = h('div');
  replace(
    main,
    h('div', { class: 'crumbs' }, h('a', { href: '#/pools' }, 'Pools'), ' / ', poolId),
    h('h1', {}, summary.name),
    h('p', { class: 'muted mono' }, summary.id),
    h(
      'div',
      { class: 'card' },
      fields([
        ['Tier', summary.tier],
        ['Users', String(summary.users)],
        ['Threat protection', summary.threatProtection],
        ['First sign-in factors', (detail.signInPolicy.AllowedFirstAuthFactors ?? []).join(', ') || '—'],
        ['Username attributes', ((detail.pool.UsernameAttributes as string[] | undefined) ?? []).join(', ') || '—'],
        ['Alias attributes', ((detail.pool.AliasAttributes as string[] | undefined) ?? []).join(', ') || '—'],
        ['MFA', String(detail.pool.MfaConfiguration ?? 'OFF')],
        ['Domains', detail.domains.map((d) => `${d.domain}${d.custom ? ' (custom)' : ' (prefix)'}`).join(', ') || '—'],
        ['Created', when(summary.createdAt)],
      ]),
    ),
    h('h2', {}, 'Passkeys (WebAuthn)'),
    h(
      'div',
      { class: 'card' },
      fields([
        ['Passkey sign-in', webAuthn.enabled ? badge('enabled', 'Pass') : badge('not enabled')],
        ['Relying party id', webAuthn.rpId ?? 'none: set WebAuthnConfiguration.RelyingPartyId or add a domain'],
        ['User verification', webAuthn.userVerification],
        ['Factor configuration', webAuthn.factorConfiguration],
        ['Console origin allowed', webAuthn.consoleOriginAllowed ? 'yes' : `no (${webAuthn.consoleOrigin})`],
      ]),
    ),
    h('h2', {}, 'App clients'),
    table(
      ['Client id', 'Name', 'Auth flows', 'Secret', 'User existence errors'],
      detail.clients.map((c) =>
        h(
          'tr',
          {},
          h('td', { class: 'mono' }, c.clientId),
          h('td', {}, c.clientName),
          h('td', {}, c.explicitAuthFlows.join(', ') || '—'),
          h('td', {}, c.hasSecret ? 'yes' : 'no'),
          h('td', {}, c.preventUserExistenceErrors),
        ),
      ),
      'No app clients yet.',
    ),
    h('h2', {}, 'Identity providers'),
    table(
      ['Provider', 'Type', 'Identifiers', 'Mapped attributes', 'Created'],
      detail.identityProviders.providers.map((p) =>
        h(
          'tr',
          { 'data-provider': p.providerName },
          h('td', {}, p.providerName),
          h('td', {}, p.providerType),
          h('td', {}, p.idpIdentifiers.join(', ') || '—'),
          h('td', {}, p.mappedAttributes.join(', ') || '—'),
          h('td', {}, when(p.createdAt)),
        ),
      ),
      'No identity providers yet. Add one with CreateIdentityProvider.',
    ),
    detail.identityProviders.more
      ? h('p', { class: 'muted' }, `The first ${detail.identityProviders.providers.length} providers by name; ListIdentityProviders pages through them all.`)
      : null,
    h('h2', {}, 'Groups'),
    groupsTable(groups.groups, true),
    groups.next ? h('p', { class: 'muted' }, `The first ${groups.groups.length} groups by name; ListGroups pages through them all.`) : null,
    h('h2', {}, 'Users'),
    usersBox,
  );
  await usersSection(usersBox, poolId);
}

/** Groups by name; with `counts`, each with its members (counted up to a cap). */
function groupsTable(groups: GroupView[], counts: boolean): HTMLElement {
  const headings = ['Group', 'Description', 'Precedence', 'Role', ...(counts ? ['Members'] : []), 'Created'];
  return table(
    headings,
    groups.map((g) =>
      h(
        'tr',
        { 'data-group': g.groupName },
        h('td', {}, g.groupName),
        h('td', {}, g.description || '—'),
        h('td', {}, g.precedence ?? '—'),
        h('td', { class: 'mono' }, g.roleArn ?? '—'),
        counts ? h('td', {}, `${g.members ?? 0}${g.membersCapped ? '+' : ''}`) : null,
        h('td', {}, when(g.createdAt)),
      ),
    ),
    counts ? 'No groups yet. Create one with CreateGroup.' : 'Not in any group.',
  );
}

async function usersSection(box: HTMLElement, poolId: string): Promise<void> {
  const prefix = h('input', { name: 'prefix', placeholder: 'username, email, phone or sub' }) as HTMLInputElement;
  const status = h(
    'select',
    { name: 'status' },
    ...['', 'CONFIRMED', 'UNCONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED'].map((s) => h('option', { value: s }, s || 'any')),
  ) as HTMLSelectElement;
  const results = h('div');
  const search = async () => {
    try {
      const { users } = await operator<{ users: UserView[] }>(
        `pools/${enc(poolId)}/users${query({ prefix: prefix.value.trim(), status: status.value })}`,
      );
      replace(
        results,
        table(
          ['Username', 'Status', 'Enabled', 'Email', 'Created'],
          users.map((u) =>
            h(
              'tr',
              {},
              h('td', {}, userLink(poolId, u.username)),
              h('td', {}, u.status),
              h('td', {}, u.enabled ? 'yes' : 'no'),
              h('td', {}, u.attributes.email ?? '—'),
              h('td', {}, when(u.createdAt)),
            ),
          ),
          'No users match.',
        ),
      );
    } catch (error) {
      replace(results, errorBox(error));
    }
  };
  const form = h(
    'form',
    { class: 'filters', onsubmit: (event: Event) => (event.preventDefault(), void search()) },
    h('label', {}, 'Starts with', prefix),
    h('label', {}, 'Status', status),
    h('button', { type: 'submit' }, 'Search'),
  );
  replace(box, form, results);
  await search();
}

export async function userPage(main: HTMLElement, poolId: string, username: string): Promise<void> {
  const { user, passkeys, groups, devices, mfa } = await operator<{
    user: UserView;
    passkeys: PasskeyView[];
    groups: GroupView[];
    devices: DeviceView[];
    mfa: MfaView;
  }>(
    `pools/${enc(poolId)}/users/${enc(username)}`,
  );
  const remove = async (passkey: PasskeyView) => {
    if (!window.confirm(`Delete the passkey "${passkey.friendlyName}" of ${username}?`)) return;
    try {
      await operator(`pools/${enc(poolId)}/users/${enc(username)}/passkeys/${enc(passkey.credentialId)}`, { method: 'DELETE' });
      await userPage(main, poolId, username);
    } catch (error) {
      main.prepend(errorBox(error));
    }
  };
  replace(
    main,
    h('div', { class: 'crumbs' }, h('a', { href: '#/pools' }, 'Pools'), ' / ', poolLink(poolId), ' / ', username),
    h('h1', {}, username),
    h('div', { class: 'card' }, fields([['Status', user.status], ['Enabled', user.enabled ? 'yes' : 'no'], ['sub', user.sub], ['Created', when(user.createdAt)], ['Updated', when(user.updatedAt)]])),
    h('h2', {}, 'Attributes'),
    h('div', { class: 'card' }, fields(Object.entries(user.attributes).map(([name, value]) => [name, value]))),
    h('h2', {}, 'MFA'),
    h(
      'div',
      { class: 'card', 'data-section': 'mfa' },
      fields([
        ['Turned on', mfa.enabled.length ? mfa.enabled.join(', ') : 'none'],
        ['Preferred', mfa.preferred ?? '—'],
        ['Passkey MFA', mfa.passkeyMfa ? 'on' : 'off'],
        ['Authenticator app', mfa.authenticator ? `${mfa.authenticator.name ?? 'unnamed'}, verified ${when(mfa.authenticator.verifiedAt ?? 0)}` : 'none'],
      ]),
    ),
    h('h2', {}, `Groups (${groups.length})`),
    groupsTable(groups, false),
    h('h2', {}, `Devices (${devices.length})`),
    table(
      ['Device key', 'Name', 'Status', 'Last IP', 'Created', 'Last authenticated'],
      devices.map((d) =>
        h(
          'tr',
          { 'data-device-key': d.deviceKey },
          h('td', { class: 'mono' }, d.deviceKey),
          h('td', {}, d.name ?? '—'),
          h('td', {}, d.status),
          h('td', { class: 'mono' }, d.lastIpUsed ?? '—'),
          h('td', {}, when(d.createdAt)),
          h('td', {}, when(d.lastAuthenticatedAt)),
        ),
      ),
      'No devices. A pool with a DeviceConfiguration hands out device keys at sign-in; ConfirmDevice stores one.',
    ),
    h('h2', {}, `Passkeys (${passkeys.length})`),
    table(
      ['Name', 'AAGUID', 'Attachment', 'Transports', 'Backup', 'Sign count', 'Created', 'Last used', ''],
      passkeys.map((p) =>
        h(
          'tr',
          { 'data-credential-id': p.credentialId },
          h('td', {}, p.friendlyName, h('div', { class: 'muted mono' }, `${p.credentialId.slice(0, 16)}…`)),
          h('td', { class: 'mono' }, p.aaguid),
          h('td', {}, p.attachment ?? '—'),
          h('td', {}, p.transports.join(', ') || '—'),
          h('td', {}, p.backupEligible ? (p.backedUp ? 'eligible, backed up' : 'eligible, not backed up') : 'not eligible'),
          h('td', {}, p.signCount),
          h('td', {}, when(p.createdAt)),
          h('td', {}, when(p.lastUsedAt)),
          h('td', {}, h('button', { class: 'danger', type: 'button', onclick: () => void remove(p) }, 'Delete')),
        ),
      ),
      'No passkeys registered.',
    ),
    h('h2', {}, 'Recent auth events'),
    h('p', {}, h('a', { href: `#/events${query({ poolId, username })}` }, `All auth events of ${username} →`)),
  );
}

export async function outboxPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const { messages } = await operator<{ messages: OutboxMessage[] }>(`outbox${query({ poolId: params.get('poolId') ?? undefined })}`);
  replace(
    main,
    h('h1', {}, 'Outbox'),
    h('p', { class: 'muted' }, 'Email and SMS messages keypool would have sent, newest first.'),
    table(
      ['Sent', 'Pool', 'User', 'Channel', 'To', 'Purpose', 'Code', 'Message'],
      messages.map((m) =>
        h(
          'tr',
          {},
          h('td', {}, when(m.createdAt)),
          h('td', { class: 'mono' }, poolLink(m.poolId)),
          h('td', {}, userLink(m.poolId, m.username)),
          h('td', {}, m.channel),
          h('td', {}, m.destination),
          h('td', {}, m.purpose),
          h('td', { class: 'mono' }, m.code ?? '—'),
          h('td', {}, m.subject ? h('strong', {}, m.subject, ' ') : null, m.message),
        ),
      ),
      'The outbox is empty.',
    ),
  );
}

const OUTCOMES = ['', 'Pass', 'Fail', 'InProgress'];
const TYPES = ['', 'SignIn', 'SignUp', 'ForgotPassword', 'PasswordChange', 'ResendCode', 'PasskeyRegistration', 'PasskeyDeletion'];

export async function eventsPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const filter = {
    poolId: params.get('poolId') ?? '',
    username: params.get('username') ?? '',
    outcome: params.get('outcome') ?? '',
    type: params.get('type') ?? '',
  };
  const { events } = await operator<{ events: AuthEvent[] }>(`events${query({ ...filter, limit: '200' })}`);
  const input = (name: keyof typeof filter, placeholder: string) => h('input', { name, value: filter[name], placeholder });
  const select = (name: keyof typeof filter, options: string[]) =>
    h('select', { name }, ...options.map((o) => h('option', { value: o, selected: o === filter[name] }, o || 'any')));
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        const next: Record<string, string> = {};
        for (const [name, value] of data) next[name] = String(value).trim();
        location.hash = `#/events${query(next)}`;
      },
    },
    h('label', {}, 'Pool', input('poolId', 'us-east-1_…')),
    h('label', {}, 'User', input('username', 'username')),
    h('label', {}, 'Outcome', select('outcome', OUTCOMES)),
    h('label', {}, 'Type', select('type', TYPES)),
    h('button', { type: 'submit' }, 'Filter'),
  );
  const rows: HTMLElement[] = [];
  for (const e of events) {
    const detail = h('tr', { class: 'detail', hidden: true }, h('td', { colspan: 7 }, eventDetail(e)));
    const summary = h(
      'tr',
      {
        class: 'expandable',
        'data-event-id': e.id,
        title: 'Show details',
        onclick: () => {
          detail.hidden = !detail.hidden;
        },
      },
      h('td', {}, when(e.createdAt)),
      h('td', {}, e.eventType),
      h('td', {}, badge(e.outcome, e.outcome), ' ', e.risk && e.risk.decision !== 'NoRisk' ? badge(e.risk.decision, 'Fail') : null),
      h('td', {}, e.username ?? '—'),
      h('td', {}, [e.flow ?? e.operation, e.challenge].filter(Boolean).join(' → ') + (e.triggers?.length ? ` · ${e.triggers.length} trigger${e.triggers.length > 1 ? 's' : ''}` : '')),
      h('td', {}, e.outcome === 'Fail' ? h('span', { class: 'reason' }, e.errorType ?? '') : (e.nextChallenge ?? '')),
      h('td', { class: 'mono' }, e.poolId),
    );
    rows.push(summary, detail);
  }
  replace(
    main,
    h('h1', {}, 'Auth events'),
    h('p', { class: 'muted' }, 'Every registration and sign-in attempt, newest first. Click an event for the precise reason.'),
    form,
    table(['When', 'Type', 'Outcome', 'User', 'Flow / challenge', 'Error or next challenge', 'Pool'], rows, 'No events match.'),
  );
}

/** Threat protection's assessment, in pools that have it on. */
function riskText(e: AuthEvent): string {
  if (!e.risk) return '—';
  const { decision, level, compromised } = e.risk;
  return [decision, level ? `${level} risk` : 'not scored', compromised ? 'compromised credentials' : ''].filter(Boolean).join(' · ');
}

function eventDetail(e: AuthEvent): HTMLElement {
  return h(
    'div',
    {},
    e.outcome === 'Fail' ? h('p', { class: 'reason' }, `Why: ${e.reason ?? e.errorType ?? 'unknown'}`) : null,
    fields([
      ['Operation', e.operation],
      ['Error type', e.errorType ?? '—'],
      ['Client', e.clientId ?? '—'],
      ['Flow', e.flow ?? '—'],
      ['Challenge answered', e.challenge ?? '—'],
      ['Next challenge', e.nextChallenge ?? '—'],
      ['Triggers', e.triggers?.map((run) => `${run.trigger} (${run.source}): ${run.outcome}, ${run.ms} ms`).join('; ') || '—'],
      ['Risk', riskText(e)],
      ['Feedback', e.feedback ? `${e.feedback.value} (${e.feedback.provider}, ${when(e.feedback.at)})` : '—'],
      ['Source IP', e.sourceIp],
      ['User agent', e.userAgent || '—'],
      ['Event id', e.id],
    ]),
  );
}
