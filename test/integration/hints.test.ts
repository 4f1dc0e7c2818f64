/**
 * The package's hints where n8n shows them: execution hints in the run data n8n-core's engine
 * records (n8n's editor shows them with the node's output), node hints through their display
 * condition, evaluated as n8n's editor evaluates it. A real n8n shows the same: test/e2e/hints.test.ts.
 */
import type { INodeParameters, IWorkflowBase, NodeHint } from 'n8n-workflow';

import { sessionNodeHints } from '../../nodes/ItsmeSession/callbacks/callbackHints';
import { TRIGGER_TEST_RUN_HINT } from '../../nodes/ItsmeTrigger/triggerStep';
import { completeItsme } from '../harness/browser';
import { createWorkflow, engineFor, itemsOf, loadWorkflow, packageNodeTypes, useEmulator } from '../harness/fixtures';
import { N8N_BASE_URL, runWorkflow, workflowOf } from '../harness/runWorkflow';
import { N8nWebhookServer } from '../harness/webhookServer';

const emulator = useEmulator();
// A public name that never resolves (RFC 2606): the credential points at Signicat, not at the
// emulator, and no request leaves the machine. The sessions fail; the node continues on fail.
const SIGNICAT = { baseUrl: 'https://api.signicat.invalid' };

/** Create Session's hints in an n8n whose WEBHOOK_URL is `n8nUrl`. */
async function createSessionHints(parameters: INodeParameters, credential = SIGNICAT, n8nUrl = N8N_BASE_URL) {
	const workflow = createWorkflow(parameters);
	workflow.nodes.find((node) => node.name === 'Create Session')!.onError = 'continueRegularOutput';
	const execution = await runWorkflow(workflow, { ...engineFor(emulator, credential), baseUrl: n8nUrl }, { items: itemsOf([{ contactId: 'c-1' }]) });
	const [run] = execution.run.data.resultData.runData['Create Session'];
	expect(run.executionStatus).toBe('success');
	return { hints: run.hints, output: execution.output('Create Session') };
}

