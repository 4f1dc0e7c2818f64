import type { IHttpRequestHelper } from 'n8n-workflow';
import { z } from 'zod';

import type { SignicatFailure } from '../api/signicatFailure';
import { markFailure } from '../api/signicatFailure';
import { tokenUrl } from './baseUrl';

export interface ClientCredentials {
	baseUrl: string;
	clientId: string;
	clientSecret: string;
}

export interface AccessToken {
	value: string;
	expiresInSeconds: number;
}

/**
 * A token endpoint that accepts the connection and never answers must not hold the one shared token
 * request (sharedToken) that every request of this API client waits for, in webhooks and item runs.
 */
export const TOKEN_REQUEST_TIMEOUT_MS = 10_000;

/** Why no token was issued, in words that are safe to show: never the client secret. */
const tokenFailure = (failure: SignicatFailure, message: string): Error => markFailure(new Error(message), failure);

const UNREACHABLE_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: `no answer within ${TOKEN_REQUEST_TIMEOUT_MS / 1000} s`,
	ECONNRESET: 'connection reset',
	CERT_HAS_EXPIRED: 'its TLS certificate has expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
};

const tokenResponseSchema = z.object({
	access_token: z.string().min(1),
	expires_in: z.number().positive().optional(),
	token_type: z.string().optional(),
});

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

// RFC 6749 §2.3.1: the client id and secret are form-encoded before they go into Basic auth.
export const basicAuthorization = (clientId: string, clientSecret: string): string =>
	'Basic ' +
	Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');

const asJson = (body: unknown): unknown => {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
};

/** OAuth2 client-credentials grant against Signicat's token endpoint (`client_secret_basic`). */
export async function requestAccessToken(
	http: IHttpRequestHelper['helpers'],
	client: ClientCredentials,
): Promise<AccessToken> {
	const url = tokenUrl(client.baseUrl);
	const response = await http
		.httpRequest({
			method: 'POST',
			url,
			headers: {
				authorization: basicAuthorization(client.clientId, client.clientSecret),
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
			},
			body: 'grant_type=client_credentials&scope=signicat-api',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: TOKEN_REQUEST_TIMEOUT_MS,
		})
		.then(
			(full: { statusCode: number; headers: Record<string, unknown>; body: unknown }) => full,
			(error: { code?: string; cause?: { code?: string } }) => ({ unreachable: error.cause?.code ?? error.code ?? '' }),
		);
	if ('unreachable' in response) {
		// In words: n8n replaces any message holding a raw code such as ECONNREFUSED with its own generic text.
		const reason = UNREACHABLE_REASONS[response.unreachable];
		const code = reason ? ` (${reason})` : '';
		throw tokenFailure('signicat-unreachable', `Could not reach Signicat at ${url}${code}: check the Base URL of the Signicat API credential`);
	}

	const json = asJson(response.body);
	const status = response.statusCode;
	if (json === undefined || typeof json !== 'object' || json === null) {
		const contentType = String(response.headers['content-type'] ?? 'no content type');
		throw tokenFailure(
			status >= 500 ? 'signicat-failing' : 'configuration-invalid',
			`Signicat's token endpoint at ${url} answered HTTP ${status} with ${contentType} instead of JSON: check that the Base URL points to the Signicat API`,
		);
	}

	const oauthError = oauthErrorSchema.safeParse(json);
	if (oauthError.success || status >= 400) {
		const code = oauthError.success ? oauthError.data.error : `HTTP ${status}`;
		if (code === 'invalid_client' || code === 'unauthorized_client' || status === 401) {
			throw tokenFailure(
				'credentials-rejected',
				`Signicat rejected the client credentials (${code}): check the Client ID and Client Secret of your API client in the Signicat Dashboard`,
			);
		}
		const detail = oauthError.success && oauthError.data.error_description ? `: ${oauthError.data.error_description}` : '';
		throw tokenFailure(
			status === 429 || status >= 500 ? 'signicat-failing' : 'request-refused',
			`Signicat's token endpoint at ${url} refused the request (${code}${detail})`,
		);
	}

	const token = tokenResponseSchema.safeParse(json);
	if (!token.success) {
		throw tokenFailure('configuration-invalid', `Signicat's token endpoint at ${url} answered without an access_token`);
	}
	return { value: token.data.access_token, expiresInSeconds: token.data.expires_in ?? 600 };
}
