import { escapeHtml } from '../../nodes/shared/browser/page';
import { LOGIN_TEXTS } from '../emulator/loginTexts';
import { TEST_PERSONS } from '../emulator/persons';
import { DEFAULT_CLIENT } from '../emulator/server';
import { GUIDE_SUBJECT } from '../guideExample';
import { NBID_SUBJECT } from '../nbidExample';
import { emulatorApi } from '../harness/emulatorApi';
import { useEmulator } from '../harness/fixtures';

const emulator = useEmulator({
	organisationClients: [{ clientId: 'org-client', clientSecret: 'org-secret', accountIds: ['a-org-first', 'a-org-second'] }],
});

// The seed guide's request body, verbatim.
const GUIDE_REQUEST = {
	allowedProviders: ['itsme'],
	flow: 'redirect',
	callbackUrls: {
		success: 'https://example.test/get?status=success',
		abort: 'https://example.test/get?status=abort',
		error: 'https://example.test/get?status=error',
	},
	requestedAttributes: ['name', 'firstName', 'lastName', 'dateOfBirth', 'nin'],
};

const { basic, tokenFor, api, submitPage } = emulatorApi(emulator);

describe('Signicat emulator: token endpoint', () => {
	const post = (body: string, headers: Record<string, string> = {}) =>
		fetch(`${emulator.url}/auth/open/connect/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
			body,
		});

	it('issues a bearer token with client_secret_basic', async () => {
		const response = await post('grant_type=client_credentials&scope=signicat-api', {
			authorization: basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ access_token: expect.any(String), expires_in: 600, token_type: 'Bearer' });
	});

	it('issues a bearer token with client_secret_post', async () => {
		const response = await post(
			`grant_type=client_credentials&scope=signicat-api&client_id=${DEFAULT_CLIENT.clientId}&client_secret=${DEFAULT_CLIENT.clientSecret}`,
		);
		expect(response.status).toBe(200);
	});

	it.each([
		['a wrong secret', 'grant_type=client_credentials', basic(DEFAULT_CLIENT.clientId, 'nope'), 'invalid_client'],
		['an unknown client', 'grant_type=client_credentials', basic('who', 'nope'), 'invalid_client'],
		['another grant type', 'grant_type=password', basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret), 'unsupported_grant_type'],
		['no grant type', 'scope=signicat-api', basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret), 'invalid_request'],
		['another scope', 'grant_type=client_credentials&scope=openid', basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret), 'invalid_scope'],
	])('answers an OAuth2 error for %s', async (_what, body, authorization, error) => {
		const response = await post(body, { authorization });
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ error, error_description: expect.any(String) });
	});

	it('gives tokens the configured lifetime, after which the REST API answers 401', async () => {
		const token = await tokenFor();
		expect((await api('POST', '/sessions', GUIDE_REQUEST, token)).status).toBe(201);
		emulator.clock.advance(601);
		const expired = await api('POST', '/sessions', GUIDE_REQUEST, token);
		expect(expired.status).toBe(401);
		expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
	});

	it('answers 401 to a missing or revoked token', async () => {
		const missing = await fetch(`${emulator.url}/auth/rest/sessions`, { method: 'POST' });
		expect(missing.status).toBe(401);
		const token = await tokenFor();
		emulator.tokens.revokeAll();
		expect((await api('POST', '/sessions', GUIDE_REQUEST, token)).status).toBe(401);
	});

	it('revokes its tokens on reset, unless told to keep them', async () => {
		const token = await tokenFor();
		emulator.reset({ keepTokens: true });
		expect((await api('POST', '/sessions', GUIDE_REQUEST, token)).status).toBe(201);
		emulator.reset();
		expect((await api('POST', '/sessions', GUIDE_REQUEST, token)).status).toBe(401);
	});
});

describe('Signicat emulator: sessions', () => {
	it("accepts the guide's request and answers with every field of the guide's response", async () => {
		const { status, body } = await api('POST', '/sessions', GUIDE_REQUEST);
		expect(status).toBe(201);
		const id = body.id as string;
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(body).toEqual({
			id,
			accountId: DEFAULT_CLIENT.accountId,
			authenticationUrl: `${emulator.url}/broker/sp/external-service/login?messageId=${new URL(body.authenticationUrl).searchParams.get('messageId')}&transactionId=${id}`,
			status: 'CREATED',
			callbackUrls: {
				success: `https://example.test/get?status=success&sessionId=${id}`,
				abort: `https://example.test/get?status=abort&sessionId=${id}`,
				error: `https://example.test/get?status=error&sessionId=${id}`,
			},
			allowedProviders: ['itsme'],
			flow: 'redirect',
			requestedAttributes: ['dateOfBirth', 'firstName', 'lastName', 'name', 'nin', 'idpId'],
			sessionLifetime: 1200,
			expiresAt: expect.any(String),
			// Absent optional values are null, as Signicat's .NET serialiser writes them.
			language: null,
			requestedLoa: null,
			externalReference: null,
			themeId: null,
			tags: null,
			prefilledInput: null,
			provider: null,
			subject: null,
			error: null,
			statusDetail: null,
			environment: null,
		});
	});

	it("returns the guide's example person as the subject of a successful session", async () => {
		const created = await api('POST', '/sessions', GUIDE_REQUEST);
		const location = emulator.complete(created.body.id, 'success', 'maxence');
		expect(location).toBe(`https://example.test/get?status=success&sessionId=${created.body.id}`);

		const { status, body } = await api('GET', `/sessions/${created.body.id}`);
		expect(status).toBe(200);
		expect(body).toMatchObject({ status: 'SUCCESS', provider: 'itsme', environment: { ipAddress: expect.any(String) } });
		expect(body.subject).toEqual(GUIDE_SUBJECT);
	});

	it('gives exactly the requested attributes, and no subject for aborted or failed sessions', async () => {
		const emailOnly = await api('POST', '/sessions', { ...GUIDE_REQUEST, requestedAttributes: ['email'] });
		emulator.complete(emailOnly.body.id, 'success', 'lotte');
		expect((await api('GET', `/sessions/${emailOnly.body.id}`)).body.subject).toEqual({
			id: expect.any(String),
			idpId: expect.any(String),
			email: 'lotte.peeters@example.test',
			firstName: null,
			lastName: null,
			dateOfBirth: null,
			nin: null,
		});

		const aborted = await api('POST', '/sessions', GUIDE_REQUEST);
		emulator.complete(aborted.body.id, 'abort');
		const abortedNow = (await api('GET', `/sessions/${aborted.body.id}`)).body;
		expect(abortedNow.status).toBe('ABORT');
		expect(abortedNow.subject).toBeNull();

		const failed = await api('POST', '/sessions', GUIDE_REQUEST);
		emulator.complete(failed.body.id, 'error');
		const failedNow = (await api('GET', `/sessions/${failed.body.id}`)).body;
		expect(failedNow).toMatchObject({
			status: 'ERROR',
			error: { type: expect.any(String), title: expect.any(String), detail: expect.any(String), code: expect.any(String) },
		});
		expect(failedNow.subject).toBeNull();
	});

	it('gives the address as the OIDC claim for a person whose eID does so', async () => {
		const created = await api('POST', '/sessions', { ...GUIDE_REQUEST, requestedAttributes: ['firstName', 'address'] });
		emulator.complete(created.body.id, 'success', 'sofie');
		expect((await api('GET', `/sessions/${created.body.id}`)).body.subject.address).toEqual({
			formatted: 'Kouter 1\n9000 Gent\nBE',
			street_address: 'Kouter 1',
			locality: 'Gent',
			postal_code: '9000',
			region: 'Oost-Vlaanderen',
			country: 'BE',
		});
	});

	it("serves Signicat's Norwegian BankID example person, only in a session that offers nbid", async () => {
		const itsmeOnly = await api('POST', '/sessions', GUIDE_REQUEST);
		expect(() => emulator.complete(itsmeOnly.body.id, 'success', 'kari')).toThrow('does not offer nbid');
		const page = await (await fetch(itsmeOnly.body.authenticationUrl)).text();
		expect(page).toContain('value="maxence"');
		expect(page).not.toContain('value="kari"');
		expect((await submitPage(itsmeOnly.body.authenticationUrl, 'outcome=success&person=kari')).status).toBe(400);

		const created = await api('POST', '/sessions', { ...GUIDE_REQUEST, allowedProviders: ['itsme', 'nbid'], requestedAttributes: ['name', 'firstName', 'lastName', 'dateOfBirth', 'nin', 'email'] });
		expect(await (await fetch(created.body.authenticationUrl)).text()).toContain('value="kari"');
		emulator.complete(created.body.id, 'success', 'kari');
		const { body } = await api('GET', `/sessions/${created.body.id}`);
		expect(body.provider).toBe('nbid');
		// BankID gives no email: requested, it is null.
		expect(body.subject).toEqual({ ...NBID_SUBJECT, email: null });
	});

	it('expires a session that is not finished within its lifetime', async () => {
		const created = await api('POST', '/sessions', { ...GUIDE_REQUEST, sessionLifetime: 600 });
		emulator.clock.advance(601);
		expect((await api('GET', `/sessions/${created.body.id}`)).body.status).toBe('EXPIRED');
	});

	it('cancels an unfinished session once, then refuses', async () => {
		const created = await api('POST', '/sessions', GUIDE_REQUEST);
		const cancelled = await api('POST', `/sessions/${created.body.id}/cancel`);
		expect(cancelled).toMatchObject({ status: 200, body: { status: 'CANCELLED' } });
		expect((await api('POST', `/sessions/${created.body.id}/cancel`)).status).toBe(409);
	});

	it('answers 404 for an unknown, malformed or other account\'s session id', async () => {
		expect((await api('GET', '/sessions/4ccb8a1b-6f40-e146-af1b-15f1c6eabb56')).status).toBe(404);
		expect((await api('GET', '/sessions/..%2F..%2Fetc')).status).toBe(404);
		const created = await api('POST', '/sessions', GUIDE_REQUEST);
		const orgToken = await tokenFor('org-client', 'org-secret');
		const response = await fetch(`${emulator.url}/auth/rest/sessions/${created.body.id}?signicat-accountId=a-org-first`, {
			headers: { authorization: `Bearer ${orgToken}` },
		});
		expect(response.status).toBe(404);
	});

	it('requires organisation-level clients to name an account they may use', async () => {
		const token = await tokenFor('org-client', 'org-secret');
		const without = await api('POST', '/sessions', GUIDE_REQUEST, token);
		expect(without.status).toBe(403);
		expect(without.body.detail).toContain('signicat-accountId');
		const response = await fetch(`${emulator.url}/auth/rest/sessions?signicat-accountId=a-org-second`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(GUIDE_REQUEST),
		});
		expect(response.status).toBe(201);
		expect(((await response.json()) as { accountId: string }).accountId).toBe('a-org-second');
	});

	it.each<[string, Record<string, unknown>, string]>([
		['an unknown flow', { flow: 'teleport' }, 'flow'],
		['an unknown provider', { allowedProviders: ['nosuchidp'] }, 'allowedProviders'],
		['empty allowedProviders', { allowedProviders: [] }, 'allowedProviders'],
		['no callbackUrls for the redirect flow', { callbackUrls: undefined }, 'callbackUrls'],
		['a relative success URL', { callbackUrls: { ...GUIDE_REQUEST.callbackUrls, success: '/done' } }, 'callbackUrls.success'],
		['a javascript: abort URL', { callbackUrls: { ...GUIDE_REQUEST.callbackUrls, abort: 'javascript:alert(1)' } }, 'callbackUrls.abort'],
		['a missing error URL', { callbackUrls: { success: 'https://a.test', abort: 'https://a.test' } }, 'callbackUrls.error'],
		['an unknown attribute', { requestedAttributes: ['firstName', 'shoeSize'] }, 'requestedAttributes'],
		['no flow', { flow: undefined }, 'flow'],
		['no requestedAttributes', { requestedAttributes: undefined }, 'requestedAttributes'],
		['a provider name over 30 characters', { allowedProviders: ['x'.repeat(31)] }, 'allowedProviders'],
		['a negative lifetime', { sessionLifetime: -5 }, 'sessionLifetime'],
		['a fractional lifetime', { sessionLifetime: 900.5 }, 'sessionLifetime'],
		['a language that is not ISO 639-1', { language: 'english' }, 'language'],
		['an unknown level of assurance', { requestedLoa: 'extreme' }, 'requestedLoa'],
		['an empty prefilledInput', { prefilledInput: {} }, 'prefilledInput'],
		['a prefilledInput key Signicat does not know (phoneNumber)', { prefilledInput: { phoneNumber: '+32470123456' } }, 'prefilledInput.phoneNumber'],
		['a prefilled mobile that is not a string', { prefilledInput: { mobile: 32470123456 } }, 'prefilledInput.mobile'],
		['too many tags', { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'tags'],
		['a too long externalReference', { externalReference: 'x'.repeat(1001) }, 'externalReference'],
	])('rejects %s with a Signicat-style error naming the field', async (_what, change, field) => {
		const { status, body } = await api('POST', '/sessions', { ...GUIDE_REQUEST, ...change });
		expect(status).toBe(400);
		expect(body).toMatchObject({
			title: expect.any(String),
			status: 400,
			traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
			invalidParams: expect.arrayContaining([{ name: field, reason: expect.any(String) }]),
		});
		expect(emulator.sessions.count()).toBe(0);
	});

	it.each(['low', 'substantial', 'high'])('accepts the level of assurance %s and repeats it on the session', async (requestedLoa) => {
		const created = await api('POST', '/sessions', { ...GUIDE_REQUEST, requestedLoa });
		expect(created.status).toBe(201);
		expect(created.body.requestedLoa).toBe(requestedLoa);
		expect((await api('GET', `/sessions/${created.body.id}`)).body.requestedLoa).toBe(requestedLoa);
	});

	it.each([['HIGH'], [3], [['high']], ['']])('refuses the level of assurance %j with 400 naming requestedLoa', async (requestedLoa) => {
		const { status, body } = await api('POST', '/sessions', { ...GUIDE_REQUEST, requestedLoa });
		expect(status).toBe(400);
		expect(body.invalidParams).toEqual([{ name: 'requestedLoa', reason: 'requestedLoa must be one of: low, substantial, high.' }]);
	});

	it('reads a null level of assurance and language as not given, as their nullable fields in the API reference', async () => {
		const { status, body } = await api('POST', '/sessions', { ...GUIDE_REQUEST, requestedLoa: null, language: null });
		expect(status).toBe(201);
		expect(body).toMatchObject({ requestedLoa: null, language: null });
	});

	it('raises a lifetime under 300 seconds to 300, as Signicat does', async () => {
		const { status, body } = await api('POST', '/sessions', { ...GUIDE_REQUEST, sessionLifetime: 60 });
		expect(status).toBe(201);
		expect(body.sessionLifetime).toBe(300);
	});

	it('rejects a body that is not JSON', async () => {
		const response = await fetch(`${emulator.url}/auth/rest/sessions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${await tokenFor()}`, 'content-type': 'application/json' },
			body: '{not json',
		});
		expect(response.status).toBe(400);
	});

	it('appends externalReference to the callback URLs and echoes it', async () => {
		const { body } = await api('POST', '/sessions', { ...GUIDE_REQUEST, externalReference: 'crm-42' });
		expect(body.externalReference).toBe('crm-42');
		expect(body.callbackUrls.success).toBe(`https://example.test/get?status=success&sessionId=${body.id}&externalReference=crm-42`);
	});
});

