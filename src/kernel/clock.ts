// The clock port: domain code takes `now` from here (or as a value), never from `new Date()` itself,
// so tests and `guimi simulate` can drive time.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
