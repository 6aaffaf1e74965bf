// The HTML of managed login: small, accessible pages that request nothing from anyone else. The one
// script, the passkey sign-in, is allowed by its hash alone.
import { createHash } from 'node:crypto';
import type { PageLook } from '../managedLogin/look.js';
import { textsOf, type Language } from './texts.js';
const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Signing in with a passkey: the page asks itself (POST, step=passkey) for the request options of a
 * USER_AUTH WEB_AUTHN sign-in, has the browser make the assertion, and submits it as the answer to
 * the WEB_AUTHN challenge, as the app's own code would with RespondToAuthChallenge. Where the browser
 * can, the page also asks at once (step=passkey-autofill) for options naming no user and leaves the
 * request pending (conditional mediation), so that the browser offers its passkeys among the username
 * field's suggestions; the button aborts that request first, as a browser runs one at a time. The
 * autofill's Session lives as long as its options' timeout, so a page left open asks for fresh ones
 * shortly before then: a passkey picked later still signs in.
 */
const PASSKEY_SCRIPT = `const passkeyForm = document.getElementById('passkey-form');
const passkeyAlert = document.getElementById('passkey-error');
const askOptions = async (fields) => {
  const started = await fetch(location.href, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...fields, _csrf: passkeyForm.elements._csrf.value }) });
  const answer = await started.json();
  if (!started.ok) throw new Error(answer.message);
  return answer;
};
const sendAssertion = (step, session, username, credential) => {
  passkeyForm.elements.step.value = step;
  passkeyForm.elements.session.value = session;
  passkeyForm.elements.username.value = username;
  passkeyForm.elements.answer.value = JSON.stringify(credential.toJSON());
  passkeyForm.submit();
};
const showPasskeyError = (error) => {
  passkeyAlert.textContent = error.name === 'NotAllowedError' ? passkeyAlert.dataset.cancelled : error.message;
  passkeyAlert.hidden = false;
};
let autofill;
let renewal;
let buttonUsed = false;
document.getElementById('passkey').addEventListener('click', async () => {
  buttonUsed = true;
  clearTimeout(renewal);
  autofill?.abort();
  passkeyAlert.hidden = true;
  try {
    const answer = await askOptions({ step: 'passkey', username: document.getElementById('username').value });
    const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(answer.options) });
    sendAssertion('challenge', answer.session, answer.username, credential);
  } catch (error) {
    showPasskeyError(error);
  }
});
const autofillFailed = (error) => {
  if (error.name !== 'AbortError') showPasskeyError(error);
};
const offerPasskeys = async () => {
  const answer = await askOptions({ step: 'passkey-autofill' });
  if (buttonUsed) return;
  const controller = (autofill = new AbortController());
  renewal = setTimeout(() => {
    controller.abort();
    offerPasskeys().catch(autofillFailed);
  }, Math.max(answer.options.timeout - 15000, 15000));
  const credential = await navigator.credentials.get({ mediation: 'conditional', signal: controller.signal, publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(answer.options) });
  clearTimeout(renewal);
  sendAssertion('passkey-autofill-answer', answer.session, '', credential);
};
(async () => {
  if (await window.PublicKeyCredential?.isConditionalMediationAvailable?.()) await offerPasskeys();
})().catch(autofillFailed);`;

/**
 * Adding a passkey for the user signed in on the browser: the page asks itself for the creation
 * options, has the browser create the credential, sends it back, and goes on where the server says.
 */
const ADD_PASSKEY_SCRIPT = `document.getElementById('add-passkey').addEventListener('click', async (event) => {
  const alert = document.getElementById('passkey-error');
  alert.hidden = true;
  const action = event.currentTarget.dataset.action;
  const post = (fields) => fetch(action, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...fields, _csrf: document.querySelector('input[name=_csrf]').value }) });
  try {
    const started = await post({ step: 'options' });
    const answer = await started.json();
    if (!started.ok) throw new Error(answer.message);
    const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(answer.options) });
    const done = await post({ step: 'complete', credential: JSON.stringify(credential.toJSON()) });
    const result = await done.json();
    if (!done.ok) throw new Error(result.message);
    location.assign(result.next);
  } catch (error) {
    alert.textContent = error.name === 'NotAllowedError' ? alert.dataset.cancelled : error.message;
    alert.hidden = false;
  }
});`;

const scriptHash = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
const SCRIPT_HASH = `${scriptHash(PASSKEY_SCRIPT)} ${scriptHash(ADD_PASSKEY_SCRIPT)}`;