describe('Signicat emulator: the itsme page', () => {
	it('shows the test identities and sends the browser to the chosen outcome', async () => {
		const { body } = await api('POST', '/sessions', GUIDE_REQUEST);
		const page = await fetch(body.authenticationUrl);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Maxence');
		expect(html).toContain('Approve');

		const submit = await submitPage(body.authenticationUrl, 'person=lotte&outcome=abort');
		expect(submit.status).toBe(302);
		expect(submit.headers.get('location')).toBe(`https://example.test/get?status=abort&sessionId=${body.id}`);
		expect((await fetch(body.authenticationUrl)).status).toBe(410);
	});

	it("speaks the session's language, and after the journey says in words that the login is finished", async () => {
		const { body } = await api('POST', '/sessions', { ...GUIDE_REQUEST, language: 'fr' });
		const html = await (await fetch(body.authenticationUrl)).text();
		expect(html).toContain('<html lang="fr">');
		expect(html).toContain(`>${LOGIN_TEXTS.fr.approve}</button>`);
		expect(html).not.toContain('>Approve<');

		await submitPage(body.authenticationUrl, 'person=lotte&outcome=success');
		// Back to the itsme page of a finished session: a styled page in French, not "This login session is success."
		const back = await fetch(body.authenticationUrl);
		expect(back.status).toBe(410);
		const page = await back.text();
		expect(page).toContain('<html lang="fr">');
		expect(page).toContain('<style>');
		expect(page).toContain(`<h1>${LOGIN_TEXTS.fr.finishedTitle}</h1>`);
		expect(page).toContain(LOGIN_TEXTS.fr.finished.SUCCESS);
	});

	it.each(['nl', 'fr', 'de'] as const)('describes the test people in the session\'s language too (%s)', async (language) => {
		const { body } = await api('POST', '/sessions', { ...GUIDE_REQUEST, language, allowedProviders: ['itsme', 'nbid'] });
		const html = await (await fetch(body.authenticationUrl)).text();
		const descriptions = [...html.matchAll(/<small>([^<]*)<\/small>/g)].map(([, text]) => text);
		expect(descriptions).toEqual(TEST_PERSONS.map((person) => escapeHtml(person.label[language])));
		for (const person of TEST_PERSONS) expect(person.label[language]).not.toBe(person.label.en);
	});

	it("follows the browser's language for a login link it does not know", async () => {
		const page = await fetch(`${emulator.url}/broker/sp/external-service/login?transactionId=nope`, { headers: { 'accept-language': 'de-BE, fr;q=0.8' } });
		expect(page.status).toBe(404);
		expect(await page.text()).toContain(`<h1>${LOGIN_TEXTS.de.unknownTitle}</h1>`);
	});

	it('can be completed over HTTP by a test', async () => {
		const { body } = await api('POST', '/sessions', GUIDE_REQUEST);
		const response = await fetch(`${emulator.url}/__emulator/sessions/${body.id}/complete`, {
			method: 'POST',
			body: JSON.stringify({ outcome: 'success', person: 'youssef' }),
		});
		expect(await response.json()).toEqual({ location: `https://example.test/get?status=success&sessionId=${body.id}` });
		expect((await api('GET', `/sessions/${body.id}`)).body.subject.firstName).toBe('Youssef');
	});

	it.each([
		['EXPIRED', 'abort'],
		['INVALID', 'error'],
	])('can be ended %s over HTTP by a test, and answers the %s callback URL', async (status, outcome) => {
		const { body } = await api('POST', '/sessions', GUIDE_REQUEST);
		const response = await fetch(`${emulator.url}/__emulator/sessions/${body.id}/end`, { method: 'POST', body: JSON.stringify({ status }) });
		expect(await response.json()).toEqual({ location: `https://example.test/get?status=${outcome}&sessionId=${body.id}` });
		const session = (await api('GET', `/sessions/${body.id}`)).body;
		expect([session.status, session.subject, session.provider]).toEqual([status, null, null]);
		// Ended once: a later end or completion changes nothing.
		emulator.complete(body.id, 'success');
		expect((await api('GET', `/sessions/${body.id}`)).body.status).toBe(status);
	});

	it('refuses to end a session with another status', async () => {
		const { body } = await api('POST', '/sessions', GUIDE_REQUEST);
		const response = await fetch(`${emulator.url}/__emulator/sessions/${body.id}/end`, { method: 'POST', body: JSON.stringify({ status: 'SUCCESS' }) });
		expect(response.status).toBe(400);
		expect((await api('GET', `/sessions/${body.id}`)).body.status).toBe('CREATED');
	});
});

