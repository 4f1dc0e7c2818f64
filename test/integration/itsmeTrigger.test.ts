import type { INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { completeItsme, followRedirects } from '../harness/browser';
import { GUIDE_RECORD } from '../guideExample';
import { engineFor, freshPackageNodeTypes, loadWorkflow, useEmulator, withParameters } from '../harness/fixtures';
import { runWorkflow } from '../harness/runWorkflow';
import { N8nWebhookServer } from '../harness/webhookServer';

const emulator = useEmulator();
let n8n: N8nWebhookServer;
let trigger: IWorkflowBase;
let triggerUrl: string;

async function activate(parameters: INodeParameters = {}) {
	trigger = withParameters(loadWorkflow('itsme-trigger'), 'itsme Trigger', parameters);
	n8n.activate(trigger);
	triggerUrl = n8n.productionUrl(trigger, 'itsme Trigger');
}

/** A fresh n8n with the trigger workflow active, its trigger node given these parameters. */
async function reactivate(parameters: INodeParameters = {}) {
	await n8n?.stop();
	n8n = new N8nWebhookServer(engineFor(emulator));
	await n8n.start();
	await activate(parameters);
}

beforeEach(async () => await reactivate());
afterEach(async () => {
	await n8n.stop();
});

/** What an itsme Session node (Callbacks: Trigger URL) creates for one person. */
async function createSession(): Promise<{ sessionId: string; authenticationUrl: string; callbacks: Record<string, string> }> {
	const workflow = withParameters(loadWorkflow('create-sessions'), 'Create Session', { callbackMode: 'trigger', triggerUrl });
	const [created] = (await runWorkflow(workflow, engineFor(emulator), { items: [{ json: { contactId: 'c-1' } }] })).output(
		'Create Session',
	);
	return {
		sessionId: created.sessionId as string,
		authenticationUrl: created.authenticationUrl as string,
		callbacks: (created.signicat as { callbackUrls: Record<string, string> }).callbackUrls,
	};
}

const executionsOutput = () => n8n.executions.map((e) => e.output('itsme Trigger')[0]);

describe('itsme Trigger', () => {
	it('has a production URL in n8n\'s format, for the Session node\'s "Trigger URL"', () => {
		expect(triggerUrl).toBe(`${n8n.url}/webhook/6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f/itsme`);
	});

	it('starts one execution with the verified person when they approve', async () => {
		const { sessionId, authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, 'success');
		await n8n.idle();

		expect(landing.status).toBe(200);
		expect(landing.body).toContain('Identity verified');
		expect(n8n.executions).toHaveLength(1);
		expect(n8n.executions[0].run.status).toBe('success');
		expect(executionsOutput()[0]).toMatchObject({ ...GUIDE_RECORD, sessionId, callbackOutcome: 'success', externalReference: 'c-1' });
	});

	it.each([
		['abort', 'ABORT', 'Verification cancelled'],
		['error', 'ERROR', 'Verification failed'],
	] as const)('starts one execution with the real status on %s', async (outcome, status, title) => {
		const { sessionId, authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, outcome);
		await n8n.idle();

		expect(landing.body).toContain(title);
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, status, verified: false, callbackOutcome: outcome })]);
		expect(executionsOutput()[0]).not.toHaveProperty('firstName');
	});

	it('never emits SUCCESS for a forged status: the URL claims success, Signicat says aborted', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'abort');
		const forged = new URL(callbacks.success);
		forged.searchParams.set('status', 'success');
		const visit = await followRedirects(forged.toString());
		await n8n.idle();

		expect(visit.body).toContain('Verification cancelled');
		expect(executionsOutput()).toEqual([expect.objectContaining({ status: 'ABORT', verified: false, callbackOutcome: 'success' })]);
	});

	it('emits nothing for a forged callback of a session still in progress, or of an unknown session', async () => {
		const { callbacks } = await createSession();
		const inProgress = await followRedirects(callbacks.success);
		const unknown = await followRedirects(`${triggerUrl}?outcome=success&sessionId=4ccb8a1b-6f40-e146-af1b-15f1c6eabb56`);
		await n8n.idle();

		expect(inProgress.status).toBe(409);
		expect(unknown.status).toBe(404);
		expect(n8n.executions).toHaveLength(0);
	});

	it('starts one execution for a callback replayed five times, with the same answer each time', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		const visits = [];
		for (let i = 0; i < 5; i++) visits.push(await followRedirects(callbacks.success));
		await n8n.idle();

		expect(n8n.executions).toHaveLength(1);
		expect(new Set(visits.map((v) => v.body)).size).toBe(1);
		expect(visits[0].body).toContain('Identity verified');
		expect(emulator.countRequests('GET', `/auth/rest/sessions/${sessionId}`)).toBe(1);
	});

	it('starts one execution for five simultaneous callbacks of one session', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		emulator.faults.latencyMs = 50;
		const visits = await Promise.all(Array.from({ length: 5 }, () => followRedirects(callbacks.success)));
		await n8n.idle();

		expect(visits.every((v) => v.body.includes('Identity verified'))).toBe(true);
		expect(n8n.executions).toHaveLength(1);
	});

	it('starts one execution per session when callbacks of different sessions arrive at once, and none on replay', async () => {
		const sessions = await Promise.all(Array.from({ length: 10 }, () => createSession()));
		for (const { sessionId } of sessions) emulator.complete(sessionId, 'success');
		await Promise.all(sessions.map(({ callbacks }) => followRedirects(callbacks.success)));
		await n8n.idle();
		await Promise.all(sessions.map(({ callbacks }) => followRedirects(callbacks.success)));
		await n8n.idle();
		expect(n8n.executions).toHaveLength(10);
		expect(new Set(executionsOutput().map((o) => o.sessionId)).size).toBe(10);
	});

	it('remembers handled sessions across an n8n restart', async () => {
		const sessions = [await createSession(), await createSession(), await createSession()];
		for (const { sessionId, callbacks } of sessions) {
			emulator.complete(sessionId, 'success');
			await followRedirects(callbacks.success);
		}
		await n8n.idle();
		n8n.restart(freshPackageNodeTypes());
		for (const { callbacks } of sessions) await followRedirects(callbacks.success);
		await n8n.idle();
		expect(n8n.executions).toHaveLength(3);
	});

	it.each([
		['no sessionId', ''],
		['a path traversal', '../../etc/passwd'],
		['encoded slashes', '..%2F..%2Fauth%2Frest%2Fsessions'],
		['a 10 KB string', 'a'.repeat(10_240)],
		['a UUID with a suffix', '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56/cancel'],
	])('answers %s with a 400 page, no request to Signicat and no execution', async (_what, sessionId) => {
		const visit = await fetch(`${triggerUrl}?outcome=success&sessionId=${sessionId}`);
		await n8n.idle();
		expect(visit.status).toBe(400);
		expect(await visit.text()).toContain('Unknown verification');
		expect(emulator.requests).toHaveLength(0);
		expect(n8n.executions).toHaveLength(0);
	});

	it('shows a retry page while Signicat answers 503, then the retried callback emits exactly once', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		emulator.faults.failNext(5, { status: 503 });
		const first = await followRedirects(callbacks.success);
		await n8n.idle();
		expect(first.status).toBe(503);
		expect(first.body).toContain('We could not confirm your identity yet');
		expect(n8n.executions).toHaveLength(0);

		const retried = await followRedirects(callbacks.success);
		const replayed = await followRedirects(callbacks.success);
		await n8n.idle();
		expect(retried.body).toContain('Identity verified');
		expect(replayed.body).toContain('Identity verified');
		expect(n8n.executions).toHaveLength(1);
	});

	it('answers but starts nothing for outcomes it does not trigger on', async () => {
		await reactivate({ events: ['success'] });
		const { authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, 'abort');
		await n8n.idle();
		expect(landing.body).toContain('Verification cancelled');
		expect(n8n.executions).toHaveLength(0);
	});

	it('redirects to the configured URL with the session id and status', async () => {
		await reactivate({ options: { successRedirectUrl: 'https://shop.example.test/done?step=3', appendSessionInfo: true } });
		const { sessionId, authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, 'success');
		expect(landing.location).toBe(`https://shop.example.test/done?step=3&sessionId=${sessionId}&status=SUCCESS`);
	});

	it('escapes every configured value on its built-in page', async () => {
		const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
		await reactivate({ options: { successTitle: hostile, successMessage: `"'&${hostile}` } });
		const { authenticationUrl } = await createSession();
		const landing = await completeItsme(authenticationUrl, 'success');

		expect(landing.body).not.toContain('<script>');
		expect(landing.body).not.toContain('<img');
		expect(landing.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
		expect(landing.body).toContain('&quot;&#39;&amp;&lt;script&gt;');
	});

	it('refuses a too short hash key before asking Signicat, so the session is not lost', async () => {
		await reactivate({ options: { nationalNumber: 'hashed', hashKey: 'short' } });
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		const before = emulator.requests.length;
		const visit = await followRedirects(callbacks.success);
		await n8n.idle();
		expect(visit.status).toBe(500);
		expect(emulator.requests.length).toBe(before);

		// Once the setting is fixed, the same callback starts the execution.
		const firstServer = n8n.url;
		await reactivate({ options: { nationalNumber: 'hashed', hashKey: 'a-long-enough-key!' } });
		const retried = await followRedirects(callbacks.success.replace(firstServer, n8n.url));
		await n8n.idle();
		expect(retried.body).toContain('Identity verified');
		expect(n8n.executions).toHaveLength(1);
	});

	it('masks the national number when asked', async () => {
		await reactivate({ options: { nationalNumber: 'masked' } });
		const { authenticationUrl } = await createSession();
		await completeItsme(authenticationUrl, 'success');
		await n8n.idle();
		expect(executionsOutput()[0].nationalNumber).toBe('810424*****');
	});
});
