import { randomInt } from 'node:crypto';
import type { Clock, RandomSource } from '../application/ports';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const systemClock: Clock = { now: () => new Date() };

/** Unbiased, from the OS's secure generator: 62^11 ≈ 5e19 end-to-end id suffixes per minute per bank. */
export const cryptoRandom: RandomSource = {
  alphanumerics: (length) => Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
};