describe('Signicat emulator: test controls', () => {
	const control = (path: string, body: unknown) =>
		fetch(`${emulator.url}/__emulator${path}`, { method: 'POST', body: JSON.stringify(body) });

	it('fails the next N calls with 429 and Retry-After, then recovers', async () => {
		await control('/fail', { count: 2, status: 429, retryAfterSeconds: 3 });
		const first = await api('POST', '/sessions', GUIDE_REQUEST);
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('3');
		expect((await api('POST', '/sessions', GUIDE_REQUEST)).status).toBe(429);
		expect((await api('POST', '/sessions', GUIDE_REQUEST)).status).toBe(201);
	});

	it('fails a seeded share of calls, the same ones for the same seed', async () => {
		const run = async () => {
			emulator.faults.failRandomly(0.3, [429, 503], 0, 7);
			const token = await tokenFor();
			const statuses: number[] = [];
			for (let i = 0; i < 40; i++) statuses.push((await api('POST', '/sessions', GUIDE_REQUEST, token)).status);
			return statuses;
		};
		const first = await run();
		emulator.reset();
		expect(await run()).toEqual(first);
		expect(first.filter((s) => s === 429 || s === 503).length).toBeGreaterThan(4);
		expect(first.filter((s) => s === 201).length).toBeGreaterThan(20);
	});

	it('adds latency to every call', async () => {
		await control('/latency', { ms: 120 });
		const started = Date.now();
		await tokenFor();
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
	});

	it('logs the requests it received, without bodies, and forgets them on reset', async () => {
		await api('POST', '/sessions', GUIDE_REQUEST);
		const log = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as Array<Record<string, unknown>>;
		expect(log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /auth/open/connect/token 200',
			'POST /auth/rest/sessions 201',
		]);
		expect(JSON.stringify(log)).not.toContain('firstName');
		await control('/reset', {});
		expect(await (await fetch(`${emulator.url}/__emulator/requests`)).json()).toEqual([]);
	});

	it('revokes every token on request', async () => {
		const token = await tokenFor();
		expect(await (await control('/revoke-tokens', {})).json()).toEqual({ revoked: 1 });
		expect((await api('POST', '/sessions', GUIDE_REQUEST, token)).status).toBe(401);
	});
});
