import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { credentialSecret, executionCredential, forgetWebhookCredentials, WEBHOOK_CREDENTIAL_MS } from '../../nodes/shared/api/executionCredential';

/** What n8n's database holds for the credential; each getCredentials reads it afresh, as n8n does. */
let stored: ICredentialDataDecryptedObject;
let reads: number;
let failNextRead: boolean;

/** A new context per call, as n8n makes one for every webhook call. */
function webhookCall(workflowId = 'wf-1', mode = 'webhook', credentialId = 'cred-1'): IWebhookFunctions {
	return {
		getRequestObject: () => ({}),
		getMode: () => mode,
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ credentials: { signicatApi: { id: credentialId, name: 'Signicat API' } } }),
		getCredentials: async () => {
			reads++;
			if (failNextRead) {
				failNextRead = false;
				throw new Error('database not ready');
			}
			return { ...stored };
		},
	} as unknown as IWebhookFunctions;
}

describe("the webhook calls' shared read of the credential", () => {
	let now: number;
	beforeEach(() => {
		forgetWebhookCredentials();
		stored = { eventsSecret: 'first' };
		reads = 0;
		failNextRead = false;
		now = 1_000_000;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
	});
	afterEach(() => jest.restoreAllMocks());

	it('serves the calls of one workflow within a second with one read, and reads again after it', async () => {
		expect(await credentialSecret(webhookCall(), 'eventsSecret')).toBe('first');
		stored = { eventsSecret: 'changed' };
		now += WEBHOOK_CREDENTIAL_MS - 1;
		expect(await credentialSecret(webhookCall(), 'eventsSecret')).toBe('first');
		expect(reads).toBe(1);
		now += 1;
		expect(await credentialSecret(webhookCall(), 'eventsSecret')).toBe('changed');
		expect(reads).toBe(2);
	});

	it('reads once for calls arriving together', async () => {
		const secrets = await Promise.all(Array.from({ length: 50 }, async () => await credentialSecret(webhookCall(), 'eventsSecret')));
		expect(new Set(secrets)).toEqual(new Set(['first']));
		expect(reads).toBe(1);
	});

	it("keeps each workflow's read its own, so n8n still decides which workflows may use the credential", async () => {
		await credentialSecret(webhookCall('wf-1'), 'eventsSecret');
		await credentialSecret(webhookCall('wf-2'), 'eventsSecret');
		await credentialSecret(webhookCall('wf-1', 'webhook', 'cred-2'), 'eventsSecret');
		expect(reads).toBe(3);
	});

	it('reads afresh for every call of a test URL, so a change made in the editor shows at once', async () => {
		await credentialSecret(webhookCall('wf-1', 'manual'), 'eventsSecret');
		await credentialSecret(webhookCall('wf-1', 'manual'), 'eventsSecret');
		expect(reads).toBe(2);
	});

	it('does not share a read that failed', async () => {
		failNextRead = true;
		await expect(credentialSecret(webhookCall(), 'eventsSecret')).rejects.toThrow('database not ready');
		expect(await credentialSecret(webhookCall(), 'eventsSecret')).toBe('first');
		expect(reads).toBe(2);
	});

	it('reads again once a token request failed with the shared credential (it may have been corrected)', async () => {
		(await executionCredential(webhookCall())).tokenFailure = new Error('Signicat rejected the client credentials');
		stored = { eventsSecret: 'corrected' };
		expect(await credentialSecret(webhookCall(), 'eventsSecret')).toBe('corrected');
		expect(reads).toBe(2);
	});

	it('reads once per execution outside webhook calls, as before', async () => {
		const execution = { ...webhookCall(), getRequestObject: undefined };
		delete execution.getRequestObject;
		await credentialSecret(execution as never, 'eventsSecret');
		await credentialSecret(execution as never, 'eventsSecret');
		await credentialSecret({ ...execution } as never, 'eventsSecret');
		expect(reads).toBe(2);
	});
});
