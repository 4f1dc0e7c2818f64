import { randomUUID } from 'node:crypto';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { followRedirects } from '../../harness/browser';
import { EVENTS_SECRET_TOO_SHORT } from '../../../nodes/ItsmeTrigger/eventDelivery';
import { LINK_TOKEN_PARAM } from '../../../nodes/shared/callbacks/linkToken';
import { createSession, deliver, emulator, envelope, executionsOutput, n8n, reactivate, triggerUrl } from './setup';

describe("itsme Trigger: the front door (anyone can call the trigger's URLs)", () => {
	/** Reads of sessions Signicat answered (a 401 for a token the emulator forgot between tests is only retried with a new one). */
	const sessionReads = () => emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/auth/rest/sessions/') && r.status !== 401).length;
	const withId = (url: string, id: string) => url.replace(/sessionId=[^&]+/, `sessionId=${id}`);

	it('50 made-up session ids without a link token cost at most 2 Signicat reads: the unknown page, nothing started', async () => {
		const forged = [
			...Array.from({ length: 40 }, () => `${triggerUrl}?outcome=success&sessionId=${randomUUID()}`),
			// A token of the right shape that this n8n did not make.
			...Array.from({ length: 10 }, () => `${triggerUrl}?${LINK_TOKEN_PARAM}=v1.${'A'.repeat(16)}.${'B'.repeat(22)}&sessionId=${randomUUID()}`),
		];
		const visits = await Promise.all(forged.map((url) => followRedirects(url)));
		await n8n.idle();

		expect(sessionReads()).toBeLessThanOrEqual(2);
		expect(visits.every((v) => v.status === 404 && v.body.includes('Unknown verification'))).toBe(true);
		expect(n8n.executions).toHaveLength(0);
	});

	it('the other parameters of one real link with 20 made-up ids: at most 5 reads; its session still arrives by its event', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		const visits = [];
		for (let i = 0; i < 20; i++) visits.push(await followRedirects(withId(callbacks.success, randomUUID())));
		await n8n.idle();
		expect(sessionReads()).toBeLessThanOrEqual(5);
		expect(visits.every((v) => v.status === 404)).toBe(true);
		expect(await deliver(envelope(sessionId))).toEqual({ status: 200, body: { received: true, emitted: true } });
		await n8n.idle();
		expect(n8n.executions).toHaveLength(1);
	});

	it('a link that led to its own session serves only that one from then on', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		const own = await followRedirects(callbacks.success);
		await n8n.idle();
		expect(own.body).toContain('Identity verified');
		const before = sessionReads();
		const others = [];
		for (let i = 0; i < 5; i++) others.push(await followRedirects(withId(callbacks.success, randomUUID())));
		expect(others.every((v) => v.status === 404)).toBe(true);
		expect(sessionReads()).toBe(before);
		expect(n8n.executions).toHaveLength(1);
	});

	it("a link's token does not open another session, even a real finished one of this trigger", async () => {
		const [mine, theirs] = [await createSession(), await createSession()];
		emulator.complete(theirs.sessionId, 'success');
		const visit = await followRedirects(withId(mine.callbacks.success, theirs.sessionId));
		await n8n.idle();
		expect(visit.status).toBe(404);
		expect(n8n.executions).toHaveLength(0);
	});

	it('a session id in upper case is the same session, through the callback and the event: one execution', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		const upper = sessionId.toUpperCase();
		const first = await followRedirects(withId(callbacks.success, upper));
		await n8n.idle();
		const again = await followRedirects(callbacks.success);
		const event = await deliver(envelope(upper));
		await n8n.idle();

		expect(first.body).toContain('Identity verified');
		expect(again.body).toContain('Identity verified');
		expect(event.body).toEqual({ received: true, duplicate: true });
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, status: 'SUCCESS' })]);
		expect(emulator.countRequests('GET', `/auth/rest/sessions/${upper}`) + emulator.countRequests('GET', `/auth/rest/sessions/${sessionId}`)).toBe(1);
	});

	it('a link made before link tokens (version 0.1.0) still works, within the 2 reads a minute such links share', async () => {
		const { sessionId } = await createSession({ callbackMode: 'custom', successUrl: `${triggerUrl}?outcome=success`, abortUrl: `${triggerUrl}?outcome=abort`, errorUrl: `${triggerUrl}?outcome=error` });
		emulator.complete(sessionId, 'success');
		const visit = await followRedirects(`${triggerUrl}?outcome=success&sessionId=${sessionId}`);
		await n8n.idle();
		expect(visit.body).toContain('Identity verified');
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, deliveredBy: 'callback' })]);
	});

	it.each([
		['a trailing slash', (url: string) => `${url}/`],
		['a proxy in front, with its own host and path prefix', (url: string) => url.replace(n8n.url, 'https://verify.example.test/onboarding')],
		["a proxy path that does not show the trigger's id", () => 'https://verify.example.test/back-from-itsme'],
	])('takes a session whose Trigger URL has %s: the token decides, not the path', async (_what, triggerUrlAs) => {
		// A proxy that n8n's WEBHOOK_URL does not name: the team said so (Trigger URL of Another Instance).
		const { sessionId } = await createSession({ callbackMode: 'trigger', triggerUrl: triggerUrlAs(triggerUrl), options: { triggerOfAnotherInstance: true } });
		emulator.complete(sessionId, 'success');
		const event = await deliver(envelope(sessionId));
		await n8n.idle();
		expect(event.body).toEqual({ received: true, emitted: true });
		expect(n8n.executions).toHaveLength(1);
	});

	it("does not take a session made for another itsme Trigger of the same credential, and says so in n8n's log", async () => {
		const otherTrigger = triggerUrl.replace('6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f', '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e');
		const { sessionId, callbacks } = await createSession({ callbackMode: 'trigger', triggerUrl: otherTrigger });
		emulator.complete(sessionId, 'success');
		const log = jest.spyOn(Container.get(Logger), 'info');
		try {
			const event = await deliver(envelope(sessionId));
			const visit = await followRedirects(callbacks.success.replace(otherTrigger, triggerUrl));
			await n8n.idle();
			expect(event.body).toEqual({ received: true, ignored: 'session made for another flow' });
			expect(visit.status).toBe(404);
			const told = log.mock.calls.flat().map(String).filter((line) => line.includes(`session ${sessionId}, which was not made for this trigger`));
			expect(told).toHaveLength(2);
			expect(told.join('\n')).not.toMatch(/Maxence|Legrand|81042419835/);
		} finally {
			log.mockRestore();
		}
		expect(n8n.executions).toHaveLength(0);
	});

	it('refuses an Events Secret shorter than 32 characters: Events stay off, and the team is told once', async () => {
		const short = 'only-31-characters-long-secret!';
		expect(short).toHaveLength(31);
		await reactivate({}, { eventsSecret: short });
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success');
		const log = jest.spyOn(Container.get(Logger), 'error');
		try {
			const deliveries = [await deliver(envelope(sessionId), { secret: short }), await deliver(envelope(sessionId), { secret: short })];
			await n8n.idle();
			expect(deliveries.map((d) => d.status)).toEqual([403, 403]);
			expect(deliveries[0].body).toEqual({ error: EVENTS_SECRET_TOO_SHORT });
			expect(log.mock.calls.flat().map(String).filter((line) => line.includes('shorter than 32 characters'))).toHaveLength(1);
		} finally {
			log.mockRestore();
		}
		expect(n8n.executions).toHaveLength(0);
	});
});
