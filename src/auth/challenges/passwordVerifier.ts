// PASSWORD_VERIFIER: the client's SRP password claim. Its state travels in SECRET_BLOCK rather than
// a Session, since USER_SRP_AUTH clients (pycognito, warrant) never send one back.
import { answerPasswordVerifier } from '../srp.js';
import type { Challenge } from '../types.js';

export const passwordVerifierChallenge: Challenge = { needsSession: false, answer: answerPasswordVerifier };
