// SELECT_CHALLENGE (USER_AUTH): the client names the first factor it chose.
import type { Challenge } from '../types.js';
import { answerChoice } from '../userAuth/choice.js';

export const selectChallenge: Challenge = { needsSession: true, answer: answerChoice };