describe('Create Session: execution hints', () => {
	it("warns about a Trigger URL on localhost when the credential is Signicat's", async () => {
		const { hints } = await createSessionHints({ callbackMode: 'trigger', triggerUrl: 'http://localhost:5678/webhook/abc/itsme' });
		expect(hints).toEqual([
			{ type: 'warning', location: 'outputPane', message: expect.stringMatching(/^The callback URLs point at localhost, which the person's phone or computer cannot reach.*WEBHOOK_URL/) },
		]);
	});

	it('warns about custom URLs on a private address', async () => {
		const { hints } = await createSessionHints({
			callbackMode: 'custom',
			successUrl: 'https://192.168.1.20/itsme/ok',
			abortUrl: 'https://192.168.1.20/itsme/abort',
			errorUrl: 'https://shop.example.test/itsme/error',
		});
		expect(hints).toEqual([expect.objectContaining({ message: expect.stringContaining('point at 192.168.1.20,') })]);
	});

	it('warns about the resume URL n8n gives when n8n only knows itself as localhost', async () => {
		const { hints } = await createSessionHints({ callbackMode: 'resume' });
		expect(hints).toEqual([expect.objectContaining({ message: expect.stringContaining('point at localhost,') })]);
	});

	it('warns about plain http callbacks: Signicat requires https', async () => {
		const { hints } = await createSessionHints({ callbackMode: 'trigger', triggerUrl: 'http://n8n.example.com/webhook/abc/itsme' }, SIGNICAT, 'http://n8n.example.com');
		expect(hints).toEqual([
			{ type: 'warning', location: 'outputPane', message: expect.stringContaining('plain http (http://n8n.example.com): Signicat requires https callback URLs') },
		]);
	});

	it("says nothing for https callbacks on a public host with Signicat's Base URL", async () => {
		const { hints, output } = await createSessionHints({ callbackMode: 'trigger', triggerUrl: 'https://n8n.example.com/webhook/abc/itsme' }, SIGNICAT, 'https://n8n.example.com');
		expect(hints).toEqual([]);
		expect(output).toEqual([{ error: expect.any(String) }]);
	});

	it('says nothing for localhost callbacks with the emulator, and the session is created', async () => {
		const { hints, output } = await createSessionHints(
			{ callbackMode: 'trigger', triggerUrl: 'http://localhost:5678/webhook/abc/itsme' },
			{ baseUrl: emulator.url },
		);
		expect(hints).toEqual([]);
		expect(output).toEqual([expect.objectContaining({ status: 'CREATED' })]);
	});
});

describe('itsme Trigger: execution hint of a test run', () => {
	let n8n: N8nWebhookServer;
	let trigger: IWorkflowBase;
	beforeEach(async () => {
		n8n = new N8nWebhookServer(engineFor(emulator));
		await n8n.start();
		trigger = loadWorkflow('itsme-trigger');
		n8n.activate(trigger);
	});
	afterEach(async () => await n8n.stop());

	/** A person verified through the active workflow's Production URL: n8n's production execution. */
	async function productionRun() {
		const triggerUrl = n8n.productionUrl(trigger, 'itsme Trigger');
		const workflow = createWorkflow({ callbackMode: 'trigger', triggerUrl });
		const [created] = (await runWorkflow(workflow, { ...engineFor(emulator), baseUrl: n8n.url }, { items: itemsOf([{ contactId: 'c-1' }]) })).output('Create Session');
		await completeItsme(created.authenticationUrl as string, 'success');
		await n8n.idle();
		expect(n8n.executions).toHaveLength(1);
		return n8n.executions[0];
	}

	it('says nothing in a production execution', async () => {
		const execution = await productionRun();
		expect(execution.run.data.resultData.runData['itsme Trigger'][0].hints).toEqual([]);
		expect(execution.output('itsme Trigger')).toEqual([expect.objectContaining({ status: 'SUCCESS' })]);
	});

	it("tells which URL the Session node needs when n8n runs the trigger's items in test mode", async () => {
		// n8n runs a webhook that came through the Test URL in 'manual' mode, webhook()'s items as input.
		const items = (await productionRun()).items('itsme Trigger');
		const test = await runWorkflow(trigger, engineFor(emulator), { mode: 'manual', startNode: 'itsme Trigger', items });
		expect(test.run.data.resultData.runData['itsme Trigger'][0].hints).toEqual([TRIGGER_TEST_RUN_HINT]);
		expect(TRIGGER_TEST_RUN_HINT.message).toMatch(/Test URL.*now.*Production URL once the workflow is active/);
		expect(test.items('itsme Trigger')).toEqual(items);
	});
});

describe('itsme Session: node hints in the editor', () => {
	/** n8n's editor: a hint shows when its display condition, evaluated on the node, is true. */
	function shownHints(parameters: INodeParameters): NodeHint[] {
		const json = createWorkflow(parameters);
		const workflow = workflowOf(json, { nodeTypes: packageNodeTypes(), credentialsHelper: engineFor(emulator).credentialsHelper });
		const node = workflow.getNode('Create Session')!;
		const { hints = [] } = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
		expect(hints).toBe(sessionNodeHints);
		return hints.filter((hint) => workflow.expression.getSimpleParameterValue(node, hint.displayCondition!, 'internal', {}) === true);
	}

	const TEST_URL_HINT = expect.objectContaining({ type: 'warning', location: 'ndv', message: expect.stringContaining("the itsme Trigger's Test URL") });
	const HOST_HINT = expect.objectContaining({ type: 'info', location: 'ndv', message: expect.stringMatching(/^This Trigger URL names a host, so it works only in the n8n at that address.*Give only the path \(\/webhook\/…\/itsme\)/) });

	it("warns when the Trigger URL is the trigger's Test URL, a path too", () => {
		expect(shownHints({ callbackMode: 'trigger', triggerUrl: '/webhook-test/abc/itsme' })).toEqual([TEST_URL_HINT]);
		expect(shownHints({ callbackMode: 'trigger', triggerUrl: 'https://n8n.example.com/webhook-test/abc/itsme' })).toEqual([TEST_URL_HINT, HOST_HINT]);
	});

	it.each(['https://n8n.example.com/webhook/abc/itsme', ' HTTP://localhost:5678/webhook/abc/itsme'])(
		'says that a Trigger URL naming a host (%s) works only in that n8n, and that a path always means this one',
		(triggerUrl) => {
			expect(shownHints({ callbackMode: 'trigger', triggerUrl })).toEqual([HOST_HINT]);
		},
	);

	it.each([
		['a path', { callbackMode: 'trigger', triggerUrl: '/webhook/abc/itsme' }],
		['another n8n chosen on purpose', { callbackMode: 'trigger', triggerUrl: 'https://n8n.example.com/webhook/abc/itsme', options: { triggerOfAnotherInstance: true } }],
		['custom URLs', { callbackMode: 'custom' }],
		['another operation', { operation: 'get', triggerUrl: 'https://n8n.example.com/webhook-test/abc/itsme' }],
	])('says nothing for %s', (_, parameters) => {
		expect(shownHints(parameters as INodeParameters)).toEqual([]);
	});
});
