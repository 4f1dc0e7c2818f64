/**
 * End to end: the itsme Trigger's front door and its memory in a real n8n (SQLite), with the
 * package installed from `npm pack`, the emulator (its request log counts every Signicat read) and
 * its Events service subscribed to the demo trigger. Strangers' made-up links, letter case, a
 * database that cannot save executions for a moment, the default personal-data mode, a settings
 * problem met by every request. Evidence: n8n's execution records, its data table and its log.
 * Run by triggerFrontDoor.test.ts (n8n 2.41.1) and triggerFrontDoor-1.x.test.ts (n8n 1.123.81,
 * which answers a webhook before it saves the execution: no failing-database tests there).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'flatted';

import { startDemo } from '../../scripts/n8n/demo';
import type { Demo } from '../../scripts/n8n/demo';
import { loadExample } from '../../scripts/n8n/examples';
import { ExecutionSaveFault } from '../../scripts/n8n/executionSaveFault';
import { createTriggerSessions } from '../../scripts/n8n/triggerSessions';
import { SignicatEmulator } from '../emulator/server';
import { openStartLink } from './person';

/**
 * `savesBeforeAnswering`: n8n answers the delivery that started an execution only once it has saved
 * it (2.x); 1.x answers first, so a failed save cannot be shown to the caller there.
 */
