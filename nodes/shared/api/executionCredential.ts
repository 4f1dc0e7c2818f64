import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { normalizeBaseUrl } from '../auth/baseUrl';
import { linkKeyOf } from '../callbacks/linkToken';

/** What reads the credential: an execution, a webhook call, or n8n activating a trigger. */
type CredentialContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions;

/**
 * The credential, read once per execution. n8n reads a credential from its database and decrypts
 * it on every getCredentials call, and httpRequestWithAuthentication would do that again for every
 * request; handing it the decrypted credential saves both on each of a thousand items. `latest`
 * carries the newest token a request succeeded with, so later requests need no preAuthentication.
 */
export interface ExecutionCredential {
	id: string;
	name: string;
	latest: ICredentialDataDecryptedObject;
	/** Set when the token request failed: the execution's other items fail with it instead of asking again. */
	tokenFailure?: unknown;
}
const credentialOfExecution = new WeakMap<CredentialContext, Promise<ExecutionCredential>>();

export async function executionCredential(context: CredentialContext): Promise<ExecutionCredential> {
	let credential = credentialOfExecution.get(context);
	if (!credential) {
		const reference = context.getNode().credentials?.signicatApi;
		credential = context.getCredentials('signicatApi').then((latest) => ({ id: reference?.id ?? '', name: reference?.name ?? '', latest }));
		credentialOfExecution.set(context, credential);
	}
	return await credential;
}

/** The Account ID the credential names (organisation-level API clients), or '' for an account-level client. */
export async function credentialAccountId(context: CredentialContext): Promise<string> {
	return String((await executionCredential(context)).latest.accountId ?? '').trim();
}

/**
 * A secret kept in the credential, where n8n stores it encrypted, never in workflow JSON: the
 * Events Secret of the itsme Trigger or the national number's Hash Key. '' when not set.
 */
export async function credentialSecret(context: CredentialContext, field: 'eventsSecret' | 'hashSecretKey'): Promise<string> {
	return String((await executionCredential(context)).latest[field] ?? '');
}

/** The key of the callback links' tokens (see callbacks/linkToken), derived from the client secret. */
export async function credentialLinkKey(context: CredentialContext): Promise<Buffer> {
	return linkKeyOf(String((await executionCredential(context)).latest.clientSecret ?? ''));
}

/** Which API client (and account) the execution's credential speaks as: session ids are only unique there. */
export async function credentialClientKey(context: CredentialContext): Promise<string> {
	const { latest } = await executionCredential(context);
	return JSON.stringify([normalizeBaseUrl(latest.baseUrl), String(latest.clientId ?? '').trim(), String(latest.accountId ?? '').trim()]);
}

/** The normalized Base URL of the execution's credential (read once per execution, see above). */
export async function credentialBaseUrl(context: CredentialContext): Promise<string> {
	return normalizeBaseUrl((await executionCredential(context)).latest.baseUrl);
}
