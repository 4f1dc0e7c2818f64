import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters, IWorkflowBase } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { DEFAULT_CLIENT } from '../../emulator/server';
import { createWorkflow, engineFor, loadWorkflow, useEmulator, withParameters } from '../../harness/fixtures';
import { runWorkflow } from '../../harness/runWorkflow';
import { N8nWebhookServer } from '../../harness/webhookServer';

/**
 * What every itsme Trigger test file shares: an emulator, an n8n with the trigger workflow active
 * (fresh for each test), an itsme Session node that creates sessions for it, and Signicat's event deliveries.
 */
export const emulator = useEmulator();
export let n8n: N8nWebhookServer;
export let trigger: IWorkflowBase;
export let triggerUrl: string;
export let eventsUrl: string;

/**
 * Activates the trigger workflow, its trigger given these parameters, with the steps `extended` adds
 * after it, and the static data `saved` (what n8n had stored for the workflow).
 */
async function activate(parameters: INodeParameters = {}, extended = (workflow: IWorkflowBase) => workflow, saved: IDataObject = {}) {
	// A workflow of its own per test: what a trigger remembers in the process is kept per workflow.
	trigger = { ...extended(withParameters(loadWorkflow('itsme-trigger'), 'itsme Trigger', parameters)), id: `trigger-${randomUUID()}` };
	n8n.activate(trigger, saved);
	triggerUrl = n8n.productionUrl(trigger, 'itsme Trigger');
	eventsUrl = n8n.productionUrl(trigger, 'itsme Trigger', 'setup');
}

/** The Events Secret of the trigger's Signicat API credential, unless a test says otherwise. */
export const EVENTS_SECRET = 'events-secret-of-the-dashboard-subscription';

/** A fresh n8n with the trigger workflow active, its trigger node given these parameters. */
export async function reactivate(
	parameters: INodeParameters = {},
	credential: ICredentialDataDecryptedObject = {},
	extended?: (workflow: IWorkflowBase) => IWorkflowBase,
	saved?: IDataObject,
) {
	await n8n?.stop();
	n8n = new N8nWebhookServer(engineFor(emulator, { eventsSecret: EVENTS_SECRET, ...credential }));
	await n8n.start();
	await activate(parameters, extended, saved);
}

beforeEach(async () => await reactivate());
afterEach(async () => {
	await n8n.stop();
});

/** What an itsme Session node (Callbacks: Trigger URL) creates for one person. */
export async function createSession(
	callbacks: INodeParameters = { callbackMode: 'trigger', triggerUrl },
): Promise<{ sessionId: string; authenticationUrl: string; callbacks: Record<string, string> }> {
	const workflow = createWorkflow(callbacks);
	// Run by the same n8n as the trigger, as n8n tells the node (its resume URL's base).
	const [created] = (await runWorkflow(workflow, { ...engineFor(emulator), baseUrl: n8n.url }, { items: [{ json: { contactId: 'c-1' } }] })).output(
		'Create Session',
	);
	return {
		sessionId: created.sessionId as string,
		authenticationUrl: created.authenticationUrl as string,
		callbacks: (created.signicat as { callbackUrls: Record<string, string> }).callbackUrls,
	};
}

export const executionsOutput = () => n8n.executions.map((e) => e.output('itsme Trigger')[0]);

/** An envelope of Signicat's Events service naming a session, as the Dashboard subscription delivers it. */
export function envelope(sessionId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	const now = Date.now();
	return {
		id: randomUUID(),
		timestamp: new Date(now).toISOString(),
		sender: 'authentication-api',
		eventName: 'session.success',
		eventData: { id: sessionId },
		accountId: DEFAULT_CLIENT.accountId,
		organizationId: null,
		expiresAt: new Date(now + 30_000).toISOString(),
		tags: [],
		...overrides,
	};
}

interface Delivery {
	status: number;
	body: Record<string, unknown>;
}

/** Posts a delivery to the trigger's Events URL, as Signicat would: JSON with the secret unless told otherwise. */
export async function deliver(
	body: unknown,
	{ secret = EVENTS_SECRET, headers = {}, raw }: { secret?: string | null; headers?: Record<string, string>; raw?: string } = {},
): Promise<Delivery> {
	const url = new URL(eventsUrl);
	if (secret !== null) url.searchParams.set('secret', secret);
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: raw ?? JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : { text }) as Record<string, unknown> };
}
