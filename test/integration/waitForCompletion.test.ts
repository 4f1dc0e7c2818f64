import type { INode, INodeExecutionData } from 'n8n-workflow';

import { TEXTS } from '../../nodes/shared/browser/texts';
import { completeItsme, followRedirects } from '../harness/browser';
import { engineFor, itemsOf, loadWorkflow, useEmulator, withCheckPersonAfter, withParameters } from '../harness/fixtures';
import { workflowOf } from '../harness/runWorkflow';
import { N8nWebhookServer } from '../harness/webhookServer';

const emulator = useEmulator();
// The workflow's Create Session asks for Dutch: every page the person sees after itsme is in Dutch.
const dutch = TEXTS.nl.pages;
let n8n: N8nWebhookServer;

beforeEach(async () => {
	n8n = new N8nWebhookServer(engineFor(emulator));
	await n8n.start();
});
afterEach(async () => {
	await n8n.stop();
});

/** Started by its trigger, as the workflow is published: n8n serves its nodes' production URLs. */
async function startVerification(workflow = loadWorkflow('verify-and-wait'), items?: INodeExecutionData[]) {
	n8n.activate(workflow);
	const execution = await n8n.run(workflow, { items });
	expect(execution.run.status).toBe('waiting');
	const [created] = execution.output('Create Session');
	return { execution, created };
}

