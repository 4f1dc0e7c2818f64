import type { IDataObject } from 'n8n-workflow';

import { completeItsme, followRedirects } from '../../harness/browser';
import { DEFAULT_CLIENT } from '../../emulator/server';
import { GUIDE_RECORD } from '../../guideExample';
import { freshPackageNodeTypes, loadWorkflow } from '../../harness/fixtures';
import { TriggerMemory } from '../../../nodes/ItsmeTrigger/sessionMemory';
import { createSession, deliver, emulator, envelope, EVENTS_SECRET, eventsUrl, executionsOutput, n8n, reactivate, trigger, triggerUrl } from './setup';

describe('itsme Trigger: Signicat events', () => {
	it('has an Events URL beside the callback URL, for the Signicat Dashboard', () => {
		expect(eventsUrl).toBe(`${n8n.url}/webhook/6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f/events`);
	});

	it('emits a finished session once when only the event arrives (the browser never came back)', async () => {
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success');
		const delivery = await deliver(envelope(sessionId));
		await n8n.idle();

		expect(delivery).toEqual({ status: 200, body: { received: true, emitted: true } });
		expect(executionsOutput()).toEqual([
			expect.objectContaining({ ...GUIDE_RECORD, sessionId, externalReference: 'c-1', deliveredBy: 'event' }),
		]);
		expect(executionsOutput()[0]).not.toHaveProperty('callbackOutcome');
		expect(n8n.executions[0].items('itsme Trigger')[0].pairedItem).toEqual({ item: 0 });
	});

	it.each([
		['the full name in eventName', { sender: 'authentication-api', eventName: 'authentication-api:session.abort' }],
		['sender and eventName split', { sender: 'authentication-api', eventName: 'session.error' }],
		['an event name not listed yet', { sender: null, eventName: 'authentication-api:session.cancelled' }],
	])('accepts any session event of the authentication API: %s', async (_what, names) => {
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'abort');
		const delivery = await deliver(envelope(sessionId, names));
		await n8n.idle();
		expect(delivery.status).toBe(200);
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, status: 'ABORT', deliveredBy: 'event' })]);
	});

	it.each([
		['sessionId', (id: string) => ({ sessionId: id, id: 'not-a-session' })],
		['session.id', (id: string) => ({ session: { id } })],
		['a JSON string', (id: string) => JSON.stringify({ id })],
	])('finds the session id in eventData under %s', async (_where, eventData) => {
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success');
		const delivery = await deliver(envelope(sessionId, { eventData: eventData(sessionId) }));
		await n8n.idle();
		expect(delivery.status).toBe(200);
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, deliveredBy: 'event' })]);
	});

	it('starts one execution when the callback comes first and the event after', async () => {
		const { sessionId, authenticationUrl } = await createSession();
		await completeItsme(authenticationUrl, 'success');
		await n8n.idle();
		const delivery = await deliver(envelope(sessionId));
		await n8n.idle();

		expect(delivery).toEqual({ status: 200, body: { received: true, duplicate: true } });
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, deliveredBy: 'callback' })]);
		expect(emulator.countRequests('GET', `/auth/rest/sessions/${sessionId}`)).toBe(1);
	});

	it('starts one execution when the event comes first and the browser after, which still gets its page', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		await deliver(envelope(sessionId));
		await n8n.idle();
		const visit = await followRedirects(callbacks.success);
		await n8n.idle();

		expect(visit.body).toContain('Identity verified');
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, deliveredBy: 'event' })]);
	});

	it('starts one execution per session when callback and event arrive at the same instant', async () => {
		const sessions = await Promise.all(Array.from({ length: 10 }, () => createSession()));
		for (const { sessionId } of sessions) emulator.complete(sessionId, 'success');
		emulator.faults.latencyMs = 30;
		const pages = Promise.all(sessions.map(({ callbacks }) => followRedirects(callbacks.success)));
		const deliveries = Promise.all(sessions.map(({ sessionId }) => deliver(envelope(sessionId))));
		const [visits, events] = await Promise.all([pages, deliveries]);
		await n8n.idle();

		expect(visits.every((v) => v.status === 200 && v.body.includes('Identity verified'))).toBe(true);
		// An event that finds the callback's execution not saved yet waits for n8n's answer to the callback: no 503, no redelivery needed.
		expect(events.map((e) => e.status)).toEqual(Array.from({ length: 10 }, () => 200));
		const redelivered = await Promise.all(sessions.map(({ sessionId }) => deliver(envelope(sessionId))));
		await n8n.idle();
		expect(redelivered.map((e) => e.body)).toEqual(Array.from({ length: 10 }, () => ({ received: true, duplicate: true })));
		expect(n8n.executions).toHaveLength(10);
		expect(new Set(executionsOutput().map((o) => o.sessionId)).size).toBe(10);
	});

	it('starts one execution for an event delivered three times (same event id) and a refreshed callback', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		emulator.faults.latencyMs = 20;
		const event = envelope(sessionId);
		await Promise.all([deliver(event), deliver(event), followRedirects(callbacks.success)]);
		await deliver(event);
		await followRedirects(callbacks.success);
		await n8n.idle();
		expect(n8n.executions).toHaveLength(1);
	});

	it('emits ABORT for an aborted session whose event has "success" written all over it', async () => {
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'abort');
		const forged = envelope(sessionId, {
			eventName: 'authentication-api:session.success',
			eventData: { id: sessionId, status: 'SUCCESS', verified: true, subject: { firstName: 'Mallory', nin: { value: '00000000000' } } },
			status: 'SUCCESS',
			tags: ['success'],
		});
		await deliver(forged);
		await n8n.idle();

		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, status: 'ABORT', verified: false, deliveredBy: 'event' })]);
		expect(executionsOutput()[0]).not.toHaveProperty('firstName');
	});

	it('emits nothing, and answers 200, for a session of a status it does not trigger on', async () => {
		await reactivate({ events: ['success'] });
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'abort');
		const delivery = await deliver(envelope(sessionId));
		await n8n.idle();
		expect(delivery).toEqual({ status: 200, body: { received: true, emitted: false } });
		expect(n8n.executions).toHaveLength(0);
	});

	it('takes a session whose Trigger URL names another host (a proxy, another port): the path decides', async () => {
		const { sessionId } = await createSession({
			callbackMode: 'trigger',
			triggerUrl: triggerUrl.replace(n8n.url, 'https://n8n.example.test'),
			// Create Session refuses another host unless the team chose it on purpose.
			options: { triggerOfAnotherInstance: true },
		});
		emulator.complete(sessionId, 'success');
		const delivery = await deliver(envelope(sessionId));
		await n8n.idle();
		expect(delivery.body).toEqual({ received: true, emitted: true });
		expect(n8n.executions).toHaveLength(1);
	});

	describe('for a session made for another flow (its own callback URLs)', () => {
		const ownPages = {
			callbackMode: 'custom',
			successUrl: 'https://shop.example.test/itsme/success',
			abortUrl: 'https://shop.example.test/itsme/abort',
			errorUrl: 'https://shop.example.test/itsme/error',
		};

		it('ignores its event with 200 and remembers nothing', async () => {
			const { sessionId } = await createSession(ownPages);
			emulator.complete(sessionId, 'success');
			const delivery = await deliver(envelope(sessionId));
			await n8n.idle();
			expect(delivery).toEqual({ status: 200, body: { received: true, ignored: 'session made for another flow' } });
			expect(n8n.executions).toHaveLength(0);
		});

		it.each(['success', 'abort'] as const)(
			'starts nothing when its id is brought to the callback URL (finished: %s): the unknown-verification page, as for an id Signicat does not know',
			async (outcome) => {
				const { sessionId } = await createSession(ownPages);
				emulator.complete(sessionId, outcome);
				const injected = await followRedirects(`${triggerUrl}?outcome=success&sessionId=${sessionId}`);
				const posted = await fetch(triggerUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: `sessionId=${sessionId}`,
				});
				await n8n.idle();
				expect(injected.status).toBe(404);
				expect(injected.body).toContain('Unknown verification');
				expect(posted.status).toBe(404);
				expect(n8n.executions).toHaveLength(0);
				// Nothing was remembered: the session's own flow is not disturbed, and an event is turned down too.
				expect(await deliver(envelope(sessionId))).toEqual({ status: 200, body: { received: true, ignored: 'session made for another flow' } });
			},
		);

		it('tells nothing about it while it is in progress: no link to its itsme page', async () => {
			const { sessionId, authenticationUrl } = await createSession(ownPages);
			const injected = await followRedirects(`${triggerUrl}?outcome=success&sessionId=${sessionId}`);
			expect(authenticationUrl).toContain('/external-service/login');
			expect(injected.status).toBe(404);
			expect(injected.body).not.toContain('/external-service/login');
		});

		it('emits it once, from a callback or an event, with "Accepted Sessions: Every Session of the Account"', async () => {
			await reactivate({ acceptedSessions: 'all' });
			const viaEvent = await createSession(ownPages);
			emulator.complete(viaEvent.sessionId, 'success');
			await Promise.all([deliver(envelope(viaEvent.sessionId)), deliver(envelope(viaEvent.sessionId))]);
			const viaCallback = await createSession(ownPages);
			emulator.complete(viaCallback.sessionId, 'success');
			const visit = await followRedirects(`${triggerUrl}?outcome=success&sessionId=${viaCallback.sessionId}`);
			await n8n.idle();
			expect(visit.body).toContain('Identity verified');
			expect(executionsOutput()).toEqual([
				expect.objectContaining({ sessionId: viaEvent.sessionId, deliveredBy: 'event' }),
				expect.objectContaining({ sessionId: viaCallback.sessionId, deliveredBy: 'callback' }),
			]);
		});

		it('leaves a Wait for Completion session to its waiting execution', async () => {
			emulator.events.subscribe({ url: `${eventsUrl}?secret=${EVENTS_SECRET}` });
			const waiting = await n8n.run(loadWorkflow('verify-and-wait'), { items: [{ json: { contactId: 'c-9' } }] });
			const { sessionId, authenticationUrl } = waiting.output('Create Session')[0] as { sessionId: string; authenticationUrl: string };
			await completeItsme(authenticationUrl, 'success');
			await emulator.events.settled();
			await n8n.idle();
			expect(emulator.events.deliveries.map((d) => d.status)).toEqual([200]);
			expect(n8n.executions.map((e) => e.executionId)).toEqual([waiting.executionId]);
			expect(emulator.countRequests('GET', `/auth/rest/sessions/${sessionId}`)).toBe(2);
		});
	});

	const EVENTS_OFF = 'Events are off for this trigger: set an Events Secret in its Signicat API credential';
	const WRONG_SECRET = 'Missing or wrong events secret';

	it.each<[string, string, { secret?: string | null; headers?: Record<string, string> }, number, string]>([
		['(Events off: no Events Secret in the credential) a delivery without secret', '', { secret: null }, 403, EVENTS_OFF],
		['(Events off: no Events Secret in the credential) a delivery with any secret', '', { secret: 'anything' }, 403, EVENTS_OFF],
		['no secret', EVENTS_SECRET, { secret: null }, 401, WRONG_SECRET],
		['a wrong secret', EVENTS_SECRET, { secret: 'guess' }, 401, WRONG_SECRET],
		['a secret one character short', EVENTS_SECRET, { secret: EVENTS_SECRET.slice(0, -1) }, 401, WRONG_SECRET],
		['a wrong header', EVENTS_SECRET, { secret: null, headers: { 'x-signicat-events-secret': 'guess' } }, 401, WRONG_SECRET],
	])('refuses %s, with no request to Signicat and no execution', async (_what, eventsSecret, how, status, error) => {
		await reactivate({}, { eventsSecret });
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success');
		const before = emulator.requests.length;
		const delivery = await deliver(envelope(sessionId), how);
		await n8n.idle();

		expect(delivery).toEqual({ status, body: { error } });
		expect(emulator.requests.length).toBe(before);
		expect(n8n.executions).toHaveLength(0);
	});

	it('does not honour a secret saved in a workflow by an earlier version (node parameters eventsSecret, options.hashKey): it fails closed', async () => {
		await reactivate({ eventsSecret: 'saved-in-the-workflow', options: { nationalNumber: 'hashed', hashKey: 'saved-in-the-workflow-too' } }, { eventsSecret: '' });
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		const before = emulator.requests.length;
		const delivery = await deliver(envelope(sessionId), { secret: 'saved-in-the-workflow' });
		const visit = await followRedirects(callbacks.success);
		await n8n.idle();

		expect(delivery).toEqual({ status: 403, body: { error: EVENTS_OFF } });
		// The keyed hash has no key in the credential: refused before Signicat is asked, nothing emitted.
		expect(visit.status).toBe(503);
		expect(emulator.requests.length).toBe(before);
		expect(n8n.executions).toHaveLength(0);
	});

	describe('with an Events Secret in the credential', () => {
		const SECRET = EVENTS_SECRET;

		it.each([
			['in the query', { secret: SECRET }],
			['in the header', { secret: null, headers: { 'x-signicat-events-secret': SECRET } }],
		])('accepts the secret %s', async (_where, how) => {
			const { sessionId } = await createSession();
			emulator.complete(sessionId, 'success');
			const delivery = await deliver(envelope(sessionId), how);
			await n8n.idle();
			expect(delivery.status).toBe(200);
			expect(n8n.executions).toHaveLength(1);
		});
	});

	const SOME_SESSION = '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56';
	const DEPTH = 5000;
	const nested = `{"eventName":"authentication-api:session.success","eventData":${'{"session":'.repeat(DEPTH)}{"id":"${SOME_SESSION}"}${'}'.repeat(DEPTH)}}`;

	it.each<[string, { body?: unknown; raw?: string; headers?: Record<string, string> }, number]>([
		['a body that is not JSON', { raw: '{"eventName": "authentication-api:session.success", ' }, 422],
		['plain text', { raw: 'hello', headers: { 'content-type': 'text/plain' } }, 400],
		['a JSON array', { body: [envelope(SOME_SESSION)] }, 400],
		['a JSON string', { body: 'authentication-api:session.success' }, 400],
		['a 10 MB string', { body: envelope('a'.repeat(10 * 1024 * 1024)) }, 413],
		['no envelope', { body: { hello: 'world' } }, 400],
		['an eventName that is an object', { body: envelope(SOME_SESSION, { eventName: { $ne: null } }) }, 400],
		['a non-UUID id', { body: envelope('../../auth/rest/sessions') }, 422],
		['a session id with a suffix', { body: envelope(`${SOME_SESSION}/cancel`) }, 422],
		['ids that are objects', { body: envelope(SOME_SESSION, { eventData: { id: { $gt: '' }, sessionId: [SOME_SESSION] } }) }, 422],
		['no eventData', { body: envelope(SOME_SESSION, { eventData: null }) }, 422],
		['junk nested 5,000 deep', { raw: nested }, 422],
		['a prototype key', { raw: `{"eventName":"authentication-api:session.success","eventData":{"__proto__":{"id":"${SOME_SESSION}"}}}` }, 422],
	])('answers %s with a 4xx, no request to Signicat and no execution', async (_what, { body, raw, headers }, status) => {
		const delivery = await deliver(body, { raw, headers });
		await n8n.idle();
		expect(delivery.status).toBe(status);
		expect(JSON.stringify(delivery.body)).not.toContain('Maxence');
		expect(emulator.requests).toHaveLength(0);
		expect(n8n.executions).toHaveLength(0);
	});

	it('ignores, with 200 and no request to Signicat, an event that is not about an authentication session', async () => {
		const delivery = await deliver(envelope(SOME_SESSION, { sender: 'signature-api', eventName: 'document.signed' }));
		await n8n.idle();
		expect(delivery).toEqual({ status: 200, body: { received: true, ignored: 'not a session event of the authentication API' } });
		expect(emulator.requests).toHaveLength(0);
		expect(n8n.executions).toHaveLength(0);
	});

	it('ignores, with 200 and no request to Signicat, an event of another account when the credential names one', async () => {
		await reactivate({}, { accountId: DEFAULT_CLIENT.accountId });
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success');
		const before = emulator.requests.length;
		const other = await deliver(envelope(sessionId, { accountId: 'a-spge-SomeoneElse000000' }));
		await n8n.idle();
		expect(other).toEqual({ status: 200, body: { received: true, ignored: 'another account' } });
		expect(emulator.requests.length).toBe(before);
		expect(n8n.executions).toHaveLength(0);

		const own = await deliver(envelope(sessionId));
		await n8n.idle();
		expect(own.status).toBe(200);
		expect(n8n.executions).toHaveLength(1);
	});

	it('ignores an event of a session still in progress, and emits it once a later delivery finds it finished', async () => {
		const { sessionId } = await createSession();
		const early = await deliver(envelope(sessionId));
		await n8n.idle();
		expect(early).toEqual({ status: 200, body: { received: true, ignored: 'session in progress' } });
		expect(n8n.executions).toHaveLength(0);

		emulator.complete(sessionId, 'success');
		const later = await deliver(envelope(sessionId));
		await n8n.idle();
		expect(later).toEqual({ status: 200, body: { received: true, emitted: true } });
		expect(n8n.executions).toHaveLength(1);
	});

	it('ignores, with 200, an event naming a session Signicat does not know', async () => {
		const delivery = await deliver(envelope(SOME_SESSION));
		await n8n.idle();
		expect(delivery).toEqual({ status: 200, body: { received: true, ignored: 'unknown session' } });
		expect(n8n.executions).toHaveLength(0);
	});

	it('answers 503 while Signicat fails, remembers nothing, and emits once when Signicat retries', async () => {
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success');
		emulator.faults.failNext(5, { status: 503 });
		const event = envelope(sessionId);
		const failed = await deliver(event);
		await n8n.idle();
		expect(failed).toEqual({ status: 503, body: { error: 'Signicat answered with an error; deliver this event again later' } });
		expect(n8n.executions).toHaveLength(0);

		const retried = await deliver(event);
		const again = await deliver(event);
		await n8n.idle();
		expect(retried).toEqual({ status: 200, body: { received: true, emitted: true } });
		expect(again.body).toEqual({ received: true, duplicate: true });
		expect(n8n.executions).toHaveLength(1);
	});

	it('with a rejected client secret, answers 503 naming the credentials, not an unreachable Signicat', async () => {
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success');
		await reactivate({}, { clientSecret: 'not-the-secret-42' });
		const delivery = await deliver(envelope(sessionId));
		await n8n.idle();
		expect(delivery).toEqual({
			status: 503,
			body: {
				error:
					'Signicat rejected the client credentials: check the Client ID and Client Secret of the Signicat API credential; deliver this event again later',
			},
		});
		expect(n8n.executions).toHaveLength(0);
	});

	it('saves every session of a burst of simultaneous callbacks, so their events after a restart start nothing', async () => {
		const sessions = await Promise.all(Array.from({ length: 30 }, () => createSession()));
		for (const { sessionId } of sessions) emulator.complete(sessionId, 'success');
		emulator.faults.latencyMs = 30;
		await Promise.all(sessions.map(({ callbacks }) => followRedirects(callbacks.success)));
		await n8n.idle();
		expect(n8n.executions).toHaveLength(30);

		// n8n saved each call's static data whole as the call ended; the last save must hold them all,
		// as a newly started process reads it.
		const saved = { global: n8n.savedStaticData(trigger).global as IDataObject, node: {} };
		const readBack = new TriggerMemory(`itsmeTrigger:${trigger.nodes[0].id}`);
		const missing = sessions.map((s) => s.sessionId).filter((id) => readBack.recall(id, saved)?.status !== 'SUCCESS');
		expect(missing).toHaveLength(0);

		n8n.restart(freshPackageNodeTypes());
		emulator.faults.latencyMs = 0;
		const before = emulator.requests.length;
		const replays = await Promise.all(sessions.map(({ sessionId }) => deliver(envelope(sessionId))));
		await n8n.idle();
		expect(replays.every((r) => r.body.duplicate === true)).toBe(true);
		expect(emulator.requests.length).toBe(before);
		expect(n8n.executions).toHaveLength(30);
	});
});
