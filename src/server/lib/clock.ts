/** Injected wherever time decides an outcome (expiry, lockout) so tests can move it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
