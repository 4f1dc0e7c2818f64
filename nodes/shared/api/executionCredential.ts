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

/**
 * How long webhook calls of one workflow share a read of its credential. n8n gives every webhook
 * call a new context, and getCredentials there queries the database, decrypts, and takes an
 * expression isolate of its own (a V8 isolate created for it once n8n's pool is spent): the whole
 * cost, twice over, of a call that n8n's own Webhook node answers without either. Short, so that a
 * credential changed in n8n holds for every call a second later.
 */
export const WEBHOOK_CREDENTIAL_MS = 1000;
interface SharedRead {
	until: number;
	credential: Promise<ExecutionCredential>;
	/** Once read: a token request that failed with it sends the next call back to n8n (the credential may be corrected). */
	read?: ExecutionCredential;
}
const credentialOfWebhooks = new Map<string, SharedRead>();

/** Whether n8n runs this context for a production webhook call (a test URL reads afresh, so editor changes show at once). */
const isProductionWebhook = (context: CredentialContext): context is IWebhookFunctions => 'getRequestObject' in context && context.getMode() !== 'manual';

async function readCredential(context: CredentialContext): Promise<ExecutionCredential> {
	const reference = context.getNode().credentials?.signicatApi;
	const latest = await context.getCredentials('signicatApi');
	return { id: reference?.id ?? '', name: reference?.name ?? '', latest };
}

/**
 * The credential of a production webhook call, shared by the workflow's calls for
 * WEBHOOK_CREDENTIAL_MS (per workflow, so that n8n still decides which workflows may use it).
 * A failed read is not shared.
 */
async function webhookCredential(context: IWebhookFunctions, now = Date.now()): Promise<ExecutionCredential> {
	const key = JSON.stringify([context.getWorkflow().id, context.getNode().credentials?.signicatApi?.id]);
	const shared = credentialOfWebhooks.get(key);
	if (shared && shared.until > now && !shared.read?.tokenFailure) return await shared.credential;
	for (const [old, entry] of credentialOfWebhooks) if (entry.until <= now) credentialOfWebhooks.delete(old);
	const entry: SharedRead = { until: now + WEBHOOK_CREDENTIAL_MS, credential: readCredential(context) };
	credentialOfWebhooks.set(key, entry);
	entry.credential.then(
		(read) => (entry.read = read),
		() => credentialOfWebhooks.get(key) === entry && credentialOfWebhooks.delete(key),
	);
	return await entry.credential;
}

/** Every shared read dropped, as when n8n starts: for tests that change a stored credential between calls. */
export function forgetWebhookCredentials(): void {
	credentialOfWebhooks.clear();
}

export async function executionCredential(context: CredentialContext): Promise<ExecutionCredential> {
	let credential = credentialOfExecution.get(context);
	if (!credential) {
		credential = isProductionWebhook(context) ? webhookCredential(context) : readCredential(context);
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
