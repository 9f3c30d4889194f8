/** The one source of "now", so expiry logic is testable with fake timers and reads one way. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
