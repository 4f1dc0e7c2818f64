/**
 * The package's execution hints in a real n8n (2.41.1, the package installed from `npm pack`),
 * read from the execution data n8n records, which its editor shows with each node's output:
 * - an itsme Trigger run through its Test URL (the editor listening for a test event) carries the
 *   test-run hint; a run through its Production URL none;
 * - a Create Session whose credential points at Signicat and whose callbacks point at localhost, or
 *   use plain http, carries the matching warning; the demo's correct setup (emulator) none.
 * The person's browser is test/harness/browser.ts (HTTP); the browser journeys are realN8nJourneys.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'flatted';

import { startDemo } from '../../scripts/n8n/demo';
import type { Demo } from '../../scripts/n8n/demo';
import { loadExample } from '../../scripts/n8n/examples';
import { portOf } from '../../scripts/n8n/ports';
import { TRIGGER_TEST_RUN_HINT } from '../../nodes/ItsmeTrigger/triggerStep';
import { SignicatEmulator } from '../emulator/server';
import { completeItsme } from '../harness/browser';
import { MAXENCE_APPLICATION } from './person';

jest.setTimeout(120_000);
const emulator = new SignicatEmulator();
let demo: Demo;
let emulatorCredential: string;

beforeAll(async () => {
	await emulator.start();
	demo = await startDemo({ userFolder: mkdtempSync(join(tmpdir(), 'n8n-e2e-hints-')), port: portOf(5800), emulatorUrl: emulator.url });
	const credentials = await demo.n8n.rest<Array<{ id: string; name: string }>>('GET', '/credentials');
	emulatorCredential = credentials.find((credential) => credential.name === 'Signicat API (emulator)')!.id;
}, 15 * 60_000);

afterAll(async () => {
	await demo?.stop();
	await emulator.stop();
}, 60_000);

/** The hints n8n recorded for each run of a node in the only execution of a workflow. */
async function recordedHints(workflowId: string, nodeName: string): Promise<unknown[][]> {
	const [{ id }] = await demo.n8n.waitForExecutions(workflowId, 1);
	const execution = await demo.n8n.rest<{ data: string }>('GET', `/executions/${id}`);
	const runs = parse(execution.data).resultData.runData[nodeName] as Array<{ hints?: unknown[] }>;
	return runs.map((run) => run.hints ?? []);
}

/** A person opens an onboarding link and approves on the emulator's itsme page. */
async function onboard(startPath: string): Promise<string> {
	const start = await fetch(`${demo.n8n.url}${startPath}`, { method: 'POST', body: new URLSearchParams(MAXENCE_APPLICATION), redirect: 'manual' });
	expect(start.status).toBeGreaterThanOrEqual(300);
	return (await completeItsme(start.headers.get('location') as string, 'success')).body;
}

/** The onboarding link workflow of the demo, at another path, its callbacks pointing at `triggerUrl`. */
function startOnboardingTo(path: string, triggerUrl: string): Record<string, any> {
	const workflow = loadExample('demo-start-onboarding.json');
	workflow.name = `hints: start onboarding (${path})`;
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') Object.assign(node, { webhookId: randomUUID(), parameters: { ...node.parameters, path } });
		if (node.parameters.triggerUrl) node.parameters.triggerUrl = triggerUrl;
	}
	return workflow;
}

describe('execution hints in a real n8n', () => {
	it('none for the demo: Production URL, callbacks on localhost with the emulator', async () => {
		expect(await onboard('/webhook/itsme-demo')).toContain('Identity verified');
		expect(await recordedHints(demo.workflows['demo-verified-people.json'], 'itsme Trigger')).toEqual([[]]);
		expect(await recordedHints(demo.workflows['demo-start-onboarding.json'], 'Create itsme session')).toEqual([[]]);
	});

	it("the test-run hint on an itsme Trigger reached through its Test URL while the editor listens", async () => {
		const trigger = loadExample('demo-verified-people.json');
		const triggerNode = { ...trigger.nodes.find((node: { name: string }) => node.name === 'itsme Trigger'), webhookId: randomUUID() };
		const testWorkflow = await demo.n8n.importWorkflow(
			{ name: 'hints: itsme Trigger (test)', nodes: [triggerNode], connections: {} },
			{ signicatApi: emulatorCredential },
			false,
		);
		const testUrl = `${demo.n8n.url}/webhook-test/${triggerNode.webhookId}/itsme`;
		await demo.n8n.importWorkflow(startOnboardingTo('itsme-hints-test', testUrl), { signicatApi: emulatorCredential }, true);

		// What the editor's "Execute workflow" does: n8n registers the trigger's Test URL for one event.
		expect(await demo.n8n.rest('POST', `/workflows/${testWorkflow}/run`, { triggerToStartFrom: { name: 'itsme Trigger' } })).toEqual({
			waitingForWebhook: true,
		});
		expect(await onboard('/webhook/itsme-hints-test')).toContain('Identity verified');
		const [execution] = await demo.n8n.waitForExecutions(testWorkflow, 1);
		expect(execution).toEqual(expect.objectContaining({ status: 'success', mode: 'manual' }));
		expect(await recordedHints(testWorkflow, 'itsme Trigger')).toEqual([[TRIGGER_TEST_RUN_HINT]]);
	});

	it("a warning on Create Session for callbacks on localhost or plain http when the credential is Signicat's", async () => {
		// A public name that never resolves (RFC 2606): Signicat's Base URL, and no request leaves the machine.
		const signicat = await demo.n8n.createCredential('Signicat API (production)', 'signicatApi', {
			clientId: 'client',
			clientSecret: 'secret',
			baseUrl: 'https://api.signicat.invalid',
			accountId: '',
		});
		const createSession = (name: string, triggerUrl: string, x: number) => ({
			name,
			type: 'n8n-nodes-signicat-itsme.itsmeSession',
			typeVersion: 1,
			position: [x, 0],
			onError: 'continueRegularOutput',
			// n8n.example.com is not this n8n: a team that means it says so (or the session is refused).
			parameters: { operation: 'create', callbackMode: 'trigger', triggerUrl, options: { triggerOfAnotherInstance: true } },
			credentials: { signicatApi: { id: '', name: 'Signicat API (production)' } },
		});
		const workflow = await demo.n8n.importWorkflow(
			{
				name: 'hints: Create Session against Signicat',
				nodes: [
					{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: randomUUID(), parameters: { path: 'itsme-hints-signicat', options: {} } },
					createSession('Callbacks on localhost', `${demo.n8n.url}/webhook/abc/itsme`, 200),
					createSession('Callbacks on plain http', 'http://n8n.example.com/webhook/abc/itsme', 400),
				],
				connections: {
					Webhook: { main: [[{ node: 'Callbacks on localhost', type: 'main', index: 0 }]] },
					'Callbacks on localhost': { main: [[{ node: 'Callbacks on plain http', type: 'main', index: 0 }]] },
				},
			},
			{ signicatApi: signicat },
			true,
		);
		expect((await fetch(`${demo.n8n.url}/webhook/itsme-hints-signicat`)).status).toBe(200);
		expect(await recordedHints(workflow, 'Callbacks on localhost')).toEqual([
			[{ type: 'warning', location: 'outputPane', message: expect.stringMatching(/^The callback URLs point at localhost, which the person's phone or computer cannot reach.*WEBHOOK_URL/) }],
		]);
		expect(await recordedHints(workflow, 'Callbacks on plain http')).toEqual([
			[{ type: 'warning', location: 'outputPane', message: expect.stringContaining('plain http (http://n8n.example.com): Signicat requires https') }],
		]);
	});
});
