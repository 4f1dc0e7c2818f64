import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { EventEnvelope } from '../emulator/events';
import { TEST_PERSONS } from '../emulator/persons';
import { DEFAULT_CLIENT } from '../emulator/server';
import { emulatorApi } from '../harness/emulatorApi';
import { useEmulator } from '../harness/fixtures';

const emulator = useEmulator();
const { api, submitPage } = emulatorApi(emulator);

const REQUEST = {
	allowedProviders: ['itsme'],
	flow: 'redirect',
	callbackUrls: {
		success: 'https://example.test/done?status=success',
		abort: 'https://example.test/done?status=abort',
		error: 'https://example.test/done?status=error',
	},
	requestedAttributes: ['name', 'firstName', 'lastName', 'dateOfBirth', 'nin'],
	externalReference: 'crm-42',
	tags: ['onboarding', 'web'],
};

interface Received {
	path: string;
	headers: IncomingHttpHeaders;
	text: string;
	body: EventEnvelope;
	at: number;
}

/** A webhook receiver like the one a user points Signicat at: records every delivery, answers from a script. */
class Receiver {
	readonly received: Received[] = [];
	/** Statuses to answer, one per request; 200 once they run out. */
	answers: number[] = [];
	/** How many requests to leave unanswered (hanging) before answering. */
	silentFor = 0;
	private server?: Server;
	url = '';

	async start(port = 0): Promise<this> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				this.received.push({ path: req.url ?? '', headers: req.headers, text, body: JSON.parse(text) as EventEnvelope, at: Date.now() });
				if (this.silentFor-- > 0) return;
				res.writeHead(this.answers.shift() ?? 200).end();
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}
}

let receivers: Receiver[] = [];
async function receiver(port?: number): Promise<Receiver> {
	const started = await new Receiver().start(port);
	receivers.push(started);
	return started;
}
afterEach(async () => {
	await Promise.all(receivers.map((r) => r.stop()));
	receivers = [];
});

