import { DEFAULT_CLIENT } from '../emulator/server';
import type { SignicatEmulator } from '../emulator/server';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** Calls to the emulator's token endpoint and REST API over real HTTP, as a plain client would make them. */
export function emulatorApi(emulator: SignicatEmulator) {
	async function tokenFor(clientId = DEFAULT_CLIENT.clientId, clientSecret = DEFAULT_CLIENT.clientSecret): Promise<string> {
		const response = await fetch(`${emulator.url}/auth/open/connect/token`, {
			method: 'POST',
			headers: { authorization: basic(clientId, clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=client_credentials&scope=signicat-api',
		});
		return ((await response.json()) as { access_token: string }).access_token;
	}

	async function api(method: string, path: string, body?: unknown, token?: string) {
		const response = await fetch(`${emulator.url}/auth/rest${path}`, {
			method,
			headers: { authorization: `Bearer ${token ?? (await tokenFor())}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
	}

	/** Submits the itsme page's form as the person's browser does, without following a redirect. */
	const submitPage = (authenticationUrl: string, form: string) =>
		fetch(authenticationUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form,
			redirect: 'manual',
		});

	return { basic, tokenFor, api, submitPage };
}
