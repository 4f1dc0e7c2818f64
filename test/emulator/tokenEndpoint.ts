import type { IncomingMessage, ServerResponse } from 'node:http';

import { readBody, sendJson } from './http';
import type { ApiClient, TokenStore } from './tokens';

/** Signicat's OAuth2 token endpoint: client credentials only, `client_secret_basic` or `client_secret_post`. */
export async function handleTokenRequest(req: IncomingMessage, res: ServerResponse, tokens: TokenStore) {
	const oauthError = (status: number, error: string, description: string) =>
		sendJson(res, status, { error, error_description: description }, { 'cache-control': 'no-store' });

	if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
		return oauthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
	}
	const form = new URLSearchParams(await readBody(req));

	const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
	const postedId = form.get('client_id');
	if (basic && postedId !== null) {
		return oauthError(400, 'invalid_request', 'use one client authentication method, not two');
	}
	let clientId: string | null = postedId;
	let clientSecret: string | null = form.get('client_secret');
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return oauthError(400, 'invalid_client', 'malformed Basic credentials');
		clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
		clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
	}
	const client: ApiClient | undefined =
		clientId && clientSecret !== null ? tokens.authenticateClient(clientId, clientSecret) : undefined;
	if (!client) return oauthError(400, 'invalid_client', 'unknown client or wrong secret');

	const grantType = form.get('grant_type');
	if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is missing');
	if (grantType !== 'client_credentials') {
		return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
	}
	const scope = form.get('scope');
	if (scope !== null && scope.split(' ').some((s) => s !== 'signicat-api')) {
		return oauthError(400, 'invalid_scope', 'the only scope is signicat-api');
	}
	return sendJson(res, 200, tokens.issue(client), { 'cache-control': 'no-store', pragma: 'no-cache' });
}