export function triggerFrontDoorJourneys({ n8nVersion, port, savesBeforeAnswering }: { n8nVersion: string; port: number; savesBeforeAnswering: boolean }) {
	jest.setTimeout(180_000);

	const emulator = new SignicatEmulator();
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-front-door-'));
	const n8nLog: string[] = [];
	let demo: Demo;
	let fault: ExecutionSaveFault | undefined;

	beforeAll(async () => {
		await emulator.start();
		demo = await startDemo({ userFolder, port, n8nVersion, emulatorUrl: emulator.url, log: (line) => n8nLog.push(line) });
		// Only where its tests run: a second connection writing to a running n8n 1.x's database is not needed there.
		if (savesBeforeAnswering) {
			fault = new ExecutionSaveFault(demo.installDir, userFolder);
			fault.install();
		}
	}, 15 * 60_000);

	afterAll(async () => {
		try {
			fault?.set(false);
		} finally {
			// Stopped whatever happened above: a running n8n left behind keeps jest from ending.
			await demo?.stop();
			await emulator.stop();
		}
	}, 60_000);

	const TRIGGER_WORKFLOW = 'demo-verified-people.json';
	const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
	/** Reads of a session Signicat answered (token renewals aside). */
	const sessionReads = () => emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/auth/rest/sessions/') && r.status !== 401).length;
	const rowsOf = async (sessionId: string) => (await demo.n8n.dataTableRows(demo.tableId)).filter((row) => row.sessionId === sessionId);
	const triggerExecutions = async () => await demo.n8n.executions(demo.workflows[TRIGGER_WORKFLOW]);

	/** The URL the person's browser comes back to: the session's callback URL, with the id Signicat appends. */
	function callbackOf(sessionId: string): string {
		const session = emulator.sessions.get(sessionId);
		const url = new URL(session ? (emulator.sessions.callbackUrlsOf(session)?.success ?? '') : '');
		url.searchParams.set('sessionId', sessionId);
		return url.toString();
	}

	/** A session of the demo's start link (Create Session with Callbacks: Trigger URL), not finished yet. */
	const startedSession = async (): Promise<string> => await openStartLink(demo.n8n.url, '/webhook/itsme-demo');

	/** A session of the demo's start link, approved in the itsme app without coming back to the browser. */
	async function finishedSession(): Promise<string> {
		const sessionId = await startedSession();
		emulator.complete(sessionId, 'success', 'maxence', { browserReturns: false });
		return sessionId;
	}

	let subscriptionId: string | undefined;

	async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
		for (const deadline = Date.now() + timeoutMs; !(await condition()); await sleep(200)) {
			if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
		}
	}

	describe(`the itsme Trigger in a real n8n ${n8nVersion}: its front door`, () => {
		beforeAll(() => {
			// Deliveries only when a test sends them: here strangers call the callback URL.
			emulator.events.unsubscribe(demo.eventsSubscriptionId);
		});

		it('50 made-up session ids at the callback URL: at most 2 Signicat reads, the unknown page, nothing started', async () => {
			const before = { reads: sessionReads(), executions: (await triggerExecutions()).length };
			// One after another, as a script trying ids does (at once, n8n's own database check may answer some first).
			const visits = [];
			const pages = [];
			for (let i = 0; i < 50; i++) {
				const visit = await fetch(`${demo.triggerUrl}?outcome=success&sessionId=${randomUUID()}`, { redirect: 'manual' });
				visits.push(visit);
				pages.push(await visit.text());
			}
			await sleep(1000);
			const reads = sessionReads() - before.reads;
			// eslint-disable-next-line no-console -- the figures of this run
			console.log(`50 made-up session ids without a link token: ${reads} Signicat reads`);
			expect(reads).toBeLessThanOrEqual(2);
			expect(visits.every((visit) => visit.status === 404)).toBe(true);
			expect(pages.every((page) => page.includes('Unknown verification'))).toBe(true);
			expect((await triggerExecutions()).length).toBe(before.executions);
		});

		it("one real link's other parameters with 20 made-up ids: at most 5 reads; the link still brings its own session once", async () => {
			const sessionId = await finishedSession();
			const before = sessionReads();
			const forged = new URL(callbackOf(sessionId));
			for (let i = 0; i < 20; i++) {
				forged.searchParams.set('sessionId', randomUUID());
				expect((await fetch(forged, { redirect: 'manual' })).status).toBe(404);
			}
			const reads = sessionReads() - before;
			// eslint-disable-next-line no-console -- the figures of this run
			console.log(`one real link with 20 made-up ids: ${reads} Signicat reads`);
			expect(reads).toBeLessThanOrEqual(5);
			expect(await rowsOf(sessionId)).toHaveLength(0);
		});

		it('a handled session named in upper case, by the callback and by an event, is the same session: one execution', async () => {
			const before = (await triggerExecutions()).length;
			const sessionId = await finishedSession();
			const first = await fetch(callbackOf(sessionId));
			expect(await first.text()).toContain('Identity verified');
			// The row read once its execution has ended: n8n 1.x's data-table REST can fail ("Transaction is
			// not started yet") when it is read while an execution writes a row.
			await demo.n8n.waitForExecutions(demo.workflows[TRIGGER_WORKFLOW], before + 1);
			expect(await rowsOf(sessionId)).toHaveLength(1);

			const upper = new URL(callbackOf(sessionId));
			upper.searchParams.set('sessionId', sessionId.toUpperCase());
			const again = await fetch(upper);
			const event = await fetch(demo.eventsUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ id: randomUUID(), sender: 'authentication-api', eventName: 'session.success', eventData: { id: sessionId.toUpperCase() } }),
			});
			expect(await again.text()).toContain('Identity verified');
			expect(await event.json()).toEqual({ received: true, duplicate: true });
			await sleep(1500);
			const executionsOfSession = (await demo.n8n.dataTableRows(demo.tableId)).filter((row) => String(row.sessionId).toLowerCase() === sessionId);
			expect(executionsOfSession).toHaveLength(1);
		});
	});

	(savesBeforeAnswering ? describe : describe.skip)(`the itsme Trigger in a real n8n ${n8nVersion}: a session counts as handled once n8n holds its execution`, () => {
		beforeAll(() => {
			// Retries a second apart, doubling, for a minute: the fault below lasts a few seconds.
			emulator.events.configure({ firstDeliveryDelayMs: 0, firstRetryDelayMs: 1000, retryWindowSeconds: 60 });
		});

		it("while n8n cannot save executions, Signicat's event is not acknowledged; once it can, the retried event brings the session in, exactly once", async () => {
			subscriptionId = emulator.events.subscribe({ url: demo.eventsUrl }).id;
			// Created while n8n can save (the start link's own execution), finished while it cannot.
			const sessionId = await startedSession();
			fault!.set(true);
			emulator.complete(sessionId, 'success', 'maxence', { browserReturns: false });
			try {
				await until(() => emulator.events.deliveries.filter((d) => d.sessionId === sessionId).length >= 2, 'two delivery attempts');
			} finally {
				fault!.set(false);
			}
			const whileFailing = emulator.events.deliveries.filter((d) => d.sessionId === sessionId).map((d) => d.status);
			expect(whileFailing.every((status) => status >= 500)).toBe(true);

			await until(() => emulator.events.deliveries.some((d) => d.sessionId === sessionId && d.status === 200), 'a delivery acknowledged');
			await until(async () => (await rowsOf(sessionId)).length === 1, 'the row of the session');
			await emulator.events.settled();
			await sleep(1500);
			// eslint-disable-next-line no-console -- the figures of this run
			console.log(`deliveries of a session while n8n could not save, then after: ${emulator.events.deliveries.filter((d) => d.sessionId === sessionId).map((d) => d.status).join(', ')}`);
			expect(await rowsOf(sessionId)).toHaveLength(1);
			// Nothing recorded as handled during the fault, nothing twice after it.
			const executions = await demo.n8n.waitForExecutions(demo.workflows[TRIGGER_WORKFLOW], 1);
			expect(executions.filter((e) => e.status === 'success').length).toBe((await demo.n8n.dataTableRows(demo.tableId)).length);
		});

		it("a browser that came back while n8n could not save gets n8n's error; its refresh, once n8n can save, brings the session in, once", async () => {
			// An account without Events: the browser is the only channel.
			if (subscriptionId) emulator.events.unsubscribe(subscriptionId);
			const sessionId = await startedSession();
			emulator.complete(sessionId, 'success', 'maxence', { browserReturns: false });
			fault!.set(true);
			let failed: Response;
			try {
				failed = await fetch(callbackOf(sessionId), { redirect: 'manual' });
			} finally {
				fault!.set(false);
			}
			expect(failed.status).toBe(500);
			expect(await rowsOf(sessionId)).toHaveLength(0);

			const refreshed = await fetch(callbackOf(sessionId));
			expect(await refreshed.text()).toContain('Identity verified');
			await until(async () => (await rowsOf(sessionId)).length === 1, 'the row of the session');
			await fetch(callbackOf(sessionId));
			await sleep(1500);
			expect(await rowsOf(sessionId)).toHaveLength(1);
		});
	});

	describe(`the itsme Trigger in a real n8n ${n8nVersion}: defaults and its own settings`, () => {
		/** A trigger workflow of its own: the trigger with these options, nothing after it. */
		async function importTrigger(name: string, options: Record<string, unknown>): Promise<{ id: string; triggerUrl: string }> {
			const workflow = loadExample(TRIGGER_WORKFLOW);
			const trigger = workflow.nodes.find((node: { type: string }) => node.type.endsWith('.itsmeTrigger'));
			const webhookId = randomUUID();
			Object.assign(trigger, { webhookId, id: randomUUID(), parameters: { ...trigger.parameters, options } });
			const credentials = await demo.n8n.rest<Array<{ id: string; name: string }>>('GET', '/credentials');
			const id = await demo.n8n.importWorkflow(
				{ name, nodes: [trigger], connections: {}, settings: workflow.settings },
				{ signicatApi: credentials.find((c) => c.name === 'Signicat API (emulator)')!.id },
				true,
			);
			return { id, triggerUrl: `${demo.webhookUrl}/webhook/${webhookId}/itsme` };
		}

		it('puts out the national number masked when the workflow chose no mode', async () => {
			const { id, triggerUrl } = await importTrigger('front door: default options', {});
			const [sessionId] = await createTriggerSessions(emulator, triggerUrl, 1);
			emulator.complete(sessionId, 'success', 'maxence', { browserReturns: false });
			expect(await (await fetch(callbackOf(sessionId))).text()).toContain('Identity verified');
			const [{ id: executionId }] = await demo.n8n.waitForExecutions(id, 1);
			const execution = await demo.n8n.rest<{ data: string }>('GET', `/executions/${executionId}`);
			const [item] = parse(execution.data).resultData.runData['itsme Trigger'][0].data.main[0];
			expect(item.json).toMatchObject({ sessionId, nationalNumber: '810424*****', firstName: 'Maxence' });
		});

		it("a setting that keeps the trigger from working is the team's: every request is answered, none makes a failed execution, n8n's log says it once", async () => {
			const hashKey = 'a-hash-key-long-enough-for-the-trigger';
			await demo.n8n.updateCredential('Signicat API (emulator)', { hashSecretKey: hashKey });
			const { id, triggerUrl } = await importTrigger('front door: keyed hash', { nationalNumber: 'hashed' });
			// The team shortens the key after activation: n8n cannot refuse that any more.
			await demo.n8n.updateCredential('Signicat API (emulator)', { hashSecretKey: 'short' });
			try {
				const [sessionId] = await createTriggerSessions(emulator, triggerUrl, 1);
				emulator.complete(sessionId, 'success', 'maxence', { browserReturns: false });
				const logged = n8nLog.length;
				const visits = [];
				for (let i = 0; i < 5; i++) visits.push(await fetch(callbackOf(sessionId)));
				await sleep(2000);
				expect(visits.map((visit) => visit.status)).toEqual([503, 503, 503, 503, 503]);
				expect(await demo.n8n.executions(id)).toHaveLength(0);
				expect(n8nLog.slice(logged).filter((line) => line.includes('National Number Hash Key'))).toHaveLength(1);
			} finally {
				await demo.n8n.updateCredential('Signicat API (emulator)', { hashSecretKey: '' });
			}
		});
	});
}