/** The headers of every page: never cached, never framed, nothing loaded from elsewhere, no script but the passkey one. */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${SCRIPT_HASH}; connect-src 'self'; frame-ancestors 'none'`,
  'Referrer-Policy': 'no-referrer',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#16191f}
main{max-width:22rem;margin:8vh auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #8d99a8;border-radius:4px;font:inherit}
button{margin-top:1.2rem;width:100%;padding:.6rem;border:0;border-radius:4px;background:#0a57c2;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.error{color:#a4161a;background:#fdeaea;padding:.5rem .7rem;border-radius:4px}.muted{color:#5f6b7a;font-size:.9rem}
.provider{display:block;margin-top:.8rem;padding:.55rem;border:1px solid #8d99a8;border-radius:4px;text-align:center;color:#16191f;text-decoration:none;font-weight:600}
.notice{color:#0b5a2a;background:#e6f4ea;padding:.5rem .7rem;border-radius:4px}.links{margin-top:1rem;font-size:.9rem}
fieldset{border:0;padding:0;margin:.8rem 0}fieldset label{display:block;font-weight:400}fieldset input{width:auto;margin-right:.4rem}.secret{font-size:1.05rem;word-break:break-all}`;

/**
 * A page in the client's look: its logo above, its colors, the classic UI's CSS after the page's own
 * (the elements carry the classic *-customizable classes it styles), its terms below.
 */
function page(lang: Language, title: string, body: string, look: PageLook = { terms: [] }): string {
  const colors = [
    look.background ? `body{background:${look.background}}` : '',
    look.primaryColor ? `button{background:${look.primaryColor}}` : '',
  ].join('');
  // A stylesheet cannot end the style element it is in.
  const css = (look.css ?? '').replaceAll('</', '<\\/');
  const logo = look.logo ? `<div class="banner-customizable"><img class="logo-customizable" src="${escape(look.logo)}" alt=""></div>` : '';
  const terms = look.terms.length
    ? `<p class="muted legal">${look.terms.map((t) => `<a href="${escape(t.url)}" rel="noopener">${escape(t.label)}</a>`).join(' · ')}</p>`
    : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}${colors}</style>${css ? `<style>${css}</style>` : ''}</head><body><main class="background-customizable">${logo}${body}${terms}</main></body></html>`;
}

const errorBox = (message: string | undefined) => (message ? `<p class="error" role="alert">${escape(message)}</p>` : '');
const noticeBox = (notice: string | undefined) => (notice ? `<p class="notice" role="status">${escape(notice)}</p>` : '');

/**
 * Where a page's forms post, the token that proves they were posted from the page (login CSRF), and
 * the language of the page (which `action`'s query carries on).
 */
export interface FormTarget {
  action: string;
  csrf: string;
  lang: Language;
}

const csrfField = (target: FormTarget) => `<input type="hidden" name="_csrf" value="${escape(target.csrf)}">`;

export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email';
  autocomplete: string;
  value?: string;
  required?: boolean;
}

const hidden = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');

function field(f: Field, first: boolean): string {
  return `<label for="${f.name}" class="label-customizable">${escape(f.label)}</label><input id="${f.name}" name="${f.name}" type="${f.type ?? 'text'}" class="inputField-customizable" autocomplete="${f.autocomplete}"${f.required === false ? '' : ' required'}${f.value ? ` value="${escape(f.value)}"` : ''}${first ? ' autofocus' : ''}>`;
}

/** A form of `fields` with the hidden `values`, posting to `target`. */
const form = (target: FormTarget, values: Record<string, string>, fields: Field[], submit: string, id = '') =>
  `<form method="post" action="${escape(target.action)}"${id ? ` id="${id}"` : ''}>${csrfField(target)}${hidden(values)}
${fields.map((f, i) => field(f, i === 0)).join('\n')}
<button type="submit" class="submitButton-customizable">${escape(submit)}</button></form>`;

/** Links to the other pages of the flow (sign up, reset the password, sign in). */
const links = (items: { href: string; label: string }[]) =>
  items.length ? `<p class="links">${items.map((l) => `<a href="${escape(l.href)}">${escape(l.label)}</a>`).join(' · ')}</p>` : '';

export interface PageOptions {
  message?: string;
  notice?: string;
  links?: { href: string; label: string }[];
}

/**
 * The sign-in form, posting back to the login path with the authorization request's parameters;
 * with `passkeys`, a button that signs in with a passkey instead of the password.
 */
export function loginPage(
  target: FormTarget,
  clientName: string,
  look: PageLook,
  options: PageOptions & { username?: string; passkeys?: boolean; password?: boolean; providers?: { href: string; name: string }[] } = {},
): string {
  const t = textsOf(target.lang);
  const passkey = options.passkeys
    ? `<button type="button" id="passkey">${escape(t.signInWithPasskey)}</button><p class="error" role="alert" id="passkey-error" data-cancelled="${escape(t.passkeySignInCancelled)}" hidden></p>
