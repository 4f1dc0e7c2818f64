/**
 * Session ids Signicat answered "not found" for, so that the same unknown id repeated (a refresh
 * loop, a script hammering a webhook) costs Signicat one read per UNKNOWN_SESSION_TTL_MS at most.
 * Per n8n process, bounded: beyond UNKNOWN_SESSIONS_LIMIT ids the oldest are forgotten first.
 */
export const UNKNOWN_SESSION_TTL_MS = 60_000;
export const UNKNOWN_SESSIONS_LIMIT = 10_000;

/** Key (API client + session id) → when it may be read again. A Map keeps insertion order: oldest first. */
const forgetAt = new Map<string, number>();

export function isRecentlyUnknown(key: string, now = Date.now()): boolean {
	const until = forgetAt.get(key);
	if (until === undefined) return false;
	if (until > now) return true;
	forgetAt.delete(key);
	return false;
}

export function rememberUnknown(key: string, now = Date.now(), limit = UNKNOWN_SESSIONS_LIMIT): void {
	forgetAt.delete(key);
	forgetAt.set(key, now + UNKNOWN_SESSION_TTL_MS);
	for (const oldest of forgetAt.keys()) {
		if (forgetAt.size <= limit) break;
		forgetAt.delete(oldest);
	}
}

/** How many ids are remembered (for tests of the bound). */
export const unknownSessionsRemembered = (): number => forgetAt.size;

/** Raised instead of asking Signicat again about an id it did not know a moment ago; reads as a 404. */
export class RecentlyUnknownSessionError extends Error {
	readonly httpCode = '404';

	constructor() {
		super(`Signicat did not know this session a moment ago (asked again after ${UNKNOWN_SESSION_TTL_MS / 1000} s at the earliest)`);
	}
}

/** Raised when Signicat answers with another session than the one asked about; reads as a 404. */
export class OtherSessionError extends Error {
	readonly httpCode = '404';

	constructor() {
		super('Signicat answered with another session than the one asked about');
	}
}