describe('Create Session (Resume This Workflow) → person → Wait for Completion', () => {
	it('resumes the same execution with the verified person once they approve', async () => {
		const { execution, created } = await startVerification();
		const callbacks = (created.signicat as { callbackUrls: Record<string, string> }).callbackUrls;
		expect(callbacks.success).toMatch(new RegExp(`^${n8n.url}/webhook-waiting/${execution.executionId}\\?signature=[0-9a-f]+&outcome=success&language=nl&sessionId=`));

		const landing = await completeItsme(created.authenticationUrl as string, 'success');
		await n8n.idle();

		expect(landing).toMatchObject({ status: 200 });
		expect(landing.body).toContain('<html lang="nl">');
		expect(landing.body).toContain(dutch.verified.title);
		expect(n8n.isWaiting(execution.executionId)).toBe(false);
		const [finished] = n8n.executions;
		expect(finished.executionId).toBe(execution.executionId);
		expect(finished.run.status).toBe('success');
		expect(finished.output('Wait for Completion')).toEqual([
			expect.objectContaining({
				sessionId: created.sessionId,
				status: 'SUCCESS',
				verified: true,
				callbackOutcome: 'success',
				firstName: 'Maxence',
				lastName: 'Legrand',
				dateOfBirth: '1981-04-24',
				// Masked unless the workflow chose otherwise.
				nationalNumber: '810424*****',
				nationalNumberCountry: 'BE',
				address: 'Rue de Fer 12, 5000 Namur',
			}),
		]);
		// Signicat was asked: the verified data never came from the browser.
		expect(emulator.countRequests('GET', `/auth/rest/sessions/${created.sessionId}`)).toBe(1);
	});

	it.each([
		['the same person', { firstName: 'Maxence', lastName: 'Legrand', dateOfBirth: '1981-04-24' }, { proceed: true, dateOfBirthMatch: 'match' }],
		['another date of birth', { firstName: 'Maxence', lastName: 'Legrand', dateOfBirth: '25/04/1981' }, { proceed: false, dateOfBirthMatch: 'different' }],
	])('then Check Person compares the person with the form data of the same execution: %s', async (_what, application, expected) => {
		const trigger = "$('When clicking ‘Execute workflow’').item.json.application";
		const workflow = withCheckPersonAfter(loadWorkflow('verify-and-wait'), 'Wait for Completion', {
			typedFirstName: `={{ ${trigger}.firstName }}`,
			typedLastName: `={{ ${trigger}.lastName }}`,
			typedDateOfBirth: `={{ ${trigger}.dateOfBirth }}`,
			typedNationalNumber: '',
		});
		const { created } = await startVerification(workflow, itemsOf([{ application }]));
		await completeItsme(created.authenticationUrl as string, 'success');
		await n8n.idle();

		const [row] = n8n.executions[0].output('Check Person');
		expect(row).toMatchObject({ status: 'SUCCESS', callbackOutcome: 'success', firstNameMatch: 'match', lastNameMatch: 'match', oldEnough: true, ...expected });
		expect(row).not.toHaveProperty('nationalNumberMatch');
	});

	it.each([
		['abort', 'ABORT', dutch.cancelled.title],
		['error', 'ERROR', dutch.failed.title],
	] as const)('resumes with status %s → %s and no personal data', async (outcome, status, title) => {
		const { created } = await startVerification();
		const landing = await completeItsme(created.authenticationUrl as string, outcome);
		await n8n.idle();

		expect(landing.body).toContain(title);
		const [output] = n8n.executions[0].output('Wait for Completion');
		expect(output).toMatchObject({ status, verified: false, callbackOutcome: outcome });
		expect(output).not.toHaveProperty('firstName');
		expect(output).not.toHaveProperty('nationalNumber');
	});

	it('passes on no callbackOutcome when the resume URL claims something other than a known outcome', async () => {
		const { created } = await startVerification();
		const callbacks = (created.signicat as { callbackUrls: Record<string, string> }).callbackUrls;
		emulator.complete(created.sessionId as string, 'success');
		const tampered = new URL(callbacks.success);
		tampered.searchParams.set('outcome', '<b>approved by the bank</b>');
		await followRedirects(tampered.toString());
		await n8n.idle();

		const [output] = n8n.executions[0].output('Wait for Completion');
		expect(output).toMatchObject({ status: 'SUCCESS', verified: true });
		expect(output).not.toHaveProperty('callbackOutcome');
	});

	it('sends the browser to the configured final page of the outcome', async () => {
		const workflow = withParameters(loadWorkflow('verify-and-wait'), 'Wait for Completion', {
			options: { successRedirectUrl: 'https://shop.example.test/welcome' },
		});
		const { created } = await startVerification(workflow);
		const landing = await completeItsme(created.authenticationUrl as string, 'success');
		expect(landing).toMatchObject({ status: 303, location: 'https://shop.example.test/welcome' });
	});

	it('does not resume for a forged callback: a claimed success on a session still in progress', async () => {
		const { execution, created } = await startVerification();
		const forged = new URL((created.signicat as { callbackUrls: { success: string } }).callbackUrls.success);
		const visit = await followRedirects(forged.toString());
		await n8n.idle();

		expect(visit.status).toBe(409);
		expect(visit.body).toContain(dutch.notFinished.title);
		expect(visit.body).toContain(TEXTS.nl.continueInItsme);
		expect(n8n.isWaiting(execution.executionId)).toBe(true);
		expect(n8n.executions).toHaveLength(0);
	});

	it("does not resume for another session's id, and asks Signicat nothing", async () => {
		const { execution, created } = await startVerification();
		const url = new URL((created.signicat as { callbackUrls: { success: string } }).callbackUrls.success);
		url.searchParams.set('sessionId', '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56');
		const before = emulator.requests.length;
		const visit = await followRedirects(url.toString());

		expect(visit.status).toBe(400);
		expect(emulator.requests.length).toBe(before);
		expect(n8n.isWaiting(execution.executionId)).toBe(true);
	});

	it('is refused by n8n without the resume token', async () => {
		const { execution, created } = await startVerification();
		const url = new URL((created.signicat as { callbackUrls: { success: string } }).callbackUrls.success);
		url.searchParams.delete('signature');
		expect((await fetch(url)).status).toBe(401);
		expect(n8n.isWaiting(execution.executionId)).toBe(true);
	});

	it('shows a retry page when Signicat is down, and the retried callback then resumes once', async () => {
		const { execution, created } = await startVerification();
		emulator.complete(created.sessionId as string, 'success');
		const callback = (created.signicat as { callbackUrls: { success: string } }).callbackUrls.success;
		emulator.faults.failNext(5, { status: 503 });

		const first = await followRedirects(callback);
		await n8n.idle();
		expect(first.status).toBe(503);
		// The language comes from the callback URL: Signicat could not be read.
		expect(first.body).toContain(dutch.notConfirmedYet.title);
		expect(first.body).toContain(TEXTS.nl.checkAgain);
		expect(n8n.isWaiting(execution.executionId)).toBe(true);

		const retried = await followRedirects(callback);
		await n8n.idle();
		expect(retried.body).toContain(dutch.verified.title);
		expect(n8n.executions).toHaveLength(1);
		expect(n8n.executions[0].output('Wait for Completion')[0]).toMatchObject({ status: 'SUCCESS' });
	});

	it('goes on without the person when the wait times out, with the session still CREATED', async () => {
		const { execution, created } = await startVerification();
		const timedOut = await n8n.timeOut(execution.executionId);
		expect(timedOut.run.status).toBe('success');
		expect(timedOut.output('Wait for Completion')).toEqual([
			expect.objectContaining({ sessionId: created.sessionId, status: 'CREATED' }),
		]);
	});

	it('waits until the session lifetime plus the grace period', async () => {
		const { execution, created } = await startVerification();
		const expiresAt = Date.parse(created.expiresAt as string);
		expect(execution.run.waitTill?.getTime()).toBe(expiresAt + 5 * 60_000);
	});

	it('refuses to wait for several people in one execution', async () => {
		const workflow = withParameters(loadWorkflow('verify-and-wait'), 'Create Session', { callbackMode: 'custom', successUrl: 'https://a.test/s', abortUrl: 'https://a.test/a', errorUrl: 'https://a.test/e' });
		const execution = await n8n.run(workflow, { items: [{ json: {} }, { json: {} }] });
		expect(execution.run.status).toBe('error');
		expect(execution.run.data.resultData.error?.message).toContain('one person per execution');
	});
});