const control = (method: string, path: string, body?: unknown) =>
	fetch(`${emulator.url}/__emulator${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

async function newSession(request: Record<string, unknown> = REQUEST): Promise<{ id: string; authenticationUrl: string }> {
	const { status, body } = await api('POST', '/sessions', request);
	expect(status).toBe(201);
	return body as { id: string; authenticationUrl: string };
}

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
	const probe = await new Receiver().start();
	const port = Number(new URL(probe.url).port);
	await probe.stop();
	return port;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

describe('Signicat emulator: events on final session statuses', () => {
	it('delivers an envelope with every documented field, naming the session and no personal data', async () => {
		const hook = await receiver();
		emulator.events.subscribe({ url: `${hook.url}/hook` });
		const session = await newSession();
		const person = TEST_PERSONS[0];
		expect(emulator.complete(session.id, 'success', person.key)).toContain(session.id);
		await emulator.events.settled();

		expect(hook.received).toHaveLength(1);
		const [{ body, text, headers, path }] = hook.received;
		expect(path).toBe('/hook');
		expect(headers['content-type']).toBe('application/json');
		expect(body).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{32}$/),
			timestamp: expect.any(String),
			sender: 'authentication-api',
			eventName: 'session.success',
			eventData: { id: session.id, status: 'SUCCESS', accountId: DEFAULT_CLIENT.accountId, externalReference: 'crm-42' },
			accountId: DEFAULT_CLIENT.accountId,
			organizationId: null,
			expiresAt: expect.any(String),
			tags: ['onboarding', 'web'],
		});
		expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
		expect(Date.parse(body.expiresAt) - Date.parse(body.timestamp)).toBe(30_000);
		for (const personal of [person.firstName, person.lastName, person.nin.value, person.dateOfBirth, person.email as string, person.subjectId]) {
			expect(text).not.toContain(personal);
		}
		expect(emulator.events.deliveries).toEqual([
			{ eventId: body.id, subscriptionId: expect.any(String), sessionId: session.id, eventName: 'session.success', attempt: 1, status: 200, at: expect.any(Number), ms: expect.any(Number) },
		]);
	});

	it('sends the event a second after the browser is sent back (browser first, as usual at Signicat), or at once on request', async () => {
		const hook = await receiver();
		emulator.events.subscribe({ url: hook.url });
		const later = await newSession();
		const redirectedAt = Date.now();
		emulator.complete(later.id, 'success');
		await emulator.events.settled();
		expect(emulator.events.firstDeliveryDelayMs).toBe(1000);
		expect(hook.received[0].at - redirectedAt).toBeGreaterThanOrEqual(1000);

		// 0: the attempt starts as the session ends, racing the browser (tests of that race use it).
		emulator.events.configure({ firstDeliveryDelayMs: 0 });
		const atOnce = await newSession();
		emulator.complete(atOnce.id, 'success');
		await emulator.events.settled();
		expect(hook.received.map((r) => r.body.eventData.id)).toEqual([later.id, atOnce.id]);
	});

	it('sends one event per final status, from the page, the test API, the HTTP control and a cancel', async () => {
		const hook = await receiver();
		emulator.events.subscribe({ url: hook.url });
		const [byPage, byTest, byControl, byCancel, unfinished] = await Promise.all([1, 2, 3, 4, 5].map(() => newSession()));

		const page = await submitPage(byPage.authenticationUrl, 'person=lotte&outcome=success');
		expect(page.status).toBe(302);
		emulator.complete(byTest.id, 'abort');
		await control('POST', `/sessions/${byControl.id}/complete`, { outcome: 'error' });
		expect((await api('POST', `/sessions/${byCancel.id}/cancel`)).status).toBe(200);
		// Finishing again changes nothing at Signicat, so it sends nothing more.
		emulator.complete(byTest.id, 'success');
		expect((await api('POST', `/sessions/${byCancel.id}/cancel`)).status).toBe(409);
		await emulator.events.settled();

		const events = hook.received.map(({ body }) => `${body.eventData.id as string} ${body.eventName} ${body.eventData.status as string}`);
		expect(events.sort()).toEqual(
			[
				`${byPage.id} session.success SUCCESS`,
				`${byTest.id} session.abort ABORT`,
				`${byControl.id} session.error ERROR`,
				`${byCancel.id} session.cancelled CANCELLED`,
			].sort(),
		);
		expect(events.join()).not.toContain(unfinished.id);
		expect(new Set(hook.received.map(({ body }) => body.id)).size).toBe(4);
	});

	it('delivers only the events a subscription names, with its headers and the query of its URL', async () => {
		const all = await receiver();
		const aborts = await receiver();
		emulator.events.subscribe({ url: `${all.url}/events?secret=s3cr%C3%A9t` });
		emulator.events.subscribe({ url: aborts.url, eventNames: ['authentication-api:session.abort'], headers: { 'x-webhook-secret': 'abc' } });
		const [approved, aborted] = await Promise.all([newSession(), newSession()]);
		emulator.complete(approved.id, 'success');
		emulator.complete(aborted.id, 'abort');
		await emulator.events.settled();

		expect(all.received.map((r) => r.body.eventName).sort()).toEqual(['session.abort', 'session.success']);
		expect(all.received.every((r) => r.path === '/events?secret=s3cr%C3%A9t' && r.headers['x-webhook-secret'] === undefined)).toBe(true);
		expect(aborts.received.map((r) => [r.body.eventName, r.body.eventData.id, r.headers['x-webhook-secret']])).toEqual([
			['session.abort', aborted.id, 'abc'],
		]);
		// Both subscriptions got the same event.
		expect(all.received.find((r) => r.body.eventName === 'session.abort')!.text).toBe(aborts.received[0].text);
	});

	it('stops delivering to a subscription once it is removed', async () => {
		const hook = await receiver();
		const { id } = emulator.events.subscribe({ url: hook.url });
		expect(emulator.events.unsubscribe(id)).toBe(true);
		emulator.complete((await newSession()).id, 'success');
		await emulator.events.settled();
		expect(hook.received).toHaveLength(0);
		expect(emulator.events.subscriptions).toEqual([]);
	});
});

describe('Signicat emulator: event retries', () => {
	it('retries an event answered with 500 with the same envelope, spaced by a doubling delay', async () => {
		const hook = await receiver();
		hook.answers = [500, 503, 500];
		emulator.events.configure({ firstRetryDelayMs: 100 });
		emulator.events.subscribe({ url: hook.url });
		emulator.complete((await newSession()).id, 'success');
		await emulator.events.settled();

		expect(hook.received).toHaveLength(4);
		expect(new Set(hook.received.map((r) => r.text)).size).toBe(1);
		const spacing = gaps(hook.received.map((r) => r.at));
		// Timers may fire a millisecond early; never a whole step early.
		[100, 200, 400].forEach((delay, i) => expect(spacing[i]).toBeGreaterThanOrEqual(delay - 2));
		expect(emulator.events.deliveries.map((d) => [d.attempt, d.status])).toEqual([
			[1, 500],
			[2, 503],
			[3, 500],
			[4, 200],
		]);
	});

	it('gives up when the next retry would fall after expiresAt', async () => {
		const hook = await receiver();
		hook.answers = Array<number>(50).fill(500);
		emulator.events.configure({ retryWindowSeconds: 1.2, firstRetryDelayMs: 100, firstDeliveryDelayMs: 0 });
		emulator.events.subscribe({ url: hook.url });
		emulator.complete((await newSession()).id, 'abort');
		await emulator.events.settled();

		const expiresAt = Date.parse(hook.received[0].body.expiresAt);
		const attempts = emulator.events.deliveries;
		// Attempts at about 0, 0.1, 0.3, 0.7 s; the next (1.5 s) would be past the 1.2 s window.
		expect(attempts.length).toBeGreaterThanOrEqual(4);
		expect(hook.received).toHaveLength(attempts.length);
		expect(hook.received.every((r) => r.at <= expiresAt)).toBe(true);
		const lastDelay = 100 * 2 ** (attempts.length - 1);
		expect(attempts[attempts.length - 1].at + lastDelay).toBeGreaterThan(expiresAt - 50);
		expect(attempts.every((a) => a.status === 500)).toBe(true);
	});

	it('retries after a refused connection until the receiver is up, then delivers the same id once', async () => {
		const port = await freePort();
		emulator.events.configure({ firstRetryDelayMs: 150, retryWindowSeconds: 10 });
		emulator.events.subscribe({ url: `http://127.0.0.1:${port}/hook` });
		emulator.complete((await newSession()).id, 'success');
		while (emulator.events.deliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(emulator.events.deliveries[0].status).toBe(0);

		const hook = await receiver(port);
		await emulator.events.settled();
		const statuses = emulator.events.deliveries.map((d) => d.status);
		expect(statuses[statuses.length - 1]).toBe(200);
		expect(statuses.slice(0, -1).every((s) => s === 0)).toBe(true);
		expect(hook.received).toHaveLength(1);
		expect(new Set(emulator.events.deliveries.map((d) => d.eventId))).toEqual(new Set([hook.received[0].body.id]));
	});

	it('counts a receiver that does not answer in time as a failed attempt, and retries', async () => {
		const hook = await receiver();
		hook.silentFor = 1;
		emulator.events.attemptTimeoutMs = 200;
		emulator.events.configure({ firstRetryDelayMs: 50 });
		emulator.events.subscribe({ url: hook.url });
		emulator.complete((await newSession()).id, 'success');
		await emulator.events.settled();

		expect(emulator.events.deliveries.map((d) => d.status)).toEqual([0, 200]);
		expect(hook.received).toHaveLength(2);
		expect(hook.received[1].at - hook.received[0].at).toBeGreaterThanOrEqual(200 + 50 - 2);
	});

	it('sends duplicates of every attempt at once on request', async () => {
		const hook = await receiver();
		hook.answers = [500, 500, 500];
		emulator.events.configure({ duplicates: 3, firstRetryDelayMs: 50 });
		emulator.events.subscribe({ url: hook.url });
		emulator.complete((await newSession()).id, 'success');
		await emulator.events.settled();

		expect(hook.received).toHaveLength(6);
		expect(new Set(hook.received.map((r) => r.text)).size).toBe(1);
		expect(emulator.events.deliveries.map((d) => d.attempt)).toEqual([1, 1, 1, 2, 2, 2]);
	});

	it('forgets pending retries on reset', async () => {
		const hook = await receiver();
		hook.answers = [500];
		emulator.events.configure({ firstRetryDelayMs: 100 });
		emulator.events.subscribe({ url: hook.url });
		emulator.complete((await newSession()).id, 'success');
		while (emulator.events.deliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		emulator.reset();
		await emulator.events.settled();
		expect(hook.received).toHaveLength(1);
		expect(emulator.events.deliveries).toEqual([]);
		expect(emulator.events.settings).toEqual({ retryWindowSeconds: 30, firstRetryDelayMs: 1000, duplicates: 1, firstDeliveryDelayMs: 1000 });
	});
});

