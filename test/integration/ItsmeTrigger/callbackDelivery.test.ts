import { createHmac, randomUUID } from 'node:crypto';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { TEXTS } from '../../../nodes/shared/browser/texts';
import { completeItsme, followRedirects } from '../../harness/browser';
import { GUIDE_RECORD } from '../../guideExample';
import { freshPackageNodeTypes, withCheckPersonAfter } from '../../harness/fixtures';
import { createSession, deliver, emulator, envelope, executionsOutput, n8n, reactivate, triggerUrl } from './setup';

describe('itsme Trigger', () => {
	it('has a production URL in n8n\'s format, for the Session node\'s "Trigger URL"', () => {
		expect(triggerUrl).toBe(`${n8n.url}/webhook/6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f/itsme`);
	});

	it('starts one execution with the verified person when they approve', async () => {
		const { sessionId, authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, 'success');
		await n8n.idle();

		expect(landing.status).toBe(200);
		expect(landing.body).toContain('Identity verified');
		expect(n8n.executions).toHaveLength(1);
		expect(n8n.executions[0].run.status).toBe('success');
		expect(executionsOutput()[0]).toMatchObject({
			...GUIDE_RECORD,
			sessionId,
			callbackOutcome: 'success',
			externalReference: 'c-1',
			deliveredBy: 'callback',
		});
	});

	it.each([
		['abort', 'ABORT', 'Verification cancelled'],
		['error', 'ERROR', 'Verification failed'],
	] as const)('starts one execution with the real status on %s', async (outcome, status, title) => {
		const { sessionId, authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, outcome);
		await n8n.idle();

		expect(landing.body).toContain(title);
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, status, verified: false, callbackOutcome: outcome })]);
		expect(executionsOutput()[0]).not.toHaveProperty('firstName');
	});

	it('never emits SUCCESS for a forged status: the URL claims success, Signicat says aborted', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'abort');
		const forged = new URL(callbacks.success);
		forged.searchParams.set('status', 'success');
		const visit = await followRedirects(forged.toString());
		await n8n.idle();

		expect(visit.body).toContain('Verification cancelled');
		expect(executionsOutput()).toEqual([expect.objectContaining({ status: 'ABORT', verified: false, callbackOutcome: 'success' })]);
	});

	it.each([
		['outcome=abort', 'abort'],
		['status=error (as in Signicat\'s guide)', 'error'],
		['outcome=<script>alert(1)</script>', undefined],
		['outcome=SUCCESS&status=hello', undefined],
		['no claim at all', undefined],
	])('reports a callback URL claiming %s as callbackOutcome %s: only the known outcomes, never other text', async (claim, expected) => {
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success');
		const query = claim === 'no claim at all' ? '' : `&${claim.split(' ')[0]}`;
		await followRedirects(`${triggerUrl}?sessionId=${sessionId}${query}`);
		await n8n.idle();
		const [output] = executionsOutput();
		expect(output.status).toBe('SUCCESS');
		if (expected) expect(output.callbackOutcome).toBe(expected);
		else expect(output).not.toHaveProperty('callbackOutcome');
	});

	it('emits nothing for a forged callback of a session still in progress, or of an unknown session', async () => {
		const { callbacks } = await createSession();
		const inProgress = await followRedirects(callbacks.success);
		const unknown = await followRedirects(`${triggerUrl}?outcome=success&sessionId=4ccb8a1b-6f40-e146-af1b-15f1c6eabb56`);
		await n8n.idle();

		expect(inProgress.status).toBe(409);
		expect(unknown.status).toBe(404);
		expect(n8n.executions).toHaveLength(0);
	});

	it('asks Signicat once about an unknown id repeated by callbacks and events (remembered for a minute)', async () => {
		// A stranger who kept one real link and put a made-up id in it.
		const { callbacks } = await createSession();
		const unknownId = randomUUID();
		const withId = (url: string, id: string) => url.replace(/sessionId=[^&]+/, `sessionId=${id}`);
		const visits = [];
		for (let i = 0; i < 5; i++) visits.push(await followRedirects(withId(callbacks.success, unknownId)));
		const deliveries = [];
		for (let i = 0; i < 5; i++) deliveries.push(await deliver(envelope(unknownId)));
		const other = await createSession();
		const another = await followRedirects(withId(other.callbacks.success, randomUUID()));
		await n8n.idle();

		expect(visits.map((v) => v.status)).toEqual([404, 404, 404, 404, 404]);
		expect(visits.every((v) => v.body.includes('Unknown verification'))).toBe(true);
		expect(deliveries.map((d) => d.body)).toEqual(Array.from({ length: 5 }, () => ({ received: true, ignored: 'unknown session' })));
		// Reads Signicat answered (a 401 for a token the emulator forgot between tests is not an answer about the id).
		const answeredReads = (path: string) => emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith(path) && r.status === 404);
		expect(answeredReads(`/auth/rest/sessions/${unknownId}`)).toHaveLength(1);
		// Each other unknown id is read once.
		expect(another.status).toBe(404);
		expect(answeredReads('/auth/rest/sessions/')).toHaveLength(2);
		expect(n8n.executions).toHaveLength(0);
	});

	it('starts one execution for a callback replayed five times, with the same answer each time', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		const visits = [];
		for (let i = 0; i < 5; i++) visits.push(await followRedirects(callbacks.success));
		await n8n.idle();

		expect(n8n.executions).toHaveLength(1);
		expect(new Set(visits.map((v) => v.body)).size).toBe(1);
		expect(visits[0].body).toContain('Identity verified');
		expect(emulator.countRequests('GET', `/auth/rest/sessions/${sessionId}`)).toBe(1);
	});

	it('starts one execution for five simultaneous callbacks of one session', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		emulator.faults.latencyMs = 50;
		const visits = await Promise.all(Array.from({ length: 5 }, () => followRedirects(callbacks.success)));
		await n8n.idle();

		expect(visits.every((v) => v.body.includes('Identity verified'))).toBe(true);
		expect(n8n.executions).toHaveLength(1);
	});

	it('starts one execution per session when callbacks of different sessions arrive at once, and none on replay', async () => {
		const sessions = await Promise.all(Array.from({ length: 10 }, () => createSession()));
		for (const { sessionId } of sessions) emulator.complete(sessionId, 'success');
		await Promise.all(sessions.map(({ callbacks }) => followRedirects(callbacks.success)));
		await n8n.idle();
		await Promise.all(sessions.map(({ callbacks }) => followRedirects(callbacks.success)));
		await n8n.idle();
		expect(n8n.executions).toHaveLength(10);
		expect(new Set(executionsOutput().map((o) => o.sessionId)).size).toBe(10);
	});

	it('remembers handled sessions across an n8n restart', async () => {
		const sessions = [await createSession(), await createSession(), await createSession()];
		for (const { sessionId, callbacks } of sessions) {
			emulator.complete(sessionId, 'success');
			await followRedirects(callbacks.success);
		}
		await n8n.idle();
		n8n.restart(freshPackageNodeTypes());
		for (const { callbacks } of sessions) await followRedirects(callbacks.success);
		await n8n.idle();
		expect(n8n.executions).toHaveLength(3);
	});

	it.each([
		['no sessionId', ''],
		['a path traversal', '../../etc/passwd'],
		['encoded slashes', '..%2F..%2Fauth%2Frest%2Fsessions'],
		['a 10 KB string', 'a'.repeat(10_240)],
		['a session id with a suffix', '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56/cancel'],
	])('answers %s with a 400 page, no request to Signicat and no execution', async (_what, sessionId) => {
		const visit = await fetch(`${triggerUrl}?outcome=success&sessionId=${sessionId}`);
		await n8n.idle();
		expect(visit.status).toBe(400);
		expect(await visit.text()).toContain('Unknown verification');
		expect(emulator.requests).toHaveLength(0);
		expect(n8n.executions).toHaveLength(0);
	});

	it('shows a retry page while Signicat answers 503, then the retried callback emits exactly once', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		emulator.faults.failNext(5, { status: 503 });
		const first = await followRedirects(callbacks.success);
		await n8n.idle();
		expect(first.status).toBe(503);
		expect(first.body).toContain('We could not confirm your identity yet');
		expect(n8n.executions).toHaveLength(0);

		const retried = await followRedirects(callbacks.success);
		const replayed = await followRedirects(callbacks.success);
		await n8n.idle();
		expect(retried.body).toContain('Identity verified');
		expect(replayed.body).toContain('Identity verified');
		expect(n8n.executions).toHaveLength(1);
	});

	it('with a rejected client secret, shows the same calm retry page and logs the cause for the team', async () => {
		await reactivate({}, { clientSecret: 'not-the-secret-42' });
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		// The logger n8n hands the node (n8n-core takes it from its container).
		const log = jest.spyOn(Container.get(Logger), 'warn');
		try {
			const page = await followRedirects(callbacks.success);
			await n8n.idle();
			expect(page.status).toBe(503);
			expect(page.body).toContain('We could not confirm your identity yet');
			const logged = log.mock.calls.flat().map(String).join('\n');
			expect(logged).toContain(`itsme: could not read session ${sessionId} from Signicat (credentials-rejected): Signicat rejected the client credentials`);
			expect(logged).not.toContain('not-the-secret-42');
		} finally {
			log.mockRestore();
		}
		expect(n8n.executions).toHaveLength(0);
	});

	it('is followed by Check Person: the person who came back from itsme against the application, with no further request', async () => {
		// The application as the team looked it up by the session's external reference.
		const application = { typedFirstName: 'Maxence', typedLastName: 'Legrand', typedDateOfBirth: '24/04/1981', typedNationalNumber: '81.04.24-198.35' };
		// The national number leaves the trigger masked unless chosen otherwise: keyed-hashed here, so Check Person can compare it.
		await reactivate({ options: { nationalNumber: 'hashed' } }, { hashSecretKey: 'the-teams-own-hash-key' }, (workflow) =>
			withCheckPersonAfter(workflow, 'itsme Trigger', application),
		);
		const { sessionId, authenticationUrl } = await createSession();
		await completeItsme(authenticationUrl, 'success');
		await n8n.idle();

		expect(n8n.executions).toHaveLength(1);
		const [row] = n8n.executions[0].output('Check Person');
		expect(row).toMatchObject({
			...GUIDE_RECORD,
			nationalNumber: createHmac('sha256', 'the-teams-own-hash-key').update('81042419835').digest('hex'),
			sessionId,
			externalReference: 'c-1',
			deliveredBy: 'callback',
			proceed: true,
			firstNameMatch: 'match',
			lastNameMatch: 'match',
			dateOfBirthMatch: 'match',
			nationalNumberMatch: 'match',
			oldEnough: true,
			typedNationalNumber: '810424*****',
		});
		expect(emulator.countRequests('GET', `/auth/rest/sessions/${sessionId}`)).toBe(1);
	});

	it('answers but starts nothing for outcomes it does not trigger on', async () => {
		await reactivate({ events: ['success'] });
		const { authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, 'abort');
		await n8n.idle();
		expect(landing.body).toContain('Verification cancelled');
		expect(n8n.executions).toHaveLength(0);
	});

	it('redirects to the configured URL with the session id and status', async () => {
		await reactivate({ options: { successRedirectUrl: 'https://shop.example.test/done?step=3', appendSessionInfo: true } });
		const { sessionId, authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, 'success');
		// No language chosen, and the test's fetch accepts any (`*`): English.
		expect(landing.location).toBe(`https://shop.example.test/done?step=3&sessionId=${sessionId}&status=SUCCESS&language=en`);
	});

	it("speaks the language the workflow chose, with the team's own words for that language and the built-in text otherwise", async () => {
		await reactivate({ options: { pageTexts: { text: [{ outcome: 'success', language: 'fr', title: 'Bienvenue chez nous', message: '' }] } } });
		const { authenticationUrl, callbacks } = await createSession({ callbackMode: 'trigger', triggerUrl, options: { language: 'fr' } });
		expect(new URL(callbacks.success).searchParams.get('language')).toBe('fr');
		const landing = await completeItsme(authenticationUrl, 'success');
		expect(landing.body).toContain('<html lang="fr">');
		expect(landing.body).toContain('<h1>Bienvenue chez nous</h1>');
		expect(landing.body).toContain(TEXTS.fr.pages.verified.message);

		const german = await createSession({ callbackMode: 'trigger', triggerUrl, options: { language: 'de' } });
		const cancelled = await completeItsme(german.authenticationUrl, 'abort');
		expect(cancelled.body).toContain('<html lang="de">');
		expect(cancelled.body).toContain(`<h1>${TEXTS.de.pages.cancelled.title}</h1>`);
	});

	it.each([
		["the browser's language when the workflow chose none, not the English Signicat fell back to", {}, 'en', 'success', 'nl', 'verified'],
		['a language the workflow took from the browser at the start, over the browser that comes back', { acceptLanguage: 'fr-BE,fr;q=0.9' }, 'fr', 'abort', 'fr', 'cancelled'],
		['a language the workflow chose, over the browser that comes back', { language: 'de' }, 'de', 'error', 'de', 'failed'],
	] as const)('speaks %s', async (_what, options, sessionLanguage, outcome, pageLanguage, page) => {
		const { sessionId, callbacks } = await createSession({ callbackMode: 'trigger', triggerUrl, options });
		expect(emulator.sessions.get(sessionId)!.request.language).toBe(sessionLanguage);
		emulator.complete(sessionId, outcome);
		const landing = await followRedirects(callbacks[outcome], { headers: { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' } });
		await n8n.idle();
		expect(landing.body).toContain(`<html lang="${pageLanguage}">`);
		expect(landing.body).toContain(`<h1>${TEXTS[pageLanguage].pages[page].title}</h1>`);
	});

	it('shows the team\'s start-again link on the abort and error pages, in the session\'s language, never on the verified page', async () => {
		await reactivate({
			options: {
				startAgainUrl: 'https://shop.example.test/sign-up',
				startAgainUrls: { link: [{ outcome: 'abortAndError', language: 'fr', url: 'https://shop.example.test/fr/inscription' }] },
			},
		});
		const startAgainLink = (href: string, label: string) => `<a class="action" href="${href}">${label}</a>`;
		const french = await createSession({ callbackMode: 'trigger', triggerUrl, options: { language: 'fr' } });
		const cancelled = await completeItsme(french.authenticationUrl, 'abort');
		expect(cancelled.body).toContain(`<h1>${TEXTS.fr.pages.cancelled.title}</h1>`);
		expect(cancelled.body).toContain(startAgainLink('https://shop.example.test/fr/inscription', 'Recommencer'));

		const german = await createSession({ callbackMode: 'trigger', triggerUrl, options: { language: 'de' } });
		const failed = await completeItsme(german.authenticationUrl, 'error');
		expect(failed.body).toContain(`<h1>${TEXTS.de.pages.failed.title}</h1>`);
		expect(failed.body).toContain(startAgainLink('https://shop.example.test/sign-up', 'Neu beginnen'));

		const verified = await completeItsme((await createSession({ callbackMode: 'trigger', triggerUrl, options: { language: 'fr' } })).authenticationUrl, 'success');
		expect(verified.body).toContain(TEXTS.fr.pages.verified.title);
		expect(verified.body).not.toContain('<a ');
		// Back to the abort callback URL: the same page, with its strict policy (a link to follow, nothing loaded or run).
		const again = await fetch(french.callbacks.abort);
		expect(again.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
		expect(await again.text()).toContain(startAgainLink('https://shop.example.test/fr/inscription', 'Recommencer'));
		await n8n.idle();
		expect(executionsOutput().map((row) => row.status)).toEqual(['ABORT', 'ERROR', 'SUCCESS']);
	});

	it("answers a link without a session in the browser's language (nl-BE is Dutch), else English", async () => {
		const dutch = await fetch(`${triggerUrl}?outcome=success&sessionId=nope`, { headers: { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' } });
		expect(dutch.headers.get('content-language')).toBe('nl');
		expect(await dutch.text()).toContain(`<h1>${TEXTS.nl.pages.unknownLink.title}</h1>`);
		const other = await fetch(`${triggerUrl}?outcome=success&sessionId=nope`, { headers: { 'accept-language': 'es-ES' } });
		expect(await other.text()).toContain('<html lang="en">');
	});

	it('escapes every configured value on its built-in page', async () => {
		const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
		await reactivate({ options: { successTitle: hostile, successMessage: `"'&${hostile}` } });
		const { authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, 'success');

		expect(landing.body).not.toContain('<script>');
		expect(landing.body).not.toContain('<img');
		expect(landing.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
		expect(landing.body).toContain('&quot;&#39;&amp;&lt;script&gt;');
	});

	it('refuses a too short hash key before asking Signicat, so the session is not lost, and tells the team once', async () => {
		await reactivate({ options: { nationalNumber: 'hashed' } }, { hashSecretKey: 'short' });
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		const before = emulator.requests.length;
		const log = jest.spyOn(Container.get(Logger), 'error');
		try {
			// The person, a refresh, and Signicat's event: none of them fails (n8n would record a failed execution each).
			const visits = [await followRedirects(callbacks.success), await followRedirects(callbacks.success)];
			const delivery = await deliver(envelope(sessionId));
			await n8n.idle();
			expect(visits.map((v) => v.status)).toEqual([503, 503]);
			expect(visits[0].body).toContain('We could not confirm your identity yet');
			expect(delivery.status).toBe(503);
			const told = log.mock.calls.flat().map(String).filter((line) => line.includes('National Number Hash Key'));
			expect(told).toHaveLength(1);
			expect(told[0]).toContain('itsme Trigger "itsme Trigger"');
		} finally {
			log.mockRestore();
		}
		expect(emulator.requests.length).toBe(before);
		expect(n8n.executions).toHaveLength(0);

		// Once the setting is fixed, the same callback starts the execution.
		const firstServer = n8n.url;
		await reactivate({ options: { nationalNumber: 'hashed' } }, { hashSecretKey: 'a-long-enough-key!' });
		const retried = await followRedirects(callbacks.success.replace(firstServer, n8n.url));
		await n8n.idle();
		expect(retried.body).toContain('Identity verified');
		expect(n8n.executions).toHaveLength(1);
	});

	it('masks the national number when asked', async () => {
		await reactivate({ options: { nationalNumber: 'masked' } });
		const { authenticationUrl } = await createSession();
		await completeItsme(authenticationUrl, 'success');
		await n8n.idle();
		expect(executionsOutput()[0].nationalNumber).toBe('810424*****');
	});
});
