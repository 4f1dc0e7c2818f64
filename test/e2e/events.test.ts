/**
 * End to end: Signicat's Events service as the itsme Trigger's second channel, in a real n8n 2.41.1
 * with the package installed from `npm pack`, the emulator's Events service subscribed to the demo
 * trigger's events URL (as startDemo does for `npm run dev`), and Chromium as the person. Evidence:
 * n8n's execution records, its data table, the emulator's request log and its delivery log.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

import { startDemo, withTable } from '../../scripts/n8n/demo';
import { portOf } from '../../scripts/n8n/ports';
import type { Demo } from '../../scripts/n8n/demo';
import { loadExample } from '../../scripts/n8n/examples';
import { createTriggerSessions } from '../../scripts/n8n/triggerSessions';
import { WEBHOOK_SIGNICAT_BUDGET_MS } from '../../nodes/shared/api/webhookBudget';
import { DEFAULT_CLIENT, SignicatEmulator } from '../emulator/server';
import { RETRY_UNTIL_ANSWERED } from '../emulator/events';
import { browsersComeBack, launchChromium, openStartLink } from './person';

jest.setTimeout(180_000);

const emulator = new SignicatEmulator();
let demo: Demo;
let browser: Browser;
/** The emulator's current subscription to the demo trigger (some tests play an account without Events). */
let subscriptionId: string | undefined;

beforeAll(async () => {
	await emulator.start();
	// Each event sent at the instant its session ends, racing the browser (the emulator's default
	// sends it a second later). Retried until answered: what the tests assert is that every event is
	// acknowledged and starts nothing twice, not that this machine answers a burst within 30 s.
	emulator.events.configure({ firstDeliveryDelayMs: 0, retryWindowSeconds: RETRY_UNTIL_ANSWERED });
	demo = await startDemo({ userFolder: mkdtempSync(join(tmpdir(), 'n8n-events-')), port: portOf(5780), emulatorUrl: emulator.url });
	subscriptionId = demo.eventsSubscriptionId;
	browser = await launchChromium();
}, 15 * 60_000);

afterAll(async () => {
	await browser?.close();
	await demo?.stop();
	await emulator.stop();
}, 60_000);

const TRIGGER_WORKFLOW = 'demo-verified-people.json';
const executions = async () => await demo.n8n.executions(demo.workflows[TRIGGER_WORKFLOW]);
const waitForExecutions = async (count: number) => await demo.n8n.waitForExecutions(demo.workflows[TRIGGER_WORKFLOW], count);
/** GETs of a session: what the trigger asks Signicat (session creation is a POST). */
const sessionReads = () => emulator.countRequests('GET', '/auth/rest/sessions/');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a condition of the emulator's own records (no time limit but the test's). */
async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await sleep(100);
}

/** The demo table's rows of these sessions, as a list of statuses per session. */
async function statusesOf(sessionIds: string[]): Promise<string[][]> {
	const rows = await demo.n8n.dataTableRows(demo.tableId);
	return sessionIds.map((id) => rows.filter((row) => row.sessionId === id).map((row) => String(row.status)));
}

/** Waits for every delivery and retry to end, then gives n8n a moment to record what they started. */
async function settled(): Promise<void> {
	await emulator.events.settled();
	await sleep(1500);
}

function unsubscribe(): void {
	if (subscriptionId) emulator.events.unsubscribe(subscriptionId);
	subscriptionId = undefined;
}

function subscribe(): void {
	subscriptionId ??= emulator.events.subscribe({ url: demo.eventsUrl }).id;
}

const startPeople = async (count: number) =>
	await Promise.all(Array.from({ length: count }, async () => await openStartLink(demo.n8n.url, '/webhook/itsme-demo')));

const deliveriesOf = (sessionIds: string[]) => emulator.events.deliveries.filter((d) => d.sessionId && sessionIds.includes(d.sessionId));