<form method="post" action="${escape(target.action)}" id="passkey-form">${csrfField(target)}${hidden({ step: 'challenge', challenge: 'WEB_AUTHN' })}
<input type="hidden" name="session"><input type="hidden" name="username"><input type="hidden" name="answer"></form><script>${PASSKEY_SCRIPT}</script>`
    : '';
  const fields: Field[] = [
    // "webauthn" lets the browser put its passkeys among the suggestions, for the pending autofill request.
    { name: 'username', label: t.username, autocomplete: options.passkeys ? 'username webauthn' : 'username', value: options.username },
    { name: 'password', label: t.password, type: 'password', autocomplete: 'current-password' },
  ];
  const providers = (options.providers ?? []).map((p) => `<a class="provider idpButton-customizable" href="${escape(p.href)}">${escape(t.continueWith(p.name))}</a>`).join('');
  return page(
    target.lang,
    t.signIn,
    `<h1>${escape(t.signIn)}</h1><p class="muted">${escape(t.toApp(clientName))}</p>${noticeBox(options.notice)}${errorBox(options.message)}
${providers}${options.password === false ? '' : form(target, { step: 'password' }, fields, t.signIn)}${passkey}${links(options.links ?? [])}`,
    look,
  );
}

export interface ChallengeField {
  label: string;
  /** The ChallengeResponses member the answer goes in. */
  member: string;
  type: 'password' | 'text';
  autocomplete: string;
}

export interface ChallengeStep {
  challengeName: string;
  field: ChallengeField;
  session: string;
  username: string;
  hint: string;
  /** The answers to choose among (SELECT_MFA_TYPE), instead of a field. */
  choices?: { value: string; label: string }[];
  /** A new authenticator app's key, shown to be entered in the app (MFA_SETUP). */
  secret?: string;
}

/** The form of a step after the password (a code, a new password, a choice, setting up an authenticator app). */
export function challengePage(target: FormTarget, look: PageLook, step: ChallengeStep, message?: string): string {
  const { challengeName, field: answer, session, username, hint, choices, secret } = step;
  const t = textsOf(target.lang);
  const values: Record<string, string> = secret !== undefined ? { step: 'totp-setup', session, username, secret } : { step: 'challenge', challenge: challengeName, session, username };
  const key = secret === undefined ? '' : `<p>${escape(t.addKeyToApp)}</p><p><code class="secret">${escape(secret.replace(/(.{4})/g, '$1 ').trim())}</code></p>`;
  const body = choices
    ? `<form method="post" action="${escape(target.action)}">${csrfField(target)}${hidden(values)}
<fieldset><legend class="label-customizable">${escape(answer.label)}</legend>${choices
        .map((c, i) => `<label><input type="radio" name="answer" value="${escape(c.value)}"${i === 0 ? ' checked' : ''}> ${escape(c.label)}</label>`)
        .join('')}</fieldset>
<button type="submit" class="submitButton-customizable">${escape(t.continue)}</button></form>`
    : form(target, values, [{ name: 'answer', label: answer.label, type: answer.type, autocomplete: answer.autocomplete }], t.continue);
  return page(target.lang, t.signIn, `<h1>${escape(t.signIn)}</h1><p class="muted">${escape(hint)}</p>${errorBox(message)}${key}
${body}`, look);
}

/** One of the account pages (sign up, confirm, forgot and reset the password): a heading, a hint and a form. */
export function accountPage(
  target: FormTarget,
  look: PageLook,
  content: { title: string; hint: string; values?: Record<string, string>; fields: Field[]; submit: string },
  options: PageOptions = {},
): string {
  return page(
    target.lang,
    content.title,
    `<h1>${escape(content.title)}</h1><p class="muted">${escape(content.hint)}</p>${noticeBox(options.notice)}${errorBox(options.message)}
${form(target, content.values ?? {}, content.fields, content.submit)}${links(options.links ?? [])}`,
    look,
  );
}

/**
 * Adding a passkey (after a password sign-in, or at /passkeys/add): the button posts to `target`;
 * `skip` continues without one.
 */
export function addPasskeyPage(target: FormTarget, look: PageLook, skip: string, message?: string): string {
  const t = textsOf(target.lang);
  return page(
    target.lang,
    t.addPasskey,
    `<h1>${escape(t.addPasskey)}</h1><p class="muted">${escape(t.addPasskeyHint)}</p>${errorBox(message)}
${csrfField(target)}<button type="button" id="add-passkey" data-action="${escape(target.action)}" class="submitButton-customizable">${escape(t.addPasskey)}</button>
<p class="error" role="alert" id="passkey-error" data-cancelled="${escape(t.addPasskeyCancelled)}" hidden></p><p class="links"><a href="${escape(skip)}">${escape(t.notNow)}</a></p><script>${ADD_PASSKEY_SCRIPT}</script>`,
    look,
  );
}

/** What the browser sees when a request cannot go on and names no app to send it back to; the description stays in English, as OAuth's do. */
export function errorPage(error: string, description: string, lang: Language = 'en'): string {
  const t = textsOf(lang);
  return page(lang, t.errorTitle, `<h1>${escape(t.errorHeading)}</h1><p class="error" role="alert">${escape(description)}</p><p class="muted">${escape(error)}</p>`);
}
