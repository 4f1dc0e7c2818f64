/**
 * End to end in n8n's queue mode, n8n's own answer to scale: Redis and PostgreSQL from Debian's
 * packages, one main n8n (editor, API, webhooks) and two `n8n worker` processes (executions), this
 * package installed from `npm pack` in each. People are played by plain HTTP requests here (the
 * browser journeys run in realN8n.test.ts); the evidence is n8n's execution records, its "Verified
 * people" data table, the workers' own logs and the emulator's request log.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { startDemo } from '../../scripts/n8n/demo';
import type { Demo } from '../../scripts/n8n/demo';
import { QueueServices } from '../../scripts/n8n/queueServices';
import { SignicatEmulator } from '../emulator/server';
import { openStartLink as openPersonStartLink } from './person';

jest.setTimeout(180_000);

const root = resolve(__dirname, '../..');
const PEOPLE = 30;
const emulator = new SignicatEmulator();
let services: QueueServices;
let demo: Demo;
const n8nLog: string[] = [];
/** Which worker started each execution (an execution that waited is started twice). */
const startedOn = new Map<string, string[]>();

beforeAll(async () => {
	services = new QueueServices({ folder: mkdtempSync(join(tmpdir(), 'n8n-queue-db-')), redisPort: 6392, postgresPort: 5442 });
	await services.start();
	await emulator.start();
	demo = await startDemo({
		userFolder: mkdtempSync(join(tmpdir(), 'n8n-queue-')),
		port: 5740,
		emulatorUrl: emulator.url,
		env: services.n8nEnv,
		workers: 2,
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
	// What the three n8n processes printed, for whoever investigates a failure (ignored by git).
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

/** A person opens a start link: n8n (its worker) creates the session and redirects to itsme. */
const openStartLink = async (path: string) => await openPersonStartLink(demo.n8n.url, path);

const tokenRequests = () => emulator.countRequests('POST', '/auth/open/connect/token');

describe('n8n in queue mode: one main, two workers', () => {
	it('trigger journey for 30 people at once, every callback doubled and replayed: one execution per session', async () => {
		const sessionIds = await Promise.all(Array.from({ length: PEOPLE }, async () => await openStartLink('/webhook/itsme-demo')));
		expect(new Set(sessionIds).size).toBe(PEOPLE);
		const callbacks = sessionIds.map((id, i) => emulator.complete(id, i % 5 === 0 ? 'abort' : 'success') as string);

		// Each browser hits its callback twice at once (double click), then once more (refresh).
		const answers = await Promise.all([...callbacks, ...callbacks].map(async (url) => (await fetch(url)).status));
		expect(answers.filter((status) => status === 200)).toHaveLength(2 * PEOPLE);
		await waitForExecutions(TRIGGER_WORKFLOW, PEOPLE);
		const replays = await Promise.all(callbacks.map(async (url) => (await fetch(url)).status));
		expect(replays.filter((status) => status === 200)).toHaveLength(PEOPLE);
		await new Promise((r) => setTimeout(r, 2000));

		const executions = await demo.n8n.executions(demo.workflows[TRIGGER_WORKFLOW]);
		expect(executions).toHaveLength(PEOPLE);
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		const rows = await demo.n8n.dataTableRows(demo.tableId);
		const rowsBySession = sessionIds.map((id) => rows.filter((row) => row.sessionId === id).map((row) => row.status));
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
		expect(tokenRequests()).toBeLessThanOrEqual(1 + demo.workers.length);
	});

	it('Signicat events: received by main, executions on the workers, exactly one per session across both channels', async () => {
		// startDemo subscribed the emulator to main's events URL (the sessions above got their events
		// too, and Wait for Completion's were left to it); every delivery comes twice at once here.
		expect(new URL(demo.eventsUrl).origin).toBe(demo.n8n.url);
		// The event at the instant the browser is sent back (the emulator's default sends it a second later).
		emulator.events.configure({ duplicates: 2, firstDeliveryDelayMs: 0 });
		const people = 20;
		const before = new Set((await demo.n8n.executions(demo.workflows[TRIGGER_WORKFLOW])).map((e) => e.id));
		const sessionIds = await Promise.all(Array.from({ length: people }, async () => await openStartLink('/webhook/itsme-demo')));
		// Even: the browser comes back at the instant the event is sent; odd: approved in the app, tab closed.
		const callbacks = sessionIds.map((id, i) => emulator.complete(id, 'success', 'maxence', { browserReturns: i % 2 === 0 }));
		const answers = await Promise.all(callbacks.filter((url) => url !== undefined).map(async (url) => (await fetch(url)).status));
		expect(answers).toEqual(Array(people / 2).fill(200));
		await waitForExecutions(TRIGGER_WORKFLOW, before.size + people);
		await emulator.events.settled();
		await new Promise((r) => setTimeout(r, 2000));

		const created = (await demo.n8n.executions(demo.workflows[TRIGGER_WORKFLOW])).filter((e) => !before.has(e.id));
		expect(created).toHaveLength(people);
		expect(created.every((e) => e.status === 'success')).toBe(true);
		expect(created.every((e) => (startedOn.get(e.id) ?? []).every((process) => process.startsWith('worker-')) && startedOn.has(e.id))).toBe(true);
		const rows = await demo.n8n.dataTableRows(demo.tableId);
		expect(sessionIds.map((id) => rows.filter((row) => row.sessionId === id).length)).toEqual(Array(people).fill(1));
		const deliveries = emulator.events.deliveries.filter((d) => d.sessionId && sessionIds.includes(d.sessionId));
		expect(deliveries).toHaveLength(2 * people);
		expect(deliveries.every((d) => d.status >= 200 && d.status < 300)).toBe(true);
	});
});