describe('Signicat emulator: the person finishes without their browser returning', () => {
	it('offers "approve in the app": SUCCESS, the event, and no redirect', async () => {
		const hook = await receiver();
		emulator.events.subscribe({ url: hook.url });
		const session = await newSession();
		expect(await (await fetch(session.authenticationUrl)).text()).toContain('id="approve-in-app"');

		const submit = await submitPage(session.authenticationUrl, 'person=lotte&outcome=success-in-app');
		expect(submit.status).toBe(200);
		expect(submit.headers.get('location')).toBeNull();
		const page = await submit.text();
		expect(page).toContain('close this tab');
		expect(page).not.toContain('example.test');

		const { body } = await api('GET', `/sessions/${session.id}`);
		expect(body.status).toBe('SUCCESS');
		expect(body.subject.firstName).toBe('Lotte');
		await emulator.events.settled();
		expect(hook.received.map((r) => [r.body.eventName, r.body.eventData.id])).toEqual([['session.success', session.id]]);
	});

	it('offers "cancel in the app" too', async () => {
		const session = await newSession();
		const submit = await submitPage(session.authenticationUrl, 'outcome=abort-in-app');
		expect(submit.status).toBe(200);
		expect((await api('GET', `/sessions/${session.id}`)).body.status).toBe('ABORT');
	});

	it('refuses an outcome the page does not offer, leaving the session open', async () => {
		const session = await newSession();
		for (const outcome of ['constructor', 'success-in-browser', '']) {
			expect((await submitPage(session.authenticationUrl, `outcome=${outcome}`)).status).toBe(400);
		}
		expect((await api('GET', `/sessions/${session.id}`)).body.status).toBe('CREATED');
	});

	it('finishes from a test or the HTTP control with browserReturns: false, giving no callback URL', async () => {
		const hook = await receiver();
		emulator.events.subscribe({ url: hook.url });
		const [first, second] = await Promise.all([newSession(), newSession()]);
		expect(emulator.complete(first.id, 'success', 'youssef', { browserReturns: false })).toBeUndefined();
		const response = await control('POST', `/sessions/${second.id}/complete`, { outcome: 'success', browserReturns: false });
		expect(await response.json()).toEqual({});
		await emulator.events.settled();
		expect(hook.received.map((r) => r.body.eventData.id).sort()).toEqual([first.id, second.id].sort());
	});
});

