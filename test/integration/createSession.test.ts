import type { INodeParameters } from 'n8n-workflow';

import { LINK_TOKEN_PARAM, linkKeyOf, verifiedNonce } from '../../nodes/shared/callbacks/linkToken';
import { DEFAULT_CLIENT } from '../emulator/server';
import { contacts, createWorkflow, engineFor, useEmulator } from '../harness/fixtures';
import { runWorkflow } from '../harness/runWorkflow';

const emulator = useEmulator();
const storedSession = (id: unknown) => emulator.sessions.get(String(id))!;

/** A callback URL without its link token (each session gets its own). */
function withoutToken(url: string | undefined): string {
	const parsed = new URL(url ?? '');
	parsed.searchParams.delete(LINK_TOKEN_PARAM);
	return parsed.toString();
}

describe('itsme Session: Create Session', () => {
	it('creates one session per item and returns where to send each person', async () => {
		const execution = await runWorkflow(createWorkflow(), engineFor(emulator), { items: contacts(3) });
		const output = execution.output('Create Session');
		expect(output).toHaveLength(3);
		output.forEach((item, index) => {
			expect(item).toEqual({
				sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				authenticationUrl: expect.stringContaining(`${emulator.url}/broker/sp/external-service/login?`),
				status: 'CREATED',
				expiresAt: expect.any(String),
				externalReference: `contact-${index}`,
				signicat: expect.objectContaining({ id: item.sessionId, allowedProviders: ['itsme'] }),
			});
		});
		expect(execution.items('Create Session').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	/** Create Session in an n8n whose WEBHOOK_URL is https://n8n.example.test/ (what n8n tells the node). */
	const inN8n = (parameters: INodeParameters, baseUrl = 'https://n8n.example.test', count = 1) =>
		runWorkflow(createWorkflow({ callbackMode: 'trigger', ...parameters }), { ...engineFor(emulator), baseUrl }, { items: contacts(count) });
	const TRIGGER = '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f';
	const CALLBACKS_HERE = {
		success: `https://n8n.example.test/webhook/${TRIGGER}/itsme?outcome=success`,
		abort: `https://n8n.example.test/webhook/${TRIGGER}/itsme?outcome=abort`,
		error: `https://n8n.example.test/webhook/${TRIGGER}/itsme?outcome=error`,
	};
	/** The session's callback URLs without their link token (tested on its own below). */
	const callbacksOf = (sessionId: unknown) =>
		Object.fromEntries(Object.entries(storedSession(sessionId as string).request.callbackUrls ?? {}).map(([outcome, url]) => [outcome, withoutToken(url)]));

	it('derives the three callback URLs from one itsme Trigger URL, with one link token per session', async () => {
		const items = (await inN8n({ triggerUrl: `https://n8n.example.test/webhook/${TRIGGER}/itsme` }, undefined, 2)).output('Create Session');
		expect(callbacksOf(items[0].sessionId)).toEqual(CALLBACKS_HERE);
		const [first, second] = items.map((item) => storedSession(item.sessionId as string).request.callbackUrls as Record<string, string>);
		const token = new URL(first.success).searchParams.get(LINK_TOKEN_PARAM) as string;
		expect(new Set(Object.values(first).map((url) => new URL(url).searchParams.get(LINK_TOKEN_PARAM)))).toEqual(new Set([token]));
		// Made with the credential's key for that trigger; another session gets another token.
		const key = linkKeyOf(DEFAULT_CLIENT.clientSecret);
		expect(verifiedNonce(key, token, TRIGGER)).toBeDefined();
		expect(verifiedNonce(key, token, '00000000-0000-0000-0000-000000000000')).toBeUndefined();
		expect(new URL(second.success).searchParams.get(LINK_TOKEN_PARAM)).not.toBe(token);
	});

	it("derives them on this n8n's address from the trigger's path alone, as the examples give it", async () => {
		const [item] = (await inN8n({ triggerUrl: `/webhook/${TRIGGER}/itsme` })).output('Create Session');
		expect(callbacksOf(item.sessionId)).toEqual(CALLBACKS_HERE);
		const [behindProxy] = (await inN8n({ triggerUrl: `/webhook/${TRIGGER}/itsme` }, 'https://example.test/n8n')).output('Create Session');
		expect(callbacksOf(behindProxy.sessionId).success).toBe(`https://example.test/n8n/webhook/${TRIGGER}/itsme?outcome=success`);
	});

	it('refuses a Trigger URL of another n8n before any request, naming the field and what to do', async () => {
		// An example made on a laptop (localhost:5678), imported into this n8n.
		const execution = await inN8n({ triggerUrl: 'http://localhost:5678/webhook/abc/itsme' });
		expect(execution.run.status).toBe('error');
		expect(execution.run.data.resultData.error?.message).toMatch(
			/^Trigger URL of item 0 points at http:\/\/localhost:5678, not at this n8n \(https:\/\/n8n\.example\.test\/\): people would finish verifying there.*only its path \(\/webhook\/abc\/itsme\)/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('takes a Trigger URL of another n8n when the team chose it (Options → Trigger URL of Another Instance)', async () => {
		const [item] = (await inN8n({ triggerUrl: `https://other-n8n.example.test/webhook/${TRIGGER}/itsme`, options: { triggerOfAnotherInstance: true } })).output('Create Session');
		expect(callbacksOf(item.sessionId).success).toBe(`https://other-n8n.example.test/webhook/${TRIGGER}/itsme?outcome=success`);
	});

	it('sends custom callback URLs as typed', async () => {
		const [item] = (await runWorkflow(createWorkflow(), engineFor(emulator), { items: contacts(1) })).output('Create Session');
		expect(storedSession(item.sessionId).request.callbackUrls).toEqual({
			success: 'https://shop.example.test/itsme/success',
			abort: 'https://shop.example.test/itsme/abort',
			error: 'https://shop.example.test/itsme/error',
		});
	});

	it.each([
		['authentication', ['name', 'firstName', 'lastName', 'email']],
		['identification', ['name', 'firstName', 'lastName', 'dateOfBirth', 'nin', 'address', 'gender', 'nationality', 'placeOfBirth', 'phoneNumber', 'email']],
	])('requests the attributes Signicat documents for the %s service', async (service, attributes) => {
		const [item] = (await runWorkflow(createWorkflow({ service }), engineFor(emulator), { items: contacts(1) })).output('Create Session');
		expect(storedSession(item.sessionId).request.requestedAttributes).toEqual(attributes);
	});

	it('sends the options: custom attributes, headless flow, language, lifetime, theme, tags, prefill, other providers', async () => {
		const workflow = createWorkflow({
			service: 'custom',
			attributes: ['firstName', 'email'],
			flow: 'headless',
			options: {
				externalReference: 'crm-7',
				language: 'fr',
				sessionLifetime: 600,
				themeId: 'theme-1',
				tags: 'onboarding, web',
				prefilledPhoneNumber: '+32 470 12 34 56',
				additionalProviders: 'idin',
			},
		});
		const [item] = (await runWorkflow(workflow, engineFor(emulator), { items: contacts(1) })).output('Create Session');
		expect(storedSession(item.sessionId).request).toMatchObject({
			allowedProviders: ['itsme', 'idin'],
			flow: 'headless',
			requestedAttributes: ['firstName', 'email'],
			language: 'fr',
			sessionLifetime: 600,
			themeId: 'theme-1',
			tags: ['onboarding', 'web'],
			externalReference: 'crm-7',
			prefilledInput: { mobile: '+32470123456' },
		});
	});

	it.each(['low', 'substantial', 'high'])("sends the level of assurance %s as Signicat's requestedLoa, and Signicat repeats it", async (requestedLoa) => {
		const [item] = (await runWorkflow(createWorkflow({ options: { requestedLoa } }), engineFor(emulator), { items: contacts(1) })).output('Create Session');
		expect(storedSession(item.sessionId).request.requestedLoa).toBe(requestedLoa);
		expect(item.signicat).toMatchObject({ requestedLoa });
	});

	it('sends no level of assurance unless one is chosen', async () => {
		const [item] = (await runWorkflow(createWorkflow(), engineFor(emulator), { items: contacts(1) })).output('Create Session');
		expect(storedSession(item.sessionId).request).not.toHaveProperty('requestedLoa');
	});

	it('refuses an unknown level of assurance from an expression before any request, naming the field', async () => {
		const execution = await runWorkflow(createWorkflow({ options: { requestedLoa: '={{ "maximum" }}' } }), engineFor(emulator), { items: contacts(1) });
		expect(execution.run.data.resultData.error?.message).toBe('Level of Assurance of item 0 must be one of low, substantial, high');
		expect(emulator.requests).toHaveLength(0);
	});

	describe("the language: the workflow's, else the person's browser's", () => {
		const triggerUrl = 'https://n8n.example.test/webhook/abc/itsme';
		const created = async (options: INodeParameters) => {
			const workflow = createWorkflow({ callbackMode: 'trigger', triggerUrl, options });
			const [item] = (await runWorkflow(workflow, { ...engineFor(emulator), baseUrl: 'https://n8n.example.test' }, { items: contacts(1) })).output('Create Session');
			return storedSession(item.sessionId).request;
		};

		it("takes the best of the browser's languages (a Webhook's Accept-Language header) and puts it on the callback URLs", async () => {
			const request = await created({ acceptLanguage: '={{ "es-ES,es;q=0.9,fr-BE;q=0.8,nl;q=0.7" }}' });
			expect(request.language).toBe('fr');
			expect(withoutToken(request.callbackUrls?.success)).toBe(`${triggerUrl}?outcome=success&language=fr`);
		});

		it('keeps the Language option over the browser', async () => {
			const request = await created({ language: 'nl', acceptLanguage: 'de-DE' });
			expect(request.language).toBe('nl');
			expect(withoutToken(request.callbackUrls?.abort)).toBe(`${triggerUrl}?outcome=abort&language=nl`);
		});

		it('sends English and no language on the callback URLs when neither names one we speak: the pages then follow the browser', async () => {
			const request = await created({ acceptLanguage: 'es-ES, it;q=0.8' });
			expect(request.language).toBe('en');
			expect(withoutToken(request.callbackUrls?.error)).toBe(`${triggerUrl}?outcome=error`);
		});
	});

	it('creates 200 sessions with one token request and one read of the credential', async () => {
		const engine = engineFor(emulator);
		const execution = await runWorkflow(createWorkflow(), engine, { items: contacts(200) });
		expect(execution.output('Create Session')).toHaveLength(200);
		expect(new Set(execution.output('Create Session').map((item) => item.sessionId)).size).toBe(200);
		expect(emulator.tokenRequests).toBe(1);
		expect(engine.credentials.decryptions).toBe(1);
		// The token is stored in the credential, so the next execution needs none.
		await runWorkflow(createWorkflow(), engine, { items: contacts(3) });
		expect(emulator.tokenRequests).toBe(1);
	});

	it('creates all 200 when Signicat fails 20% of the calls with 429 or 503', async () => {
		emulator.faults.failRandomly(0.2, [429, 503], 0, 42);
		const execution = await runWorkflow(createWorkflow({ options: { concurrency: 10 } }), engineFor(emulator), { items: contacts(200) });

		expect(execution.run.status).toBe('success');
		expect(execution.output('Create Session').every((item) => item.status === 'CREATED')).toBe(true);
		const failed = emulator.requests.filter((r) => r.status === 429 || r.status === 503).length;
		expect(failed).toBeGreaterThan(20);
		expect(emulator.sessions.count()).toBe(200);
	});

	it('refreshes the token exactly once when Signicat revokes it mid-run', async () => {
		emulator.revokeTokensAfterCalls = 80;
		const execution = await runWorkflow(createWorkflow({ options: { concurrency: 10 } }), engineFor(emulator), { items: contacts(200) });
		expect(execution.run.status).toBe('success');
		expect(emulator.tokenRequests).toBe(2);
		expect(emulator.sessions.count()).toBe(200);
	});
});
