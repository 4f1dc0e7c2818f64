import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IDataObject, INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { ItsmeSession } from '../../nodes/ItsmeSession/ItsmeSession.node';
import type { FailureSpec } from '../emulator/faults';
import { TOKEN_REQUEST_TIMEOUT_MS } from '../../nodes/shared/auth/requestAccessToken';
import { GUIDE_RECORD } from '../guideExample';
import { contacts, createWorkflow, engineFor, loadWorkflow, useEmulator, withParameters } from '../harness/fixtures';
import { NodeTypes } from '../harness/nodeTypes';
import { runWorkflow } from '../harness/runWorkflow';

const emulator = useEmulator();
/** The National Number Hash Key of the Signicat API credential, where it lives (never in a workflow). */
const HASH_KEY = 'sixteen-chars-key!';

describe('itsme Session: Get Session and Cancel Session', () => {
	async function verifiedSession(person = 'maxence'): Promise<string> {
		const [item] = (await runWorkflow(createWorkflow(), engineFor(emulator), { items: contacts(1) })).output('Create Session');
		emulator.complete(item.sessionId as string, 'success', person);
		return item.sessionId as string;
	}

	const getSession = async (sessionId: string, options: IDataObject = {}, nodeTypes?: NodeTypes, type?: string) => {
		let workflow = withParameters(loadWorkflow('get-session'), 'Get Session', { options: options as INodeParameters });
		if (type) workflow = { ...workflow, nodes: workflow.nodes.map((n) => (n.name === 'Get Session' ? { ...n, type } : n)) };
		const engine = { ...engineFor(emulator, { hashSecretKey: HASH_KEY }), ...(nodeTypes ? { nodeTypes } : {}) };
		return await runWorkflow(workflow, engine, { items: [{ json: { sessionId } }] });
	};

	it("returns the guide's example person as the flattened record", async () => {
		const sessionId = await verifiedSession();
		const [row] = (await getSession(sessionId)).output('Get Session');
		expect(row).toMatchObject({ ...GUIDE_RECORD, sessionId, statusCheckedAt: expect.any(String) });
		expect(row).not.toHaveProperty('raw');
	});

	it("flattens an OIDC-shaped address and Signicat's Norwegian BankID person, the provider's keys kept in raw", async () => {
		const identification = createWorkflow({ service: 'identification', options: { additionalProviders: 'nbid' } });
		const [sofie, kari] = (await runWorkflow(identification, engineFor(emulator), { items: contacts(2) })).output('Create Session');
		emulator.complete(sofie.sessionId as string, 'success', 'sofie');
		emulator.complete(kari.sessionId as string, 'success', 'kari');

		const [sofieRow] = (await getSession(sofie.sessionId as string)).output('Get Session');
		expect(sofieRow).toMatchObject({ provider: 'itsme', address: 'Kouter 1, 9000 Gent, BE', street: 'Kouter 1', postalCode: '9000', city: 'Gent', region: 'Oost-Vlaanderen', country: 'BE' });

		const [kariRow] = (await getSession(kari.sessionId as string, { nationalNumber: 'masked', includeRaw: true })).output('Get Session');
		expect(kariRow).toMatchObject({
			status: 'SUCCESS',
			provider: 'nbid',
			name: 'Kari Nordmann',
			firstName: 'Kari',
			lastName: 'Nordmann',
			dateOfBirth: '1990-02-17',
			nationalNumber: '170290*****',
			nationalNumberCountry: 'NO',
		});
		// Requested but not given by BankID (null from Signicat): absent, not null.
		expect(kariRow).not.toHaveProperty('email');
		expect(kariRow).not.toHaveProperty('nbidIdp');
		expect(kariRow.raw).toMatchObject({ provider: 'nbid', subject: { nbidIdp: 'BIS', nbidAlternativeSubject: '9578-6000-4-1663921', nin: { value: '170290*****', type: 'BIRTH' } } });
	});

	it.each([
		[{ nationalNumber: 'masked' }, '810424*****'],
		[{ nationalNumber: 'hashed' }, createHmac('sha256', HASH_KEY).update('81042419835').digest('hex')],
		[{ nationalNumber: 'omitted' }, undefined],
	])('applies the personal-data option %j to the row and the raw session', async (options, expected) => {
		const sessionId = await verifiedSession();
		const [row] = (await getSession(sessionId, { ...options, includeRaw: true })).output('Get Session');
		expect(row.nationalNumber).toEqual(expected);
		expect(JSON.stringify(row)).not.toContain('81042419835');
		expect(row.raw).toMatchObject({ id: sessionId, status: 'SUCCESS' });
	});

	it('refuses the keyed hash, before asking Signicat, when the credential has no Hash Key; the message names where it lives', async () => {
		const sessionId = await verifiedSession();
		const workflow = withParameters(loadWorkflow('get-session'), 'Get Session', { options: { nationalNumber: 'hashed' } });
		const before = emulator.requests.length;
		const run = await runWorkflow(workflow, engineFor(emulator), { items: [{ json: { sessionId } }] });
		expect(run.run.data.resultData.error?.message).toBe(
			'The national number option "Keyed SHA-256 Hash" needs a National Number Hash Key of at least 16 characters in the Signicat API credential',
		);
		expect(emulator.requests.length).toBe(before);
	});

	it('masks the national number by default when an AI agent uses the node as a tool', async () => {
		const sessionId = await verifiedSession();
		const asTool = new NodeTypes({ 'n8n-nodes-signicat-itsme.itsmeSessionTool': new ItsmeSession() });
		const [row] = (await getSession(sessionId, {}, asTool, 'n8n-nodes-signicat-itsme.itsmeSessionTool')).output('Get Session');
		expect(row.nationalNumber).toBe('810424*****');
	});

	it('cancels a session the person has not finished', async () => {
		const [item] = (await runWorkflow(createWorkflow(), engineFor(emulator), { items: contacts(1) })).output('Create Session');
		const workflow = withParameters(loadWorkflow('get-session'), 'Get Session', { operation: 'cancel' });
		const [row] = (await runWorkflow(workflow, engineFor(emulator), { items: [{ json: { sessionId: item.sessionId } }] })).output('Get Session');
		expect(row).toEqual({ sessionId: item.sessionId, status: 'CANCELLED' });
	});
});

