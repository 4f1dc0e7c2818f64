import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { GRANT_ENDPOINT_PATH, tokenUrl } from '../nodes/shared/auth/baseUrl';
import { basicAuthorization, requestAccessToken } from '../nodes/shared/auth/requestAccessToken';
import { clientOf, sharedToken } from '../nodes/shared/auth/sharedToken';

export class SignicatApi implements ICredentialType {
	name = 'signicatApi';

	displayName = 'Signicat API';

	icon: Icon = { light: 'file:signicat.svg', dark: 'file:signicat.dark.svg' };

	documentationUrl = 'https://developer.signicat.com/docs/accessing-api-products/';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'sandbox-round-apple-123',
			description: 'The Client ID of an API client made in the Signicat Dashboard (Settings > API clients)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.signicat.com',
			required: true,
			description:
				"Signicat's API address. Change it only for a custom Signicat domain or the bundled Signicat emulator (e.g. http://localhost:8990). http:// is accepted only for this machine or a private network (it would carry the client secret unencrypted); a public host needs https://.",
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			placeholder: 'a-spge-UL9Y3JklVdUW3XXNn7vR',
			description:
				'Only for organisation-level API clients: the account whose sessions these requests manage. Leave empty for an account-level API client.',
		},
		{
			displayName: 'Events Secret',
			name: 'eventsSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the itsme Trigger\'s Events URL: a long random value you also append to that URL in the Signicat Dashboard (Settings → Events). Empty: the Events URL refuses every delivery.',
		},
		{
			displayName: 'National Number Hash Key',
			name: 'hashSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the "Keyed SHA-256 Hash" national number option: the HMAC key, at least 16 characters. Keep it the same (also when you replace this credential) so the same person keeps the same hash; whoever has it can reverse a hash in seconds.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	// n8n calls this when the stored token is empty, and once more when Signicat answers 401.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const client = clientOf(credentials);
		const accessToken = await sharedToken(client, String(credentials.accessToken ?? ''), async () =>
			requestAccessToken(this.helpers, client),
		);
		return { accessToken };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (requestOptions.url.endsWith(GRANT_ENDPOINT_PATH)) {
			// The credential test asks for a token: that request authenticates with the client secret.
			const client = clientOf(credentials);
			return {
				...requestOptions,
				url: tokenUrl(client.baseUrl),
				headers: { ...requestOptions.headers, authorization: basicAuthorization(client.clientId, client.clientSecret) },
			};
		}
		const accountId = String(credentials.accountId ?? '').trim();
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken)}` },
			// Organisation-level API clients name the account on every request, as Signicat's SDKs do.
			qs: accountId ? { ...requestOptions.qs, 'signicat-accountId': accountId } : requestOptions.qs,
		};
	}

	// Proves the Client ID, Client Secret and Base URL together by asking for a token.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			// authenticate() turns this into the canonical token URL with the client's Basic auth.
			url: `={{$credentials.baseUrl}}${GRANT_ENDPOINT_PATH}`,
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: 'grant_type=client_credentials&scope=signicat-api',
		},
		rules: [
			{ type: 'responseCode', properties: { value: 400, message: 'Signicat rejected the client credentials' } },
			{ type: 'responseCode', properties: { value: 401, message: 'Signicat rejected the client credentials' } },
		],
	};
}
