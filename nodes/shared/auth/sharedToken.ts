import { createHash } from 'crypto';

import type { AccessToken, ClientCredentials } from './requestAccessToken';

/**
 * One token per API client for the whole n8n process.
 *
 * n8n calls a credential's preAuthentication once per request that finds no token or gets a 401.
 * Many concurrent requests would each fetch a token; here they share one request, and a request
 * that reports an already-replaced token gets the replacement instead of fetching yet another.
 */
interface Entry {
	token?: string;
	expiresAt?: number;
	pending?: Promise<string>;
}

const entries = new Map<string, Entry>();
// Renew a little before Signicat's expiry so a token never dies between our check and its use.
const EXPIRY_MARGIN_MS = 30_000;

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
	const fresh = entry.token !== undefined && entry.expiresAt !== undefined && entry.expiresAt > now();
	if (fresh && entry.token !== staleToken) return entry.token as string;

	entry.pending = fetchToken()
		.then((token) => {
			entry.token = token.value;
			entry.expiresAt = now() + token.expiresInSeconds * 1000 - EXPIRY_MARGIN_MS;
			return token.value;
		})
		.finally(() => {
			entry.pending = undefined;
		});
	return await entry.pending;
}
