// The patient attacker of the code-guessing tests: for 24 simulated hours, asks for a fresh code
// whenever the current one is spent or stale (waiting a minute whenever no more codes are sent), and
// answers it with a wrong guess at every moment the lockout could allow one: 1 ms before each
// documented lock ends (which must be refused unseen) and as it ends.
import assert from 'node:assert/strict';
import type { ManualClock } from '../../../src/clock.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface PatientAttack {
  clock: ManualClock;
  /** How many guesses were compared with the current code (the store's count on it). */
  compared(): Promise<number>;
  /** Asks for a fresh code (and whatever the guesses need with it); rejects with LimitExceededException when none is sent. */
  requestCode(): Promise<void>;
  /** Whether the code, or what the guesses need with it, has run out besides being spent (a Session's or code's lifetime). */
  stale(lastCodeAt: number): boolean;
  /** One wrong guess at the current code: resolves to its refusal (see `refusal`). */
  guessWrong(): Promise<string>;
  /** What a compared guess, and a guess refused unseen, are answered. */
  answers: { compared: string; unseen: string };
}

/** How a refused request is compared: its error's name and message. */
export const refusal = (error: Error): string => `${error.name}: ${error.message}`;

/** Runs the attack for a day; how many guesses were compared, and how many requests it took. */
export async function guessForADay(attack: PatientAttack): Promise<{ compared: number; requests: number }> {
  const { clock } = attack;
  const end = clock.now() + DAY;
  // The attacker's oracle: how many guesses were compared with codes already replaced, and with the current one.
  let comparedBefore = 0;
  const comparedSoFar = async () => comparedBefore + (await attack.compared());
  let lastCodeAt: number | undefined;
  let evaluated = 0;
  let lastEvaluatedAt = 0;
  let requests = 0;

  while (clock.now() < end) {
    // Five wrong guesses spend a code.
    if (lastCodeAt === undefined || attack.stale(lastCodeAt) || (await attack.compared()) >= 5) {
      for (;;) {
        const spent = await attack.compared();
        requests++;
        try {
          await attack.requestCode();
          comparedBefore += spent;
          lastCodeAt = clock.now();
          break;
        } catch (error) {
          if ((error as Error).name !== 'LimitExceededException') throw error;
          clock.advance(MINUTE);
        }
      }
    }
    const before = await comparedSoFar();
    requests++;
    const refusal = await attack.guessWrong();
    if ((await comparedSoFar()) > before) {
      assert.equal(refusal, attack.answers.compared);
      evaluated++;
      lastEvaluatedAt = clock.now();
      continue;
    }
    assert.equal(refusal, attack.answers.unseen);
    const unlockAt = lastEvaluatedAt + Math.min(2 ** (evaluated - 5) * SECOND, HOUR);
    const now = clock.now();
    clock.set(now < unlockAt - 1 ? unlockAt - 1 : Math.max(unlockAt, now + (now >= unlockAt ? SECOND : 1)));
  }
  const compared = await comparedSoFar();
  assert.equal(compared, evaluated, 'every compared guess was seen as one');
  return { compared, requests };
}
