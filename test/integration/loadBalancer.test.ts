/**
 * The scaled topology's load balancer (scripts/n8n/loadBalancer.ts): a real HAProxy from Debian's
 * packages in front of stand-ins for the n8n processes (plain HTTP servers that answer with their
 * name), so that where each request goes is seen directly. The real n8n processes behind it are
 * test/e2e/queueMode.test.ts's.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { LoadBalancer, RECOMMENDED_SPREAD } from '../../scripts/n8n/loadBalancer';

jest.setTimeout(120_000);

/** A stand-in for an n8n process: answers every request with its name, after `delayMs` (a busy process). */
class Upstream {
	private server?: Server;
	port = 0;
	delayMs = 0;
	/** Requests it is answering now, and the most it had at once. */
	private active = 0;
	peak = 0;

	constructor(readonly name: string) {}

	async start(): Promise<this> {
		const server = createServer((req, res) => {
			this.peak = Math.max(this.peak, ++this.active);
			req.resume();
			req.on('end', () =>
				setTimeout(() => {
					this.active--;
					res.end(this.name);
				}, this.delayMs),
			);
		});
		await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
		this.port = (server.address() as AddressInfo).port;
		this.server = server;
		return this;
	}

	/** Gone, as a killed process: nothing listens on its port any more. */
	async stop(): Promise<void> {
		const server = this.server;
		server?.closeAllConnections();
		await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	}
}

const main = new Upstream('main');
const webhooks = [new Upstream('webhook-1'), new Upstream('webhook-2')];
const haproxyLog: string[] = [];
let balancer: LoadBalancer;

beforeAll(async () => {
	await Promise.all([main, ...webhooks].map(async (upstream) => await upstream.start()));
	const port = await freePort();
	balancer = new LoadBalancer({
		folder: mkdtempSync(join(tmpdir(), 'load-balancer-')),
		port,
		webhookPorts: webhooks.map((w) => w.port),
		mainPort: main.port,
		log: (line) => haproxyLog.push(line),
	});
	await balancer.start();
});

afterAll(async () => {
	await balancer?.stop();
	await Promise.all([main, ...webhooks].map(async (upstream) => await upstream.stop()));
});

async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as AddressInfo;
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}

/** Which process answered (the stand-ins answer with their name). */
async function answeredBy(path: string, init?: RequestInit): Promise<string> {
	const response = await fetch(`${balancer.url}${path}`, init);
	expect(response.status).toBe(200);
	return await response.text();
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const event = (eventData: unknown) => postJson({ id: 'e1', sender: 'authentication-api', eventName: 'session.success', eventData, accountId: 'a-spge-1' });

/** Every way a delivery of session `id` reaches the itsme Trigger, as Signicat and browsers send it and as the trigger reads it. */
const deliveriesOf = (id: string): Array<[string, RequestInit?]> => [
	[`/webhook/t/itsme?sessionId=${id}&outcome=success`],
	[`/webhook/t/itsme?outcome=success&sessionId=${id.toUpperCase()}`],
	['/webhook/t/events?secret=s', event({ id, status: 'SUCCESS', accountId: 'a-spge-1', externalReference: null })],
	['/webhook/t/events?secret=s', event({ id: id.toUpperCase(), status: 'SUCCESS' })],
	['/webhook/t/events?secret=s', event({ sessionId: id })],
	['/webhook/t/events?secret=s', event({ session: { id } })],
	['/webhook/t/events?secret=s', event({ session: { sessionId: id } })],
	['/webhook/t/events?secret=s', event(JSON.stringify({ id }))],
	// Like the trigger, the first session id (a GUID) counts: a sessionId that is none is passed over.
	['/webhook/t/events?secret=s', event({ sessionId: 'not-a-session', id })],
	['/webhook-waiting/42?sessionId=' + id],
	['/webhook/t/itsme', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `sessionId=${id}` }],
	['/webhook/t/itsme', postJson({ sessionId: id })],
];

/** For each session, the processes that received its deliveries. */
async function processesPerSession(ids: string[]): Promise<Array<Set<string>>> {
	return await Promise.all(
		ids.map(async (id) => new Set(await Promise.all(deliveriesOf(id).map(async ([path, init]) => await answeredBy(path, init))))),
	);
}

