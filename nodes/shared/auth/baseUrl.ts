import { markFailure } from '../api/signicatFailure';
import { isPrivateHost } from './privateHost';

/** A Base URL that cannot be used; its message names the field and what to enter. */
export class BaseUrlError extends Error {
	constructor(message: string) {
		super(message);
		markFailure(this, 'configuration-invalid');
	}
}

/**
 * The Signicat API base URL as the user typed it, made into one canonical form:
 * `https://api.signicat.com`, a custom domain, or a local emulator such as `http://localhost:8080`.
 */
export function normalizeBaseUrl(raw: unknown): string {
	const typed = typeof raw === 'string' ? raw.trim() : '';
	if (typed === '') {
		throw new BaseUrlError('Base URL is empty: enter https://api.signicat.com or your Signicat domain');
	}
	// A bare host ("api.signicat.com") means HTTPS; any other scheme is a typo we should not guess at.
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`;
	if (!URL.canParse(withScheme)) throw new BaseUrlError(`Base URL "${typed}" is not a valid URL`);
	const url = new URL(withScheme);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new BaseUrlError(`Base URL "${typed}" must start with https://`);
	}
	if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
		throw new BaseUrlError(
			`Base URL "${typed}" must not contain a query, a fragment or a user name: enter only the scheme, host and optional path`,
		);
	}
	// The token request carries the client secret: in clear text only to this machine or a private network.
	if (url.protocol === 'http:' && !isPrivateHost(url.hostname)) {
		throw new BaseUrlError(
			`Base URL "${typed}" must start with https://: http:// would send the client secret unencrypted to a public host (http:// is accepted only for this machine or a private network, e.g. localhost, 10.x, 172.16–31.x, 192.168.x or a container name)`,
		);
	}
	// Users paste the full token or REST URL from Signicat's docs; keep only the base.
	const path = url.pathname.replace(/\/+$/, '').replace(/\/auth\/(rest|open\/connect\/token)(\/.*)?$/i, '');
	return `${url.protocol}//${url.host}${path}`;
}

export const GRANT_ENDPOINT_PATH = '/auth/open/connect/token';
export const tokenUrl = (baseUrl: string): string => `${baseUrl}${GRANT_ENDPOINT_PATH}`;
export const restUrl = (baseUrl: string): string => `${baseUrl}/auth/rest`;
