import type { SignicatSession } from '../shared/api/schemas';
import { linkTokenOf, verifiedNonce } from '../shared/callbacks/linkToken';

/**
 * How many Signicat reads a callback link may cost, decided before anything is read. Anyone can call
 * the trigger's URLs, so a request spends a read only when it carries a token this n8n made (see
 * callbacks/linkToken), and a token serves its own session only:
 * - a verified token that has led to its session is **bound** to it: any other session id with it
 *   is turned away unread;
 * - a verified token that has led to no session of its own (an id Signicat does not know, or a
 *   session that does not carry this token) MAX_MISSES times within a minute is turned away unread
 *   for the rest of that minute.
 * Links without a token this n8n can verify (made before tokens existed, or before the client secret
 * changed, or for sessions made elsewhere) share UNVERIFIED_READS_PER_MINUTE reads per trigger.
 * Per n8n process; at most TOKENS_LIMIT tokens are remembered (the oldest go first).
 */
export const MAX_MISSES = 3;
export const UNVERIFIED_READS_PER_MINUTE = 2;
export const TOKENS_LIMIT = 10_000;

const MINUTE_MS = 60_000;

export type Link = { kind: 'token'; token: string; nonce: string } | { kind: 'unverified' };

interface TokenRecord {
	sessionId?: string;
	/** When its recent misses happened. */
	misses: number[];
}

/** Nonce → what its token has cost. A Map keeps insertion order: the oldest are forgotten first. */
const tokens = new Map<string, TokenRecord>();
/** Trigger → when its recent unverified reads were made. */
const unverifiedReads = new Map<string, number[]>();

/** What the callback's `linkToken` is worth to this trigger, checked in constant time. */
export function linkOf(key: Buffer, token: unknown, trigger: string): Link {
	const nonce = verifiedNonce(key, token, trigger);
	return nonce === undefined ? { kind: 'unverified' } : { kind: 'token', token: token as string, nonce };
}

/** Whether this link may cost a Signicat read for `sessionId` now; an unverified one takes one of its trigger's reads. */
export function mayRead(link: Link, sessionId: string, trigger: string, now = Date.now()): boolean {
	if (link.kind === 'token') {
		const record = tokens.get(link.nonce);
		if (!record) return true;
		if (record.sessionId !== undefined) return record.sessionId === sessionId;
		record.misses = record.misses.filter((at) => at > now - MINUTE_MS);
		return record.misses.length < MAX_MISSES;
	}
	const recent = (unverifiedReads.get(trigger) ?? []).filter((at) => at > now - MINUTE_MS);
	if (recent.length >= UNVERIFIED_READS_PER_MINUTE) return false;
	unverifiedReads.set(trigger, [...recent, now]);
	return true;
}

/** Whether the session carries this very token on its callback URLs (Signicat echoes them). */
export const carriesToken = (session: SignicatSession, token: string): boolean =>
	Object.values(session.callbackUrls ?? {}).some((url) => linkTokenOf(url) === token);

function recordOf(nonce: string): TokenRecord {
	let record = tokens.get(nonce);
	if (!record) {
		record = { misses: [] };
		tokens.set(nonce, record);
		for (const oldest of tokens.keys()) {
			if (tokens.size <= TOKENS_LIMIT) break;
			tokens.delete(oldest);
		}
	}
	return record;
}

/** The read led to the token's own session: from now on it serves that session only. */
export function bindLink(link: Link, sessionId: string): void {
	if (link.kind === 'token') recordOf(link.nonce).sessionId = sessionId;
}

/** The read led to no session of this token. */
export function missLink(link: Link, now = Date.now()): void {
	if (link.kind === 'token') recordOf(link.nonce).misses.push(now);
}
