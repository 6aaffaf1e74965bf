// Every challenge keypool can be answered with, keyed by ChallengeName.
import type { Challenge } from '../types.js';

export const challenges: Readonly<Record<string, Challenge>> = {};