async function waitForLogLine(text: string): Promise<void> {
	for (const deadline = Date.now() + 60_000; !haproxyLog.some((line) => line.includes(text)); ) {
		if (Date.now() > deadline) throw new Error(`HAProxy did not log "${text}" within 60 s; it logged:\n${haproxyLog.join('\n')}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe('load balancer of the scaled topology (HAProxy)', () => {
	const sessions = Array.from({ length: 40 }, () => randomUUID());

	it('sends every delivery of one session to the same webhook process, the sessions spread over both', async () => {
		const reached = await processesPerSession(sessions);
		expect(reached.map((processes) => processes.size)).toEqual(sessions.map(() => 1));
		expect(new Set(reached.flatMap((processes) => [...processes]))).toEqual(new Set(['webhook-1', 'webhook-2']));

		// The request log names the session each request was routed on, lower case, whatever its spelling.
		const logged = balancer.requests();
		for (const id of sessions) {
			const routed = logged.filter((request) => request.session === id);
			expect(routed).toHaveLength(deliveriesOf(id).length);
			expect(new Set(routed.map((request) => request.server)).size).toBe(1);
		}
	});

	it('sends requests that name no session to either webhook process, and everything else to main, unlogged', async () => {
		const before = balancer.requests().length;
		const unnamed = await Promise.all(
			['/form/f', '/form-waiting/42', '/webhook-waiting/42', '/webhook/t/itsme', '/webhook/t/itsme?sessionId=nope'].flatMap((path) =>
				[1, 2, 3, 4].map(async () => await answeredBy(path)),
			),
		);
		expect(new Set(unnamed)).toEqual(new Set(['webhook-1', 'webhook-2']));
		const named = await answeredBy('/webhook/t/events?secret=s', event({ status: 'SUCCESS' }));
		expect(['webhook-1', 'webhook-2']).toContain(named);
		expect(await answeredBy('/rest/login')).toBe('main');
		expect(await answeredBy('/')).toBe('main');
		expect(await answeredBy('/webhook-test/t/itsme')).toBe('main');

		const logged = balancer.requests().slice(before);
		expect(logged).toHaveLength(unnamed.length + 1);
		expect(logged.every((request) => request.session === undefined && request.status === 200)).toBe(true);
	});

	it('takes a process that is gone out of the ring: its sessions move to the other one at once, the others stay', async () => {
		const before = (await processesPerSession(sessions)).map((processes) => [...processes][0]);
		await webhooks[1].stop();
		// Right away (before any health check noticed): a connection refused is tried on the other process.
		const whileGone = (await processesPerSession(sessions)).map((processes) => [...processes]);
		expect(whileGone).toEqual(sessions.map(() => ['webhook-1']));
		await waitForLogLine('webhook-2 is DOWN');
		expect((await processesPerSession(sessions)).map((processes) => [...processes])).toEqual(sessions.map(() => ['webhook-1']));

		// Back: each session returns to the process it had (consistent hashing), after the health checks see it.
		await webhooks[1].start();
		await waitForLogLine('webhook-2 is UP');
		expect((await processesPerSession(sessions)).map((processes) => [...processes][0])).toEqual(before);
	});

	it('keeps a busy process in the ring: its sessions wait for it rather than move', async () => {
		const before = (await processesPerSession(sessions)).map((processes) => [...processes][0]);
		const downBefore = haproxyLog.filter((line) => line.includes(' is DOWN')).length;
		webhooks[1].delayMs = 3000;
		try {
			// Three seconds and more without an answer: health checks every second, none takes it out.
			const during = await Promise.all(sessions.map(async (id) => await answeredBy(`/webhook/t/itsme?sessionId=${id}`)));
			expect(during).toEqual(before);
		} finally {
			webhooks[1].delayMs = 0;
		}
		expect(haproxyLog.filter((line) => line.includes(' is DOWN')).length).toBe(downBefore);
	});

	it('lets at most 8 requests at once into each process; the others wait for their own process, and the log says how long', async () => {
		const before = (await processesPerSession(sessions)).map((processes) => [...processes][0]);
		const logFrom = balancer.requests().length;
		for (const webhook of webhooks) {
			webhook.peak = 0;
			webhook.delayMs = 200;
		}
		try {
			const burst = await Promise.all(sessions.flatMap((id) => [1, 2, 3].map(async () => await answeredBy(`/webhook/t/itsme?sessionId=${id}`))));
			expect(burst).toEqual(before.flatMap((name) => [name, name, name]));
		} finally {
			for (const webhook of webhooks) webhook.delayMs = 0;
		}
		expect(webhooks.map((webhook) => webhook.peak)).toEqual([8, 8]);
		// 120 requests, 8 at a time per process, 200 ms each: from the third round of 8 on, a request
		// has waited 400 ms for its place (at least 100 ms even if the burst took 300 ms to send).
		const logged = balancer.requests().slice(logFrom);
		expect(logged).toHaveLength(120);
		expect(logged.filter((request) => request.queuedMs >= 100).length).toBeGreaterThanOrEqual(16);
		expect(logged.every((request) => request.queuedMs >= 0 && request.queuedMs <= request.ms)).toBe(true);
	});

	it('without affinity (round robin, the bench\'s comparison) splits the deliveries of one session', async () => {
		await balancer.restartWith({ ...RECOMMENDED_SPREAD, affinity: 'none' });
		try {
			const reached = await processesPerSession(sessions);
			expect(reached.every((processes) => processes.size === 2)).toBe(true);
		} finally {
			await balancer.restartWith(RECOMMENDED_SPREAD);
		}
	});
});
