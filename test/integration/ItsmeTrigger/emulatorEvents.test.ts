import { completeItsme } from '../../harness/browser';
import { GUIDE_RECORD } from '../../guideExample';
import { createSession, emulator, eventsUrl, executionsOutput, n8n, reactivate } from './setup';

describe("itsme Trigger: deliveries from the emulator's Events service", () => {
	const SECRET = 'dashboard-subscription-secret-of-the-emulator';
	beforeEach(async () => {
		await reactivate({}, { eventsSecret: SECRET });
		// What the README tells the user to paste into Signicat Dashboard → Settings → Events.
		emulator.events.subscribe({ url: `${eventsUrl}?secret=${SECRET}`, eventNames: ['authentication-api:session.success', 'authentication-api:session.abort'] });
		emulator.events.configure({ firstRetryDelayMs: 50 });
	});
	const settled = async () => {
		await emulator.events.settled();
		await n8n.idle();
	};

	it('starts one execution for a person who approves in the itsme app and never comes back, with every delivery doubled', async () => {
		emulator.events.configure({ duplicates: 2 });
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success', undefined, { browserReturns: false });
		await settled();

		// The two copies arrive at the same instant: one emits (200 once n8n saved the execution); the
		// other finds that emission unsaved yet (503) or saved (200, a duplicate).
		const statuses = emulator.events.deliveries.map((d) => d.status);
		expect(statuses).toContain(200);
		expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
		expect(executionsOutput()).toEqual([expect.objectContaining({ ...GUIDE_RECORD, sessionId, deliveredBy: 'event' })]);
	});

	it('starts one execution when the browser comes back and the event arrives too', async () => {
		const { authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, 'abort');
		await settled();

		expect(landing.body).toContain('Verification cancelled');
		expect(emulator.events.deliveries).toHaveLength(1);
		expect(n8n.executions).toHaveLength(1);
		expect(executionsOutput()[0]).toMatchObject({ status: 'ABORT' });
	});

	it('gets the Dashboard test event through with 200, and starts nothing', async () => {
		const [subscription] = emulator.events.subscriptions;
		emulator.events.sendTest(subscription.id);
		await settled();
		expect(emulator.events.deliveries.map((d) => d.status)).toEqual([200]);
		expect(n8n.executions).toHaveLength(0);
	});

	it('answers 503 while Signicat fails, so the Events service retries, and the retry starts one execution', async () => {
		const { sessionId } = await createSession();
		emulator.faults.failNext(5, { status: 503 });
		emulator.complete(sessionId, 'success', undefined, { browserReturns: false });
		await settled();

		expect(emulator.events.deliveries.map((d) => d.status)).toEqual([503, 200]);
		expect(n8n.executions).toHaveLength(1);
	});
});
