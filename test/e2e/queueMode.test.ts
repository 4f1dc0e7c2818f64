/**
 * End to end in n8n's queue mode, scaled out as n8n's scaling guide draws it, with the README's
 * recommended load balancer (its "Scaling n8n" section): Redis and PostgreSQL from Debian's packages,
 * two `n8n webhook` processes behind HAProxy receiving the production webhooks (every delivery of one
 * session to the same process), one main n8n (editor, API) out of that pool, and two `n8n worker`
 * processes running the executions; this package installed from `npm pack` in each. People are
 * played by plain HTTP requests here (the browser journeys run in realN8n.test.ts); the evidence is
 * n8n's execution records (which session each execution emitted), its "itsme sessions" data table,
 * the workers' own logs, HAProxy's request log and the emulator's event deliveries.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { startDemo } from '../../scripts/n8n/demo';
import type { Demo } from '../../scripts/n8n/demo';
import { executionsPerSession } from '../../scripts/n8n/executionsPerSession';
import type { ProxiedRequest } from '../../scripts/n8n/loadBalancer';
import { portOf } from '../../scripts/n8n/ports';
import { QueueServices } from '../../scripts/n8n/queueServices';
import { SignicatEmulator } from '../emulator/server';
import { RETRY_UNTIL_ANSWERED } from '../emulator/events';
import { browsersComeBack, openStartLink as openPersonStartLink } from './person';

jest.setTimeout(180_000);

const root = resolve(__dirname, '../..');
const PEOPLE = 50;
const WAITING_PEOPLE = 10;
const WEBHOOK_PROCESSES = 2;
const emulator = new SignicatEmulator();
let services: QueueServices;
let demo: Demo;
const n8nLog: string[] = [];
/** Which worker started each execution (an execution that waited is started twice). */
const startedOn = new Map<string, string[]>();

beforeAll(async () => {
	services = new QueueServices({ folder: mkdtempSync(join(tmpdir(), 'n8n-queue-db-')), redisPort: portOf(6392), postgresPort: portOf(5442) });
	await services.start();
	await emulator.start();
	demo = await startDemo({
		userFolder: mkdtempSync(join(tmpdir(), 'n8n-queue-')),
		port: portOf(5740),
		emulatorUrl: emulator.url,
		env: services.n8nEnv,
		workers: 2,
		webhookProcesses: { count: WEBHOOK_PROCESSES, loadBalancerPort: portOf(5920) },
		// The README's install by hand (the other suites use n8n's own installer).
		installBy: 'npm',
		log: (line, process) => {
			n8nLog.push(`[${process}] ${line}`);
			const started = /Worker started execution (\d+)/.exec(line);
			if (started) startedOn.set(started[1], [...(startedOn.get(started[1]) ?? []), process]);
		},
	});
}, 15 * 60_000);

afterAll(async () => {
	// What the n8n processes and HAProxy printed, for whoever investigates a failure (ignored by git).
	mkdirSync(join(root, 'test-results'), { recursive: true });
	writeFileSync(join(root, 'test-results/queue-mode-n8n.log'), `${n8nLog.join('\n')}\n`);
	await demo?.stop();
	await services?.stop();
	await emulator.stop();
}, 60_000);

const TRIGGER_WORKFLOW = 'demo-verified-people.json';
const WAIT_WORKFLOW = 'demo-wait-for-completion.json';

const waitForExecutions = async (file: string, count: number, statuses?: string[]) =>
	await demo.n8n.waitForExecutions(demo.workflows[file], count, statuses);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const is2xx = (status: number) => status >= 200 && status < 300;

/** A person opens a start link (through the balancer): a worker creates the session and n8n redirects to itsme. */
const openStartLink = async (path: string) => await openPersonStartLink(demo.webhookUrl, path);

/** Rows of each session in the demo table. */
async function rowsPerSession(sessionIds: string[]): Promise<Array<Array<Record<string, unknown>>>> {
	const rows = await demo.n8n.dataTableRows(demo.tableId);
	return sessionIds.map((id) => rows.filter((row) => row.sessionId === id));
}