describe('the person refreshes, goes back, opens the link twice', () => {
	const WAIT_NODE_WEBHOOK_ID = '0b7c1f2e-9d3a-4c8b-a6e5-1f2d3c4b5a69';
	const finalPageUrl = (status: string) => `${n8n.url}/webhook/${WAIT_NODE_WEBHOOK_ID}/itsme-result?status=${status}&language=nl`;

	it.each([
		['success', 'SUCCESS', dutch.verified.title],
		['abort', 'ABORT', dutch.cancelled.title],
		['error', 'ERROR', dutch.failed.title],
	] as const)('%s: after the resume the browser is sent to a final page that answers the same on every visit', async (outcome, status, title) => {
		const { execution, created } = await startVerification();
		const landing = await completeItsme(created.authenticationUrl as string, outcome);
		await n8n.idle();

		expect(landing).toMatchObject({ status: 200, url: finalPageUrl(status) });
		expect(landing.body).toContain(`<h1>${title}</h1>`);
		// The URL says nothing about the person: the status and the language are all the page needs.
		expect([...new URL(landing.url).searchParams.keys()]).toEqual(['status', 'language']);
		expect(n8n.executions.map((e) => e.executionId)).toEqual([execution.executionId]);

		const signicatReads = emulator.requests.length;
		for (let visit = 0; visit < 3; visit++) {
			const again = await followRedirects(landing.url);
			expect(again).toMatchObject({ status: 200, url: finalPageUrl(status) });
			expect(again.body).toContain(`<h1>${title}</h1>`);
		}
		await n8n.idle();
		// The page re-reads nothing and starts nothing.
		expect(emulator.requests.length).toBe(signicatReads);
		expect(n8n.executions).toHaveLength(1);
	});

	it('shows the words configured for the outcome, and a redirect URL still wins', async () => {
		const workflow = withParameters(loadWorkflow('verify-and-wait'), 'Wait for Completion', {
			options: { abortTitle: 'No worries', abortMessage: 'You can try again tomorrow.', successRedirectUrl: 'https://shop.example.test/welcome' },
		});
		const { created } = await startVerification(workflow);
		const cancelled = await completeItsme(created.authenticationUrl as string, 'abort');
		expect(cancelled.url).toBe(finalPageUrl('ABORT'));
		expect(cancelled.body).toContain('<h1>No worries</h1>');
		expect((await followRedirects(cancelled.url)).body).toContain('You can try again tomorrow.');
		expect((await followRedirects(finalPageUrl('SUCCESS'))).location).toBeUndefined();

		await n8n.idle();
		const second = await startVerification(workflow);
		const verified = await completeItsme(second.created.authenticationUrl as string, 'success');
		expect(verified).toMatchObject({ status: 303, location: 'https://shop.example.test/welcome' });
	});

	it('refuses a redirect URL that is not http(s) before waiting, naming the field', async () => {
		const workflow = withParameters(loadWorkflow('verify-and-wait'), 'Wait for Completion', { options: { errorRedirectUrl: 'javascript:alert(1)' } });
		n8n.activate(workflow);
		const execution = await n8n.run(workflow);
		expect(execution.run.status).toBe('error');
		expect(execution.run.data.resultData.error?.message).toMatch(/^Error Redirect URL must be an absolute http:\/\/ or https:\/\/ address/);
	});

	it('shows the start-again link for the outcome in Dutch on the final page, on every visit; refuses one that is not http(s) before waiting', async () => {
		const workflow = withParameters(loadWorkflow('verify-and-wait'), 'Wait for Completion', {
			options: {
				startAgainUrl: 'https://shop.example.test/sign-up',
				startAgainUrls: { link: [{ outcome: 'abort', language: 'nl', url: 'https://shop.example.test/nl/opnieuw' }] },
			},
		});
		const { created } = await startVerification(workflow);
		const cancelled = await completeItsme(created.authenticationUrl as string, 'abort');
		const link = '<a class="action" href="https://shop.example.test/nl/opnieuw">Opnieuw beginnen</a>';
		expect(cancelled.url).toBe(finalPageUrl('ABORT'));
		expect(cancelled.body).toContain(link);
		expect((await followRedirects(cancelled.url)).body).toContain(link);
		// Error has no Dutch link of its own: the one for every language.
		expect((await followRedirects(finalPageUrl('ERROR'))).body).toContain('<a class="action" href="https://shop.example.test/sign-up">Opnieuw beginnen</a>');
		expect((await followRedirects(finalPageUrl('SUCCESS'))).body).not.toContain('<a ');
		await n8n.idle();

		const refused = withParameters(loadWorkflow('verify-and-wait'), 'Wait for Completion', {
			options: { startAgainUrls: { link: [{ outcome: 'error', language: 'de', url: 'javascript:alert(1)' }] } },
		});
		n8n.activate(refused);
		const execution = await n8n.run(refused);
		expect(execution.run.status).toBe('error');
		expect(execution.run.data.resultData.error?.message).toBe(
			'Start Again URLs by Language: the German URL for Error must be an absolute http:// or https:// address, such as https://example.com/sign-up',
		);
	});

	it('answers an unknown status with a human 404 page', async () => {
		n8n.activate(loadWorkflow('verify-and-wait'));
		for (const status of ['', 'constructor', 'RUNNING<script>']) {
			const visit = await followRedirects(finalPageUrl(encodeURIComponent(status)));
			expect(visit.status).toBe(404);
			expect(visit.body).toContain(`<h1>${dutch.unknownLink.title}</h1>`);
			expect(visit.body).not.toContain('<script>');
		}
	});

	it('only Wait for Completion nodes have a final page', async () => {
		const workflow = loadWorkflow('verify-and-wait');
		n8n.activate(workflow);
		// Create Session has no webhook id: its page would be at n8n's path for such nodes.
		const createNodePath = `${workflow.id ?? 'test-workflow'}/${encodeURIComponent('create session')}/itsme-result`;
		expect((await fetch(`${n8n.url}/webhook/${createNodePath}?status=SUCCESS`)).status).toBe(404);
	});

	it('is a production webhook of published workflows only: n8n never registers it as a test webhook', () => {
		const json = loadWorkflow('verify-and-wait');
		const methodOf = (nodeName: string, active: boolean) => {
			const workflow = workflowOf(json, engineFor(emulator), undefined, active);
			const node = workflow.getNode(nodeName) as INode;
			const page = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.webhooks?.find((d) => !d.restartWebhook);
			// As n8n's WebhookService evaluates a webhook's method; an empty one registers nothing. n8n builds
			// the workflow as active to register production webhooks, as inactive for test webhooks.
			return workflow.expression.getSimpleParameterValue(node, page?.httpMethod as string, 'internal', {});
		};
		expect(methodOf('Wait for Completion', true)).toBe('GET');
		expect(methodOf('Wait for Completion', false)).toBe('');
		expect(methodOf('Create Session', true)).toBe('');
	});

	it('answers the page at once, at the resume URL, in a manual run (n8n serves no production URL for an unpublished workflow)', async () => {
		const execution = await n8n.run(loadWorkflow('verify-and-wait'), { startNode: 'Create Session', mode: 'manual' });
		expect(execution.run.status).toBe('waiting');
		const [created] = execution.output('Create Session');
		const landing = await completeItsme(created.authenticationUrl as string, 'success');
		expect(landing.status).toBe(200);
		expect(landing.url).toContain('/webhook-waiting/');
		expect(landing.body).toContain(`<h1>${dutch.verified.title}</h1>`);
	});
});
