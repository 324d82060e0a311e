// Slows down password guessing: after a few failures for a username (or overall), each further try
// must wait twice as long as the last, up to five minutes. Kept in memory: it only has to outpace a
// person at the keyboard or a script against the loopback port, not survive a restart.
import { AppError } from '../api/errors.ts';

const FREE_FAILURES = 3;
const GLOBAL_FREE_FAILURES = 10;
const MAX_DELAY_MS = 5 * 60_000;

interface Counter {
  failures: number;
  until: number;
}

export interface LoginThrottle {
  /** Throws RATE_LIMITED while `who` must wait. */
  check(who: string): void;
  failure(who: string): void;
  success(who: string): void;
}

export function createLoginThrottle(now: () => number = Date.now): LoginThrottle {
  const perUser = new Map<string, Counter>();
  const global: Counter = { failures: 0, until: 0 };

  function delay(failures: number, free: number): number {
    return failures < free ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - free));
  }

  return {
    check(who) {
      const key = who.toLowerCase();
      const until = Math.max(perUser.get(key)?.until ?? 0, global.until);
      const wait = until - now();
      if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(wait / 1000) });
    },
    failure(who) {
      const key = who.toLowerCase();
      const counter = perUser.get(key) ?? { failures: 0, until: 0 };
      counter.failures++;
      counter.until = now() + delay(counter.failures, FREE_FAILURES);
      perUser.set(key, counter);
      global.failures++;
      global.until = now() + delay(global.failures, GLOBAL_FREE_FAILURES);
    },
    success(who) {
      perUser.delete(who.toLowerCase());
      global.failures = 0;
      global.until = 0;
    },
  };
}