describe('itsme Session: a token endpoint that accepts the connection and never answers', () => {
	it(`gives up after ${TOKEN_REQUEST_TIMEOUT_MS / 1000} s with a message naming it, and the next run gets a token again`, async () => {
		// The emulator forgets its tokens, so the node must ask for a new one: that request hangs.
		emulator.tokens.revokeAll();
		emulator.faults.hangNext(1, 'token');
		const started = Date.now();
		const hung = await runWorkflow(createWorkflow(), engineFor(emulator), { items: contacts(1) });
		const waitedMs = Date.now() - started;

		expect(hung.run.status).toBe('error');
		expect(JSON.stringify(hung.run.data.resultData.error)).toContain(`no answer within ${TOKEN_REQUEST_TIMEOUT_MS / 1000} s`);
		expect(waitedMs).toBeGreaterThanOrEqual(TOKEN_REQUEST_TIMEOUT_MS - 100);
		// The one shared token request ended with it: nothing is left waiting on a dead request.
		const next = await runWorkflow(createWorkflow(), engineFor(emulator), { items: contacts(1) });
		expect(next.run.status).toBe('success');
	});
});

describe('itsme Session: bad input and Signicat errors', () => {
	// Item 0 is fine; item 1 carries the bad value through an expression, as mapped data would.
	const forItem1 = (bad: unknown, good: unknown) => `={{ $itemIndex === 1 ? ${JSON.stringify(bad)} : ${JSON.stringify(good)} }}`;
	it.each<[string, INodeParameters, string]>([
		['a relative callback URL', { successUrl: forItem1('/done', 'https://a.test/ok') }, 'Success URL of item 1 must be an absolute http(s) URL'],
		[
			'a trigger URL without scheme',
			{ callbackMode: 'trigger', triggerUrl: forItem1('n8n.example.test/webhook/x', '/webhook/x') },
			"Trigger URL of item 1 must be the itsme Trigger's Production URL (https://…/webhook/…/itsme) or just its path (/webhook/…/itsme)",
		],
		[
			'a lifetime out of range',
			{ options: { sessionLifetime: forItem1(7200, 1200) } },
			'Session Lifetime of item 1 must be a whole number of seconds between 300 and 3600',
		],
		[
			'a numeric External Reference',
			{ options: { externalReference: forItem1(12345, 'crm-1') } },
			'External Reference of item 1 must be text of at most 1000 characters, not a number',
		],
		[
			'an unknown attribute',
			{ service: 'custom', attributes: forItem1(['firstName', 'shoeSize'], ['firstName']) },
			'Attributes of item 1 contain "shoeSize", which is not an itsme attribute',
		],
	])('rejects %s before any request, naming the item and the field', async (_what, parameters, message) => {
		const execution = await runWorkflow(createWorkflow(parameters), engineFor(emulator), { items: contacts(2) });
		expect(execution.run.status).toBe('error');
		expect(execution.run.data.resultData.error?.message).toBe(message);
		expect(emulator.requests).toHaveLength(0);
	});

	it('rejects a malformed session id before any request', async () => {
		for (const sessionId of ['../../etc/passwd', '', 'x'.repeat(10_000), '4ccb8a1b%2F..']) {
			const execution = await runWorkflow(loadWorkflow('get-session'), engineFor(emulator), { items: [{ json: { sessionId } }] });
			expect(execution.run.data.resultData.error?.message).toBe(
				'Session ID of item 0 is not a Signicat session ID: expected 32 hexadecimal digits grouped 8-4-4-4-12, such as 4ccb8a1b-6f40-e146-af1b-15f1c6eabb56',
			);
		}
		expect(emulator.requests).toHaveLength(0);
	});

	it("shows Signicat's error text and trace id, and the item", async () => {
		const workflow = createWorkflow({ options: { additionalProviders: 'nosuchidp' } });
		const execution = await runWorkflow(workflow, engineFor(emulator), { items: contacts(1) });
		const error = execution.run.data.resultData.error as unknown as { message: string; description: string };
		expect(error.message).toBe('Signicat answered 400 (item 0): One or more validation errors occurred.');
		expect(error.description).toContain("allowedProviders: The provider 'nosuchidp' is not configured for this account.");
		expect(error.description).toMatch(/Signicat trace id: [0-9a-f]{32}/);
	});

	const continueOnFail = (workflow: IWorkflowBase, nodeName: string) => {
		workflow.nodes.find((n) => n.name === nodeName)!.onError = 'continueRegularOutput';
		return workflow;
	};

	it('turns a bad session id into an error item in its place with Continue On Fail, and reads the others', async () => {
		const sessionIds = [];
		for (let i = 0; i < 2; i++) {
			const [item] = (await runWorkflow(createWorkflow(), engineFor(emulator), { items: contacts(1) })).output('Create Session');
			sessionIds.push(item.sessionId);
		}
		emulator.requests.length = 0;
		const workflow = continueOnFail(loadWorkflow('get-session'), 'Get Session');
		const input = [sessionIds[0], 'not-a-session-id', sessionIds[1]].map((sessionId) => ({ json: { sessionId } }));
		const execution = await runWorkflow(workflow, engineFor(emulator), { items: input });

		expect(execution.run.status).toBe('success');
		const items = execution.items('Get Session');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ sessionId: sessionIds[0], status: 'CREATED' });
		expect(items[1].json).toEqual({ error: expect.stringMatching(/^Session ID of item 1 is not a Signicat session ID/) });
		expect(items[2].json).toMatchObject({ sessionId: sessionIds[1], status: 'CREATED' });
		// The bad item never reached Signicat.
		expect(emulator.countRequests('GET', '/auth/rest/sessions/')).toBe(2);
	});

	it('turns a bad input of Create Session into an error item with Continue On Fail, and creates the others', async () => {
		const workflow = continueOnFail(createWorkflow({ options: { sessionLifetime: forItem1(7200, 1200) } }), 'Create Session');
		const execution = await runWorkflow(workflow, engineFor(emulator), { items: contacts(3) });
		const items = execution.items('Create Session');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.status ?? item.json.error)).toEqual([
			'CREATED',
			expect.stringContaining('Session Lifetime of item 1'),
			'CREATED',
		]);
		expect(emulator.sessions.count()).toBe(2);
	});

	// Item 2 names a provider the account does not have: only Signicat can refuse it, so it fails mid-run.
	const failingItem2 = (concurrency: number) =>
		createWorkflow({ options: { concurrency, additionalProviders: "={{ $itemIndex === 2 ? 'nosuchidp' : '' }}" } });
	// Sessions sent with a token: a token left from an earlier test is refused once (401) and renewed first.
	const sessionPosts = () => emulator.requests.filter((r) => r.method === 'POST' && r.path === '/auth/rest/sessions' && r.status !== 401).length;
	const errorOf = (execution: { run: { data: { resultData: { error?: unknown } } } }) =>
		execution.run.data.resultData.error as unknown as { message: string; description: string };

	it('without Continue On Fail, starts no item after the first failure', async () => {
		const execution = await runWorkflow(failingItem2(1), engineFor(emulator), { items: contacts(20) });
		expect(execution.run.status).toBe('error');
		expect(errorOf(execution).message).toBe('Signicat answered 400 (item 2): One or more validation errors occurred.');
		expect(errorOf(execution).description).toContain('The node stopped at this failure. Other items that succeeded: 2; items not started: 17.');
		expect(sessionPosts()).toBe(3);
		expect(emulator.sessions.count()).toBe(2);
	});

	/** Runs 20 items, 5 at a time, while valid creations are held: items 0–4 are in flight when item 2 is refused. */
	async function failWhileInFlight(heldAnswer?: FailureSpec) {
		const release = emulator.faults.holdCreates(heldAnswer);
		const running = runWorkflow(failingItem2(5), engineFor(emulator), { items: contacts(20) });
		while (!(emulator.requests.some((r) => r.status === 400) && emulator.faults.heldCreates === 4)) await sleep(5);
		release();
		return await running;
	}

	it('without Continue On Fail, lets the items in flight finish their request, then fails with the first failure', async () => {
		const execution = await failWhileInFlight();
		expect(errorOf(execution).message).toBe('Signicat answered 400 (item 2): One or more validation errors occurred.');
		expect(errorOf(execution).description).toContain('Other items that succeeded: 4; items not started: 15.');
		expect(sessionPosts()).toBe(5);
		// Not aborted: a request Signicat already received may have created its session.
		expect(emulator.sessions.count()).toBe(4);
	});

	it('without Continue On Fail, does not retry the items in flight once another item failed', async () => {
		// Each held item gets a 503 asking to come back in 30 s: a retry would make 4 more requests after a 30 s wait.
		const execution = await failWhileInFlight({ status: 503, retryAfterSeconds: 30 });
		expect(errorOf(execution).message).toBe('Signicat answered 400 (item 2): One or more validation errors occurred.');
		expect(errorOf(execution).description).toContain('Other items that succeeded: 0; items not started: 15.');
		expect(sessionPosts()).toBe(5);
		expect(emulator.sessions.count()).toBe(0);
	});

	it('turns a failing item into an error item paired with its input when Continue On Fail is on', async () => {
		const workflow = createWorkflow();
		const node = workflow.nodes.find((n) => n.name === 'Create Session')!;
		node.onError = 'continueRegularOutput';
		node.parameters.options = { additionalProviders: "={{ $itemIndex === 1 ? 'nosuchidp' : '' }}" };
		const execution = await runWorkflow(workflow, engineFor(emulator), { items: contacts(3) });
		const items = execution.items('Create Session');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.status).toBe('CREATED');
		expect(items[1].json.error).toContain('Signicat answered 400 (item 1)');
		expect(items[2].json.status).toBe('CREATED');
	});
});
