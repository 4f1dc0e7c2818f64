/**
 * End to end in n8n's queue mode, scaled out as n8n's scaling guide draws it (the README's scaling
 * section): Redis and PostgreSQL from Debian's packages, two `n8n webhook` processes behind nginx
 * (round robin) receiving the production webhooks, one main n8n (editor, API) out of that pool, and
 * two `n8n worker` processes running the executions; this package installed from `npm pack` in
 * each. People are played by plain HTTP requests here (the browser journeys run in
 * realN8n.test.ts); the evidence is n8n's execution records, its "itsme sessions" data table, the
 * workers' own logs, nginx's access log and the emulator's request log.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { startDemo } from '../../scripts/n8n/demo';
import type { Demo } from '../../scripts/n8n/demo';
import { portOf } from '../../scripts/n8n/ports';
import { QueueServices } from '../../scripts/n8n/queueServices';
import { SignicatEmulator } from '../emulator/server';
import { openStartLink as openPersonStartLink } from './person';

jest.setTimeout(180_000);

const root = resolve(__dirname, '../..');
const PEOPLE = 30;
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
	// What the n8n processes and nginx printed, for whoever investigates a failure (ignored by git).
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

/** A person opens a start link (through nginx): a worker creates the session and n8n redirects to itsme. */
const openStartLink = async (path: string) => await openPersonStartLink(demo.webhookUrl, path);

/**
 * For each session, the webhook processes that received one of its callbacks or events (nginx's
 * access log: the callback URL and the event body name the session). Within one process a session
 * starts one execution at most, so this is the most executions the sessions may start together.
 */
function processesReached(sessionIds: string[]): Array<Set<string>> {
	const requests = demo.loadBalancer!.requests();
	return sessionIds.map((id) => new Set(requests.filter((r) => r.uri.includes(id) || r.body.includes(id)).map((r) => r.upstream)));
}

/** The trigger's executions, once every execution n8n has recorded has ended. */
async function settledExecutions(): Promise<Array<{ id: string; status: string }>> {
	for (;;) {
		const executions = await demo.n8n.executions(demo.workflows[TRIGGER_WORKFLOW]);
		if (executions.every((e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status))) return executions;
		await sleep(200);
	}
}

/** Rows of each session in the demo table (the sink upserts by sessionId: one each, whatever ran twice). */
async function rowsPerSession(sessionIds: string[]): Promise<Array<Array<Record<string, unknown>>>> {
	const rows = await demo.n8n.dataTableRows(demo.tableId);
	return sessionIds.map((id) => rows.filter((row) => row.sessionId === id));
}

const tokenRequests = () => emulator.countRequests('POST', '/auth/open/connect/token');

