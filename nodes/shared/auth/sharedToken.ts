import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { markedFailureOf } from '../api/signicatFailure';
import { normalizeBaseUrl } from './baseUrl';
import type { AccessToken, ClientCredentials } from './requestAccessToken';

/**
 * One token per API client for the whole n8n process.
 *
 * n8n calls a credential's preAuthentication once per request that finds no token or gets a 401.
 * Many concurrent requests would each fetch a token; here they share one request, and a request
 * that reports an already-replaced token gets the replacement instead of fetching yet another.
 * Client credentials Signicat rejected are not offered again for a short while: a wrong secret over
 * many items, executions or webhook calls costs one token request, not one per item.
 * Before a request is sent, tokenToSend renews a token that is about to expire, as Signicat advises,
 * so that no request meets the 401 that would make n8n renew it.
 */
interface Entry {
	token?: string;
	expiresAt?: number;
	pending?: Promise<string>;
	rejected?: { error: unknown; until: number };
}

const entries = new Map<string, Entry>();
/**
 * Renew a little before Signicat's expiry so a token never dies between our check and its use: 30 s,
 * or a tenth of a shorter lifetime (an API client's token may live from 1 to 3600 s).
 */
const EXPIRY_MARGIN_MS = 30_000;
const usableForMs = (expiresInSeconds: number): number => expiresInSeconds * 1000 - Math.min(EXPIRY_MARGIN_MS, expiresInSeconds * 100);
/**
 * How long a rejection of these exact credentials is answered from memory. The key holds the secret,
 * so a corrected secret is tried at once; only a fix made at Signicat (e.g. a re-enabled API client)
 * waits this long. Unreachable or failing answers are not remembered: the next call tries again.
 */
export const REJECTED_CREDENTIALS_MEMORY_MS = 10_000;

/** The API client a credential speaks as. */
export const clientOf = (credentials: ICredentialDataDecryptedObject): ClientCredentials => ({
	baseUrl: normalizeBaseUrl(credentials.baseUrl),
	clientId: String(credentials.clientId ?? '').trim(),
	clientSecret: String(credentials.clientSecret ?? ''),
});

/** The entry's token while it is usable (not within the margin of its expiry), else undefined. */
const usableToken = (entry: Entry, now: number): string | undefined =>
	entry.token !== undefined && entry.expiresAt !== undefined && entry.expiresAt > now ? entry.token : undefined;

const keyOf = (client: ClientCredentials): string =>
	createHash('sha256').update(JSON.stringify([client.baseUrl, client.clientId, client.clientSecret])).digest('hex');

export async function sharedToken(
	client: ClientCredentials,
	staleToken: string,
	fetchToken: () => Promise<AccessToken>,
	now: () => number = Date.now,
): Promise<string> {
	const key = keyOf(client);
	const entry = entries.get(key) ?? {};
	entries.set(key, entry);
	if (entry.pending) return await entry.pending;
	if (entry.rejected && entry.rejected.until > now()) throw entry.rejected.error;
	const usable = usableToken(entry, now());
	if (usable !== undefined && usable !== staleToken) return usable;

	entry.pending = fetchToken()
		.then((token) => {
			entry.token = token.value;
			entry.expiresAt = now() + usableForMs(token.expiresInSeconds);
			entry.rejected = undefined;
			return token.value;
		})
		.catch((error: unknown) => {
			if (markedFailureOf(error) === 'credentials-rejected') entry.rejected = { error, until: now() + REJECTED_CREDENTIALS_MEMORY_MS };
			throw error;
		})
		.finally(() => {
			entry.pending = undefined;
		});
	return await entry.pending;
}

/**
 * The token a request should carry instead of `token` (the one n8n stored): this process's newest
 * while it is usable; '' once it is about to expire, so that n8n's preAuthentication renews it (one
 * token request for all, see sharedToken) instead of Signicat answering 401 first; the renewed one
 * while a renewal is under way. `token` itself when this process has none yet (n8n just started).
 * Synchronous unless a renewal is under way: the request that finds the token expiring reaches
 * preAuthentication, which starts the renewal, before another request asks here.
 */
export function tokenToSend(client: ClientCredentials, token: string, now: () => number = Date.now): string | Promise<string> {
	const entry = entries.get(keyOf(client));
	if (entry?.pending) return entry.pending.catch(() => token);
	if (entry?.token === undefined) return token;
	return usableToken(entry, now()) ?? '';
}
