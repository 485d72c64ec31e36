// An injectable clock: expiry, lockouts and reset links are tested by moving it, never by sleeping.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move. KEYFRONT_CLOCK_OFFSET_SECONDS gives a running server the same seam. */
export class OffsetClock implements Clock {
  constructor(public offsetSeconds = 0) {}
  now(): Date {
    return new Date(Date.now() + this.offsetSeconds * 1000);
  }
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Magento's wire and storage format for datetimes: 'YYYY-MM-DD HH:MM:SS' in UTC. */
export function formatDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function parseDateTime(value: string): Date {
  return new Date(`${value.replace(' ', 'T')}Z`);
}
