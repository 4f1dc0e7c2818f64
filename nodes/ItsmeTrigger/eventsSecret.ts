import { createHash, timingSafeEqual } from 'crypto';

/** The query parameter, or header, that carries the shared secret of the Events subscription. */
export const EVENTS_SECRET_PARAM = 'secret';
export const EVENTS_SECRET_HEADER = 'x-signicat-events-secret';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares in constant time; hashing first gives both sides the same length whatever was sent. */
export function secretMatches(given: unknown, expected: string): boolean {
	if (typeof given !== 'string') return false;
	return timingSafeEqual(digest(given), digest(expected));
}