describe('n8n scaled out: two webhook processes behind nginx, main out of the pool, two workers', () => {
	it('trigger journey for 30 people at once, every callback doubled and replayed: one execution per session per webhook process, one row per session', async () => {
		const sessionIds = await Promise.all(Array.from({ length: PEOPLE }, async () => await openStartLink('/webhook/itsme-demo')));
		expect(new Set(sessionIds).size).toBe(PEOPLE);
		const callbacks = sessionIds.map((id, i) => emulator.complete(id, i % 5 === 0 ? 'abort' : 'success') as string);

		// Each browser hits its callback twice at once (double click), then once more (refresh).
		const answers = await Promise.all([...callbacks, ...callbacks].map(async (url) => (await fetch(url)).status));
		expect(answers.filter((status) => status === 200)).toHaveLength(2 * PEOPLE);
		await waitForExecutions(TRIGGER_WORKFLOW, PEOPLE);
		const replays = await Promise.all(callbacks.map(async (url) => (await fetch(url)).status));
		expect(replays.filter((status) => status === 200)).toHaveLength(PEOPLE);
		await emulator.events.settled(); // their events too, a second after each browser was sent back
		await sleep(2000);

		const executions = await settledExecutions();
		const reached = processesReached(sessionIds);
		// eslint-disable-next-line no-console
		console.log(
			`30 double-clicked callbacks through nginx: ${reached.filter((p) => p.size > 1).length} sessions reached both webhook processes; ${executions.length} executions (${executions.length - PEOPLE} duplicates).`,
		);
		expect(new Set(reached.flatMap((p) => [...p])).size).toBe(WEBHOOK_PROCESSES);
		expect(executions.length).toBeGreaterThanOrEqual(PEOPLE);
		expect(executions.length).toBeLessThanOrEqual(reached.reduce((sum, p) => sum + p.size, 0));
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		const rowsBySession = (await rowsPerSession(sessionIds)).map((rows) => rows.map((row) => row.status));
		expect(rowsBySession).toEqual(sessionIds.map((_, i) => [i % 5 === 0 ? 'ABORT' : 'SUCCESS']));

		// The executions ran on the workers, not on main, and on both of them.
		const workersUsed = new Set(executions.flatMap((e) => startedOn.get(e.id) ?? []));
		expect(executions.every((e) => startedOn.has(e.id))).toBe(true);
		expect([...workersUsed].sort()).toEqual(['worker-1', 'worker-2']);
	});

	it('wait-for-completion for 10 people at once: every waiting execution resumes on a worker and finishes', async () => {
		const people = 10;
		const sessionIds = await Promise.all(Array.from({ length: people }, async () => await openStartLink('/webhook/itsme-wait-demo')));
		// The person is redirected before the execution has saved itself as waiting.
		await waitForExecutions(WAIT_WORKFLOW, people, ['waiting']);

		const callbacks = sessionIds.map((id) => emulator.complete(id, 'success', 'lotte') as string);
		const pages = await Promise.all(callbacks.map(async (url) => await (await fetch(url)).text()));
		expect(pages.every((page) => page.includes('Identity verified'))).toBe(true);

		const executions = await waitForExecutions(WAIT_WORKFLOW, people);
		expect(executions.map((e) => e.status)).toEqual(Array(people).fill('success'));
		// Each execution was started twice by the workers: once from the start link, once resumed.
		expect(executions.map((e) => (startedOn.get(e.id) ?? []).length)).toEqual(Array(people).fill(2));
		const rows = await demo.n8n.dataTableRows(demo.tableId);
		for (const id of sessionIds) expect(rows.filter((row) => row.sessionId === id)).toEqual([expect.objectContaining({ status: 'SUCCESS', firstName: 'Lotte' })]);
	});

	it('fetched one token per n8n process at most, not one per worker per item', () => {
		const sessionsCreated = emulator.countRequests('POST', '/auth/rest/sessions');
		expect(sessionsCreated).toBe(PEOPLE + 10);
		expect(tokenRequests()).toBeGreaterThanOrEqual(1);
		expect(tokenRequests()).toBeLessThanOrEqual(1 + demo.workers.length + demo.webhooks.length);
	});

	it('50 people finish at once, callback and event at the same instant on either webhook process: duplicates counted, exactly 50 rows', async () => {
		// startDemo subscribed the emulator to the events URL behind nginx (the sessions above got their
		// events too, and Wait for Completion's were left to it).
		expect(new URL(demo.eventsUrl).origin).toBe(demo.webhookUrl);
		const people = 50;
		// The event at the instant the browser is sent back (the emulator's default sends it a second later).
		emulator.events.configure({ firstDeliveryDelayMs: 0 });
		const before = new Set((await demo.n8n.executions(demo.workflows[TRIGGER_WORKFLOW])).map((e) => e.id));
		const sessionIds = await Promise.all(Array.from({ length: people }, async () => await openStartLink('/webhook/itsme-demo')));
		// Completing publishes each session's event; every browser comes back at the same instant.
		const callbacks = sessionIds.map((id) => emulator.complete(id, 'success', 'maxence') as string);
		const answers = await Promise.all(callbacks.map(async (url) => (await fetch(url)).status));
		expect(answers).toEqual(Array(people).fill(200));
		await waitForExecutions(TRIGGER_WORKFLOW, before.size + people);
		await emulator.events.settled();
		await sleep(2000);

		const created = (await settledExecutions()).filter((e) => !before.has(e.id));
		const reached = processesReached(sessionIds);
		const rows = await rowsPerSession(sessionIds);
		const split = reached.filter((p) => p.size > 1).length;
		const deliveries = emulator.events.deliveries.filter((d) => d.sessionId && sessionIds.includes(d.sessionId));
		const is2xx = (status: number) => status >= 200 && status < 300;
		const firstAttempt2xx = deliveries.filter((d) => d.attempt === 1 && is2xx(d.status)).length;
		// eslint-disable-next-line no-console
		console.log(
			`50 people, callback and event at the same instant: ${split} of 50 sessions had them on different webhook processes; ` +
				`${created.length} executions (${created.length - people} duplicates); ${rows.flat().length} rows; ` +
				`${firstAttempt2xx} of 50 events answered at the first attempt (the emulator, like Signicat, gives up an attempt after 10 s and retries).`,
		);
		expect(created.every((e) => e.status === 'success')).toBe(true);
		expect(created.every((e) => (startedOn.get(e.id) ?? []).every((process) => process.startsWith('worker-')) && startedOn.has(e.id))).toBe(true);
		// At least once across processes, exactly once within one.
		expect(created.length).toBeGreaterThanOrEqual(people);
		expect(created.length).toBeLessThanOrEqual(reached.reduce((sum, p) => sum + p.size, 0));
		// The upsert keyed by sessionId: one row per session whatever ran twice.
		expect(rows.map((sessionRows) => sessionRows.length)).toEqual(Array(people).fill(1));
		expect(rows.every(([row]) => row.status === 'SUCCESS')).toBe(true);
		// Every event answered 2xx in the end (Signicat retries one that got no answer within 10 s).
		expect(sessionIds.map((id) => deliveries.some((d) => d.sessionId === id && is2xx(d.status)))).toEqual(Array(people).fill(true));
	});
});