describe('Signicat emulator: events controls over HTTP', () => {
	it('creates, lists and deletes subscriptions, sets the settings, sends a test event and lists deliveries', async () => {
		const hook = await receiver();
		const created = await control('POST', '/events/subscriptions', {
			url: hook.url,
			eventNames: ['authentication-api:session.success'],
			headers: { 'x-secret': 'k' },
		});
		expect(created.status).toBe(201);
		const { id } = (await created.json()) as { id: string };
		expect(await (await control('GET', '/events/subscriptions')).json()).toEqual([
			{ id, url: hook.url, eventNames: ['authentication-api:session.success'], headers: { 'x-secret': 'k' } },
		]);

		const settings = await control('POST', '/events/settings', { retryWindowSeconds: 5, firstRetryDelayMs: 200, duplicates: 2, firstDeliveryDelayMs: 0 });
		expect(await settings.json()).toEqual({ retryWindowSeconds: 5, firstRetryDelayMs: 200, duplicates: 2, firstDeliveryDelayMs: 0 });
		expect(emulator.events.duplicates).toBe(2);

		// The test event reaches a subscription whatever its filter.
		const test = await control('POST', '/events/test', { subscriptionId: id });
		const { eventId } = (await test.json()) as { eventId: string };
		await emulator.events.settled();
		expect(hook.received).toHaveLength(2);
		expect(hook.received[0].body).toMatchObject({ id: eventId, sender: 'events', eventName: 'test', accountId: DEFAULT_CLIENT.accountId });
		expect(hook.received[0].headers['x-secret']).toBe('k');
		expect(Date.parse(hook.received[0].body.expiresAt) - Date.parse(hook.received[0].body.timestamp)).toBe(5000);
		const deliveries = (await (await control('GET', '/events/deliveries')).json()) as Array<Record<string, unknown>>;
		expect(deliveries).toMatchObject([
			{ eventId, subscriptionId: id, eventName: 'test', attempt: 1, status: 200 },
			{ eventId, subscriptionId: id, eventName: 'test', attempt: 1, status: 200 },
		]);

		expect((await control('DELETE', `/events/subscriptions/${id}`)).status).toBe(200);
		expect((await control('DELETE', `/events/subscriptions/${id}`)).status).toBe(404);
		expect(await (await control('GET', '/events/subscriptions')).json()).toEqual([]);
	});

	it.each([
		['a subscription without a URL', '/events/subscriptions', { eventNames: [] }, 'url'],
		['a subscription to another scheme', '/events/subscriptions', { url: 'ftp://example.test' }, 'url'],
		['event names that are not service:event', '/events/subscriptions', { url: 'http://example.test', eventNames: ['success'] }, 'eventNames'],
		['headers that are not strings', '/events/subscriptions', { url: 'http://example.test', headers: { a: 1 } }, 'headers'],
		['headers as a list', '/events/subscriptions', { url: 'http://example.test', headers: ['x-a'] }, 'headers'],
		['zero duplicates', '/events/settings', { duplicates: 0 }, 'duplicates'],
		['a negative window', '/events/settings', { retryWindowSeconds: -1 }, 'retryWindowSeconds'],
		['a test event to no subscription', '/events/test', { subscriptionId: 'nope' }, 'subscriptionId'],
	])('answers 400 naming the field for %s', async (_what, path, body, field) => {
		const response = await control('POST', path, body);
		expect(response.status).toBe(400);
		expect(((await response.json()) as { detail: string }).detail).toContain(field);
	});
});
