// WEB_AUTHN (USER_AUTH): the passkey assertion answering CREDENTIAL_REQUEST_OPTIONS.
import type { Challenge } from '../types.js';
import { answerWebAuthn } from '../userAuth/webAuthn.js';

export const webAuthnChallenge: Challenge = { needsSession: true, answer: answerWebAuthn };