/**
 * For each session, the requests HAProxy routed on it (callbacks, refreshes, events, resume links),
 * once it has logged `count` of them: HAProxy logs a request when n8n has answered it, and n8n still
 * answers an event attempt that the emulator stopped waiting for.
 */
async function routedDeliveries(sessionIds: string[], count: number): Promise<ProxiedRequest[][]> {
	for (const deadline = Date.now() + 120_000; ; await sleep(500)) {
		const routed = demo.loadBalancer!.requests().filter((request) => request.session && sessionIds.includes(request.session));
		if (routed.length >= count || Date.now() > deadline) return sessionIds.map((id) => routed.filter((request) => request.session === id));
	}
}
const processesOf = (requests: ProxiedRequest[]) => new Set(requests.map((request) => request.server));

const tokenRequests = () => emulator.countRequests('POST', '/auth/open/connect/token');

describe('n8n scaled out: two webhook processes behind HAProxy (session affinity), main out of the pool, two workers', () => {
	it('wait-for-completion for 10 people at once: every waiting execution resumes on a worker through the balancer and finishes', async () => {
		const sessionIds = await Promise.all(Array.from({ length: WAITING_PEOPLE }, async () => await openStartLink('/webhook/itsme-wait-demo')));
		// The person is redirected before the execution has saved itself as waiting.
		await waitForExecutions(WAIT_WORKFLOW, WAITING_PEOPLE, ['waiting']);

		const callbacks = sessionIds.map((id) => emulator.complete(id, 'success', 'lotte') as string);
		expect(callbacks.every((url) => url.startsWith(`${demo.webhookUrl}/webhook-waiting/`))).toBe(true);
		const pages = await Promise.all(callbacks.map(async (url) => await (await fetch(url)).text()));
		expect(pages.every((page) => page.includes('Identity verified'))).toBe(true);

		const executions = await waitForExecutions(WAIT_WORKFLOW, WAITING_PEOPLE);
		expect(executions.map((e) => e.status)).toEqual(Array(WAITING_PEOPLE).fill('success'));
		// Each execution was started twice by the workers: once from the start link, once resumed.
		expect(executions.map((e) => (startedOn.get(e.id) ?? []).length)).toEqual(Array(WAITING_PEOPLE).fill(2));
		const rows = await demo.n8n.dataTableRows(demo.tableId);
		for (const id of sessionIds) expect(rows.filter((row) => row.sessionId === id)).toEqual([expect.objectContaining({ status: 'SUCCESS', firstName: 'Lotte' })]);
		// The resume links name their session: HAProxy routed each on it.
		expect((await routedDeliveries(sessionIds, WAITING_PEOPLE)).map((requests) => requests.some((r) => r.uri.startsWith('/webhook-waiting/')))).toEqual(Array(WAITING_PEOPLE).fill(true));
	});

	it('50 people finish at once, each session\'s callback, event and a refresh at the same instant: exactly one execution per session, none lost', async () => {
		// startDemo subscribed the emulator to the events URL behind the balancer.
		expect(new URL(demo.eventsUrl).origin).toBe(demo.webhookUrl);
		// The event at the instant the browser is sent back (the emulator's default sends it a second later),
		// retried until answered: what is tested is exactly once, not that this machine answers a burst within 30 s.
		emulator.events.configure({ firstDeliveryDelayMs: 0, retryWindowSeconds: RETRY_UNTIL_ANSWERED });
		const before = new Set((await demo.n8n.executions(demo.workflows[TRIGGER_WORKFLOW])).map((e) => e.id));
		const sessionIds = await Promise.all(Array.from({ length: PEOPLE }, async () => await openStartLink('/webhook/itsme-demo')));
		expect(new Set(sessionIds).size).toBe(PEOPLE);
		const outcomeOf = (i: number) => (i % 5 === 0 ? 'abort' : 'success');
		// Completing publishes each session's event; every browser comes back and is refreshed at the same instant.
		const callbacks = sessionIds.map((id, i) => emulator.complete(id, outcomeOf(i), 'maxence') as string);
		// A browser told to try again (n8n busy) tries again, once the burst is over.
		let browserRequests = 2 * PEOPLE;
		browserRequests += await browsersComeBack([...callbacks, ...callbacks]);
		await waitForExecutions(TRIGGER_WORKFLOW, before.size + PEOPLE);
		await emulator.events.settled();
		// Later, each person refreshes the page once more: nothing starts again.
		browserRequests += PEOPLE + (await browsersComeBack(callbacks));
		await sleep(2000);

		const created = (await demo.n8n.endedExecutions(demo.workflows[TRIGGER_WORKFLOW])).filter((e) => !before.has(e.id));
		const perSession = await executionsPerSession(demo.n8n, created.map((e) => e.id), sessionIds);
		const attempts = emulator.events.deliveries.filter((d) => d.sessionId && sessionIds.includes(d.sessionId));
		const routed = await routedDeliveries(sessionIds, browserRequests + attempts.length);
		const events = routed.map((requests) => requests.filter((r) => r.uri.includes('/events')));
		const firstAttempt2xx = attempts.filter((d) => d.attempt === 1 && is2xx(d.status)).length;
		// eslint-disable-next-line no-console
		console.log(
			`50 people, callback, event and refresh at the same instant, through HAProxy: ${created.length} executions ` +
				`(${perSession.filter((n) => n > 1).length} sessions emitted twice, ${perSession.filter((n) => n === 0).length} lost); ` +
				`${routed.filter((requests) => processesOf(requests).size === 1).length} of 50 sessions had all their deliveries on one webhook process; ` +
				`slowest answer ${Math.max(...routed.flat().map((r) => r.ms))} ms; ${events.flat().length} event deliveries, ` +
				`${browserRequests - 3 * PEOPLE} browsers told to try again; ${firstAttempt2xx} of 50 answered within the 10 s the emulator (like Signicat) waits at the first attempt. Machine load (1 min): ${loadavg()[0].toFixed(1)}.`,
		);
		// Exactly once: one execution per session, none lost, none doubled.
		expect(perSession).toEqual(Array(PEOPLE).fill(1));
		expect(created).toHaveLength(PEOPLE);
		expect(created.every((e) => e.status === 'success')).toBe(true);
		// Each session's callback, refresh, replay (and a browser's second try) and every event attempt
		// went to one process, the sessions to both.
		expect(routed.map((requests) => processesOf(requests).size)).toEqual(Array(PEOPLE).fill(1));
		const fromBrowsers = routed.map((requests, i) => requests.length - events[i].length);
		expect(fromBrowsers.every((count) => count >= 3)).toBe(true);
		expect(fromBrowsers.reduce((sum, count) => sum + count, 0)).toBe(browserRequests);
		expect(events.map((requests) => requests.length)).toEqual(sessionIds.map((id) => attempts.filter((d) => d.sessionId === id).length));
		expect(new Set(routed.flatMap((requests) => [...processesOf(requests)]))).toEqual(new Set(['webhook-1', 'webhook-2']));
		// n8n acknowledged every session's event in the end, as HAProxy saw it (it also logs n8n's answer
		// to an attempt the emulator, like Signicat, stopped waiting for after 10 s: how fast this shared
		// machine answers is not what is tested here).
		expect(events.map((requests) => requests.some((r) => is2xx(r.status)))).toEqual(Array(PEOPLE).fill(true));
		const rows = (await rowsPerSession(sessionIds)).map((sessionRows) => sessionRows.map((row) => row.status));
		expect(rows).toEqual(sessionIds.map((_, i) => [outcomeOf(i) === 'abort' ? 'ABORT' : 'SUCCESS']));

		// The executions ran on the workers, not on main, and on both of them.
		expect(created.every((e) => startedOn.has(e.id))).toBe(true);
		expect(new Set(created.flatMap((e) => startedOn.get(e.id) ?? []))).toEqual(new Set(['worker-1', 'worker-2']));
	});

	it('fetched one token per n8n process at most, not one per worker per item', () => {
		expect(emulator.countRequests('POST', '/auth/rest/sessions')).toBe(PEOPLE + WAITING_PEOPLE);
		expect(tokenRequests()).toBeGreaterThanOrEqual(1);
		expect(tokenRequests()).toBeLessThanOrEqual(1 + demo.workers.length + demo.webhooks.length);
	});
});