describe('Signicat events to the itsme Trigger, in a real n8n', () => {
	it('20 people approve in the itsme app and close their browser before the callback: 20 executions, 20 rows', async () => {
		subscribe();
		const before = (await executions()).length;
		const sessionIds = await startPeople(20);
		// Five in Chromium, on the itsme page's "approve in the app and close this tab" button.
		await Promise.all(
			sessionIds.slice(0, 5).map(async (sessionId) => {
				const page = await browser.newPage();
				await page.goto(`${emulator.url}/broker/sp/external-service/login?transactionId=${sessionId}`);
				await page.click('#approve-in-app');
				await page.waitForSelector('h1:has-text("Done in the itsme app")');
				// The browser never goes back to n8n: the person closes the tab.
				expect(page.url()).toContain(emulator.url);
				await page.close();
			}),
		);
		for (const sessionId of sessionIds.slice(5)) emulator.complete(sessionId, 'success', 'maxence', { browserReturns: false });

		await waitForExecutions(before + 20);
		await settled();
		expect((await executions()).length).toBe(before + 20);
		expect(await statusesOf(sessionIds)).toEqual(sessionIds.map(() => ['SUCCESS']));
		// No browser came back: every result arrived through Signicat's event, and the row says so.
		const rows = await demo.n8n.dataTableRows(demo.tableId);
		expect(sessionIds.map((id) => rows.find((row) => row.sessionId === id)?.deliveredBy)).toEqual(sessionIds.map(() => 'event'));
		const answered = deliveriesOf(sessionIds).filter((d) => d.status >= 200 && d.status < 300);
		expect(answered).toHaveLength(20);
	});

	it('20 people whose callback and event arrive at the same instant, and the event again later: 20 executions', async () => {
		subscribe();
		emulator.events.configure({ duplicates: 2 });
		try {
			const before = (await executions()).length;
			const sessionIds = await startPeople(20);
			// Completing publishes the event (two identical deliveries at once); the browser comes back at the same moment.
			const callbacks = sessionIds.map((id, i) => emulator.complete(id, i % 4 === 0 ? 'abort' : 'success') as string);
			await browsersComeBack(callbacks);
			await waitForExecutions(before + 20);
			await settled();

			// Signicat sends the event of every session once more.
			emulator.events.configure({ duplicates: 1 });
			for (const id of sessionIds) emulator.events.sessionFinished(emulator.sessions.get(id)!);
			await settled();

			expect((await executions()).length).toBe(before + 20);
			expect(await statusesOf(sessionIds)).toEqual(sessionIds.map((_, i) => [i % 4 === 0 ? 'ABORT' : 'SUCCESS']));
			// Every event was acknowledged in the end. A delivery that met the callback's execution not
			// saved yet got 503 (Signicat delivers it again); nothing else but 2xx.
			const deliveries = deliveriesOf(sessionIds);
			expect([...new Set(deliveries.map((d) => d.status))].filter((status) => status >= 300 && status !== 503)).toEqual([]);
			const acknowledged = (id: string, eventId?: string) => deliveries.some((d) => d.sessionId === id && d.status < 300 && (eventId === undefined || d.eventId === eventId));
			const events = [...new Set(deliveries.map((d) => `${d.sessionId} ${d.eventId}`))].map((key) => key.split(' '));
			expect(events).toHaveLength(20 * 2);
			expect(events.filter(([id, eventId]) => !acknowledged(id, eventId))).toEqual([]);
		} finally {
			emulator.events.configure({ duplicates: 1 });
		}
	});

	// However long n8n takes to start on this machine, Signicat's retries must reach it: this test's
	// retry window is not a guess of that time but "until answered", and what it asserts holds for
	// whichever retry that is. The test lasts about twice n8n's start (the retries double).
	it('n8n stopped while sessions end, restarted inside the retry window: every session delivered once by the retries', async () => {
		subscribe();
		try {
			const before = (await executions()).length;
			const sessionIds = await startPeople(10);
			await demo.n8n.stop();
			const ended = Date.now();
			for (const id of sessionIds) emulator.complete(id, 'success', 'lotte', { browserReturns: false });
			// The first attempt and the first retry find n8n down.
			await until(() => deliveriesOf(sessionIds).filter((d) => d.status === 0).length >= 2 * sessionIds.length);
			await demo.n8n.start();
			await demo.n8n.signIn();
			await demo.n8n.waitUntilPublished(demo.workflows[TRIGGER_WORKFLOW]);
			const readyAfterS = (Date.now() - ended) / 1000;
			// The retries double: the first one after n8n is ready comes within another readyAfterS (+1 s).
			// Two doublings of that is the explicit limit, set from the start just measured.
			const limitMs = (4 * readyAfterS + 10) * 1000;
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([emulator.events.settled(), new Promise((r) => (timer = setTimeout(r, ended + limitMs - Date.now())))]);
			clearTimeout(timer);
			emulator.events.cancelPending(); // past the limit, what is still retrying counts as not delivered
			await waitForExecutions(before + 10);
			await settled();
			// eslint-disable-next-line no-console
			console.log(`n8n (SQLite) stopped then started again: ready ${readyAfterS.toFixed(1)} s after the sessions ended.`);
			expect((await executions()).length).toBe(before + 10);
			expect(await statusesOf(sessionIds)).toEqual(sessionIds.map(() => ['SUCCESS']));
			const deliveries = deliveriesOf(sessionIds);
			const is2xx = (status: number) => status >= 200 && status < 300;
			for (const id of sessionIds) {
				const attempts = deliveries.filter((d) => d.sessionId === id).map((d) => d.status);
				// Refused while n8n was down (status 0), retried until one was answered.
				expect(attempts.slice(0, 2)).toEqual([0, 0]);
				expect(attempts.filter(is2xx)).toHaveLength(1);
				expect(is2xx(attempts[attempts.length - 1])).toBe(true);
			}
		} finally {
			emulator.events.cancelPending();
		}
	}, 15 * 60_000);

	describe('an account without a subscription (the deliveries below are sent by hand or by a replay)', () => {
		beforeAll(() => unsubscribe());

		/** An event envelope as Signicat's Events service sends it. */
		const envelope = (eventName: string, eventData: unknown) => ({
			id: randomUUID().replaceAll('-', ''),
			timestamp: new Date().toISOString(),
			sender: 'authentication-api',
			eventName,
			eventData,
			accountId: DEFAULT_CLIENT.accountId,
			organizationId: null,
			expiresAt: new Date(Date.now() + 30_000).toISOString(),
			tags: [],
		});
		const deliver = async (url: string, body: string, contentType = 'application/json') =>
			await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });

		it('a delivery naming an aborted session with "success" written all over it emits ABORT', async () => {
			const before = (await executions()).length;
			const [sessionId] = await startPeople(1);
			emulator.complete(sessionId, 'abort', 'maxence', { browserReturns: false });
			const forged = envelope('session.success', {
				id: sessionId,
				status: 'SUCCESS',
				outcome: 'success',
				result: 'success',
				verified: true,
				subject: { firstName: 'Success', lastName: 'Success', nin: { value: '00000000000' } },
			});
			const response = await deliver(demo.eventsUrl, JSON.stringify({ ...forged, tags: ['success'], status: 'SUCCESS' }));
			expect(response.status).toBe(200);
			await waitForExecutions(before + 1);
			expect(await statusesOf([sessionId])).toEqual([['ABORT']]);
			const row = (await demo.n8n.dataTableRows(demo.tableId)).find((r) => r.sessionId === sessionId);
			expect(row?.firstName ?? null).toBeNull();
		});

		it('a wrong or missing secret: 401, no request to Signicat, no execution', async () => {
			const [sessionId] = await startPeople(1);
			emulator.complete(sessionId, 'success', 'maxence', { browserReturns: false });
			const before = { executions: (await executions()).length, reads: sessionReads() };
			const body = JSON.stringify(envelope('session.success', { id: sessionId }));
			const url = new URL(demo.eventsUrl);
			const secret = url.searchParams.get('secret') as string;
			const wrong = new URL(url);
			wrong.searchParams.set('secret', `${secret}x`);
			const missing = new URL(url);
			missing.searchParams.delete('secret');
			const almost = new URL(url);
			almost.searchParams.set('secret', secret.slice(0, -1));

			for (const target of [wrong, missing, almost]) expect((await deliver(target.toString(), body)).status).toBe(401);
			await sleep(1000);
			expect(sessionReads()).toBe(before.reads);
			expect((await executions()).length).toBe(before.executions);
		});

		it('hostile bodies (not JSON, 10 MB, non-UUID ids, nested junk): 4xx or ignored, no request to Signicat, no execution', async () => {
			const before = { executions: (await executions()).length, reads: sessionReads() };
			let nested: unknown = { id: 'not-a-session' };
			for (let depth = 0; depth < 2000; depth++) nested = depth % 2 ? { session: nested } : { sessionId: [nested], id: null };
			const bodies: Array<[string, string, string?]> = [
				['not JSON', '{"id": "4ccb8a1b-6f40-e146-af1b-15f1c6eabb56", ', 'application/json'],
				['plain text', 'authentication-api:session.success 4ccb8a1b', 'text/plain'],
				['form', 'eventData[id]=4ccb8a1b-6f40-e146-af1b-15f1c6eabb56', 'application/x-www-form-urlencoded'],
				['10 MB', JSON.stringify(envelope('session.success', { id: 'a'.repeat(10 * 1024 * 1024) }))],
				['path in the id', JSON.stringify(envelope('session.success', { id: '../../auth/rest/sessions' }))],
				['SQL in the id', JSON.stringify(envelope('session.success', { id: "1' OR '1'='1" }))],
				['number id', JSON.stringify(envelope('session.success', { id: 4 }))],
				['array id', JSON.stringify(envelope('session.success', { id: ['4ccb8a1b-6f40-e146-af1b-15f1c6eabb56'] }))],
				['no eventData', JSON.stringify({ ...envelope('session.success', null), eventData: undefined })],
				['nested junk', JSON.stringify(envelope('session.success', nested))],
				['array body', JSON.stringify([envelope('session.success', { id: randomUUID() })])],
				['null body', 'null'],
			];
			const answers: string[] = [];
			for (const [name, body, contentType] of bodies) {
				const status = (await deliver(demo.eventsUrl, body, contentType)).status;
				answers.push(`${name}: ${status >= 200 && status < 300 ? 'ignored (2xx)' : status >= 400 && status < 500 ? '4xx' : status}`);
			}
			expect(answers.filter((answer) => !/ (ignored \(2xx\)|4xx)$/.test(answer))).toEqual([]);
			await sleep(1000);
			expect(sessionReads()).toBe(before.reads);
			expect((await executions()).length).toBe(before.executions);
		});

		it('reconcile-unfinished-sessions.json brings the sessions no channel reported into the table', async () => {
			const table = await demo.n8n.createDataTable({
				name: 'itsme sessions to reconcile',
				columns: ['sessionId', 'status', 'deliveredBy', 'firstName', 'lastName', 'dateOfBirth', 'nationalNumber', 'address'].map((name) => ({ name, type: 'string' })),
			});
			const example = loadExample('reconcile-unfinished-sessions.json');
			const credentialId = (await demo.n8n.rest<Array<{ id: string; type: string }>>('GET', '/credentials')).find((c) => c.type === 'signicatApi')!.id;
			const workflowId = await demo.n8n.importWorkflow(
				{ ...example, nodes: example.nodes.map((node: Record<string, any>) => withTable(node, table)) },
				{ signicatApi: credentialId },
				false,
			);
			// Four sessions recorded at creation; three finish without any channel reporting them.
			const [approved, cancelled, open, known] = await createTriggerSessions(emulator, demo.triggerUrl, 4);
			await demo.n8n.insertDataTableRows(table, [approved, cancelled, open].map((sessionId) => ({ sessionId, status: 'CREATED' })));
			await demo.n8n.insertDataTableRows(table, [{ sessionId: known, status: 'SUCCESS', deliveredBy: 'callback', firstName: 'Already' }]);
			emulator.complete(approved, 'success', 'maxence', { browserReturns: false });
			emulator.complete(cancelled, 'abort', 'maxence', { browserReturns: false });
			emulator.complete(known, 'success', 'lotte', { browserReturns: false });
			const readsBefore = sessionReads();

			const trigger = example.nodes.find((node: { type: string }) => node.type === 'n8n-nodes-base.scheduleTrigger').name as string;
			await demo.n8n.runManually(workflowId, trigger);
			const [execution] = await demo.n8n.waitForExecutions(workflowId, 1);
			expect(execution.status).toBe('success');

			const rows = await demo.n8n.dataTableRows(table);
			const row = (id: string) => rows.find((r) => r.sessionId === id);
			expect(row(approved)).toMatchObject({
				status: 'SUCCESS',
				deliveredBy: 'reconcile',
				firstName: 'Maxence',
				lastName: 'Legrand',
				dateOfBirth: '1981-04-24',
				nationalNumber: '810424*****',
				address: 'Rue de Fer 12, 5000 Namur',
			});
			expect(row(cancelled)).toMatchObject({ status: 'ABORT', deliveredBy: 'reconcile', firstName: null });
			expect(row(open)).toMatchObject({ status: 'CREATED', deliveredBy: null });
			expect(row(known)).toMatchObject({ status: 'SUCCESS', deliveredBy: 'callback', firstName: 'Already' });
			// Only the three unfinished rows were read from Signicat.
			expect(sessionReads() - readsBefore).toBe(3);
		});

		it('the workflows as n8n exports them and the examples carry no secret; the credential keeps them masked', async () => {
			const eventsSecret = new URL(demo.eventsUrl).searchParams.get('secret') as string;
			const exported = await Promise.all(Object.values(demo.workflows).map(async (id) => JSON.stringify(await demo.n8n.rest('GET', `/workflows/${id}`))));
			const examples = Object.keys(demo.workflows).map((file) => JSON.stringify(loadExample(file)));
			for (const text of [...exported, ...examples]) {
				expect(text).not.toContain(eventsSecret);
				expect(text).not.toContain(DEFAULT_CLIENT.clientSecret);
				expect(text).not.toMatch(/"(eventsSecret|hashKey|hashSecretKey)"/);
			}
			// What the editor gets back from n8n for the credential: password fields masked, the secret not in clear.
			const credentialId = (await demo.n8n.rest<Array<{ id: string; type: string }>>('GET', '/credentials')).find((c) => c.type === 'signicatApi')!.id;
			const shown = JSON.stringify(await demo.n8n.rest('GET', `/credentials/${credentialId}?includeData=true`));
			expect(shown).toContain('eventsSecret');
			expect(shown).not.toContain(eventsSecret);
		});

		it('a finished session of the same account made for another flow, brought to the callback URL, starts nothing', async () => {
			const before = (await executions()).length;
			// Made with the shop's own callback URLs (Create Session's Custom URLs): no link token of this n8n.
			const [elsewhere] = await createTriggerSessions(emulator, 'https://shop.example.test/itsme', 1, { linkToken: false });
			const [own] = await createTriggerSessions(emulator, demo.triggerUrl, 1);
			emulator.complete(elsewhere, 'success', 'maxence', { browserReturns: false });
			emulator.complete(own, 'success', 'maxence', { browserReturns: false });

			const injected = await fetch(`${demo.triggerUrl}?outcome=success&sessionId=${elsewhere}`);
			// The same request for a session made for this trigger does start it: only the session differs.
			const genuine = await fetch(`${demo.triggerUrl}?outcome=success&sessionId=${own}`);
			expect(injected.status).toBe(404);
			expect(genuine.status).toBe(200);
			await waitForExecutions(before + 1);
			await sleep(1000);
			expect((await executions()).length).toBe(before + 1);
			expect(await statusesOf([elsewhere, own])).toEqual([[], ['SUCCESS']]);
		});

		describe('Signicat failing or hanging: answers within the webhook budget, other webhooks go on', () => {
			/** The budget of every Signicat read inside a webhook call, plus generous room for a loaded machine. */
			const BOUND_MS = WEBHOOK_SIGNICAT_BUDGET_MS + 10_000;
			const timed = async (request: Promise<Response>) => {
				const started = Date.now();
				const response = await request;
				return { status: response.status, body: await response.text(), ms: Date.now() - started };
			};
			const failures = () => emulator.requests.filter((r) => r.status === 503).length;

			it.each<[string, () => void, () => boolean]>([
				['answering 503', () => emulator.faults.failNext(10, { status: 503 }), () => failures() >= 2],
				['accepting the connection and never answering', () => emulator.faults.hangNext(2), () => emulator.faults.heldCount === 2],
			])('Signicat %s', async (what, fault, bothWaiting) => {
				const before = (await executions()).length;
				const [viaCallback, viaEvent] = await createTriggerSessions(emulator, demo.triggerUrl, 2);
				const callbackUrl = emulator.complete(viaCallback, 'success') as string;
				emulator.complete(viaEvent, 'success', 'maxence', { browserReturns: false });
				const event = JSON.stringify(envelope('session.success', { id: viaEvent }));
				fault();
				const callback = timed(fetch(callbackUrl));
				const delivery = timed(deliver(demo.eventsUrl, event));
				await until(bothWaiting);
				// Meanwhile, another webhook of this n8n: a delivery it answers without Signicat.
				const other = await timed(deliver(demo.eventsUrl, JSON.stringify({ ...envelope('document.signed', {}), sender: 'signature-api' })));
				const [page, answered] = await Promise.all([callback, delivery]);
				// eslint-disable-next-line no-console
				console.log(`Signicat ${what}, real n8n: callback answered in ${page.ms} ms (${page.status}), event in ${answered.ms} ms (${answered.status}), another webhook in ${other.ms} ms (${other.status}); budget ${WEBHOOK_SIGNICAT_BUDGET_MS} ms.`);

				expect(other.status).toBe(200);
				expect(page.status).toBe(503);
				expect(page.body).toContain(`sessionId=${viaCallback}`);
				expect(answered.status).toBeGreaterThanOrEqual(500);
				expect(Math.max(page.ms, answered.ms, other.ms)).toBeLessThan(BOUND_MS);

				// Nothing is lost: once Signicat answers, the browser's retry and Signicat's retry start one execution each.
				emulator.faults.releaseHeld();
				expect((await fetch(callbackUrl)).status).toBe(200);
				expect((await deliver(demo.eventsUrl, event)).status).toBe(200);
				await waitForExecutions(before + 2);
				expect(await statusesOf([viaCallback, viaEvent])).toEqual([['SUCCESS'], ['SUCCESS']]);
			});
		});

		it('a restart right after a burst of 100 simultaneous callbacks, then all 100 replayed as events: second executions printed', async () => {
			const before = (await executions()).length;
			const sessionIds = await createTriggerSessions(emulator, demo.triggerUrl, 100);
			const callbacks = sessionIds.map((id) => emulator.complete(id, 'success') as string);
			const notYet = await browsersComeBack(callbacks);
			await demo.n8n.restart();
			await waitForExecutions(before + 100);

			subscribe();
			for (const id of sessionIds) emulator.events.sessionFinished(emulator.sessions.get(id)!);
			await settled();
			const second = (await executions()).length - before - 100;
			// A figure for the README, printed as the bench prints its own.
			// eslint-disable-next-line no-console
			console.log(`Restart right after 100 simultaneous callbacks (${notYet} tried again after the burst), then 100 events: ${second} second executions (goal 0).`);
			expect(deliveriesOf(sessionIds).filter((d) => d.status >= 200 && d.status < 300)).toHaveLength(100);
			expect(second).toBe(0);
			expect(await statusesOf(sessionIds)).toEqual(sessionIds.map(() => ['SUCCESS']));
		});
	});
});
