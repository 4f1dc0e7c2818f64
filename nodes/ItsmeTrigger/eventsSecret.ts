import { createHash, timingSafeEqual } from 'crypto';

/**
 * The header, or query parameter, that carries the shared secret of the Events subscription. The
 * header is preferred where the subscription can send one: a query string lands in the access logs
 * of proxies and load balancers. The query form stays for Signicat's Dashboard.
 */
export const EVENTS_SECRET_HEADER = 'x-signicat-events-secret';
export const EVENTS_SECRET_PARAM = 'secret';

/**
 * A secret shorter than this could be guessed by whoever keeps trying: Events stay off for it
 * (`openssl rand -base64 32` gives 44 characters of 256 random bits).
 */
export const EVENTS_SECRET_MIN_LENGTH = 32;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares in constant time; hashing first gives both sides the same length whatever was sent. */
export function secretMatches(given: unknown, expected: string): boolean {
	if (typeof given !== 'string') return false;
	return timingSafeEqual(digest(given), digest(expected));
}
