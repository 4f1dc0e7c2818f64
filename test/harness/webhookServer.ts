import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import { NodeHelpers } from 'n8n-workflow';
import type {
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeTypes,
	IRunExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Engine, Execution } from './runWorkflow';
import { additionalDataFor, executionOf, nextExecutionId, runWorkflow, workflowOf } from './runWorkflow';

interface ActiveWorkflow {
	json: IWorkflowBase;
	workflow: Workflow;
	/** Static data as n8n would have saved it to its database. */
	saved: IDataObject;
}

type StaticData = IDataObject & { __dataChanged?: boolean };

interface Waiting {
	json: IWorkflowBase;
	execution: Execution;
}

/** As n8n's parseBody: JSON, forms and plain text are parsed (bad JSON is a 422), other types give {}. */
function parseBody(raw: Buffer, contentType: string): { body: unknown } | { unprocessable: true } {
	const text = raw.toString('utf8');
	const type = contentType.split(';')[0].trim();
	if (text === '') return { body: {} };
	if (type === 'application/x-www-form-urlencoded') return { body: Object.fromEntries(new URLSearchParams(text)) };
	if (type === 'text/plain') return { body: text };
	if (type !== 'application/json') return { body: {} };
	try {
		return { body: JSON.parse(text) as unknown };
	} catch {
		return { unprocessable: true };
	}
}

/**
 * The part of n8n's server that webhooks reach, in-process: production webhooks of active workflows
 * (`/webhook/...`) and waiting executions (`/webhook-waiting/<execution id>`), following the steps
 * of n8n's LiveWebhooks, WaitingWebhooks and WebhookHelpers.
 */
/** n8n's answer when it cannot save the execution a webhook started (WorkflowRunner.run threw). */
export const EXECUTION_NOT_SAVED = { code: 0, message: 'There was a problem executing the workflow' };

export class N8nWebhookServer {
	readonly executions: Execution[] = [];
	/** While true, n8n cannot save (insert) new executions, as with a failing database. */
	savesFail = false;
	/** While set, n8n's save of a new execution waits for it, as with a slow database; `heldSaves` counts the saves waiting. */
	savesWaitFor?: Promise<void>;
	heldSaves = 0;
	private readonly active: ActiveWorkflow[] = [];
	private readonly waiting = new Map<string, Waiting>();
	private readonly inFlight = new Set<Promise<void>>();
	private server?: Server;
	url = '';

	constructor(private readonly engine: Engine) {}

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			const handling = this.handle(req, res)
				.catch((error: Error) => {
					if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ message: error.message }));
				})
				.finally(() => this.inFlight.delete(handling));
			this.inFlight.add(handling);
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		this.engine.baseUrl = this.url;
		return this.url;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** Runs a workflow; one that ends up waiting can then be resumed through this server. */
	async run(json: IWorkflowBase, options: Parameters<typeof runWorkflow>[2] = {}): Promise<Execution> {
		const execution = await runWorkflow(json, this.engine, options);
		this.track(json, execution);
		return execution;
	}

	/** Activates a workflow: its nodes' production webhooks start answering; `saved`: its static data in n8n's database. */
	activate(json: IWorkflowBase, saved: IDataObject = {}): void {
		this.active.push({ json, workflow: workflowOf(json, this.engine, undefined, true), saved });
	}

	/**
	 * As after an n8n restart: the node classes are loaded anew (a new process has none of the old
	 * one's memory) and workflows only have the static data saved so far.
	 */
	restart(nodeTypes: INodeTypes): void {
		this.engine.nodeTypes = nodeTypes;
		for (const entry of this.active) {
			entry.workflow = workflowOf(entry.json, this.engine, structuredClone(entry.saved), true);
		}
	}

	/** The production URL of a node's webhook: its first one, or the first with this description name. */
	productionUrl(json: IWorkflowBase, nodeName: string, webhookName?: string): string {
		const entry = this.active.find((a) => a.json === json);
		if (!entry) throw new Error('workflow is not active');
		const node = entry.workflow.getNode(nodeName) as INode;
		const description = this.descriptionsOf(entry.workflow, node).find(
			(d) => !d.restartWebhook && (webhookName === undefined || d.name === webhookName),
		);
		if (!description) throw new Error(`${nodeName} has no production webhook`);
		return `${this.url}/webhook/${this.pathOf(entry.workflow, node, description)}`;
	}

	/** A workflow's static data as n8n would have saved it to its database so far. */
	savedStaticData(json: IWorkflowBase): IDataObject {
		const entry = this.active.find((a) => a.json === json);
		if (!entry) throw new Error('workflow is not active');
		return structuredClone(entry.saved);
	}

	/** Resolves once every request received so far, and the execution it started or resumed, is done. */
	async idle(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
	}

	/** As n8n does when a waiting execution's time is up: it runs on from the stored data. */
	async timeOut(executionId: string): Promise<Execution> {
		const entry = this.waiting.get(executionId);
		if (!entry) throw new Error(`execution ${executionId} is not waiting`);
		this.waiting.delete(executionId);
		const { run, workflow } = entry.execution;
		const hooks = new ExecutionLifecycleHooks(run.mode, executionId, entry.json);
		const additionalData = additionalDataFor(this.engine, hooks, executionId, { restartExecutionId: executionId });
		const data = structuredClone(run.data) as IRunExecutionData;
		data.waitTill = new Date(0);
		const resumed = executionOf(await new WorkflowExecute(additionalData, run.mode, data).processRunExecutionData(workflow), workflow, executionId);
		this.track(entry.json, resumed);
		return resumed;
	}

	isWaiting(executionId: string): boolean {
		return this.waiting.has(executionId);
	}

	private track(json: IWorkflowBase, execution: Execution): void {
		if (execution.run.status === 'waiting') this.waiting.set(execution.executionId, { json, execution });
		else this.executions.push(execution);
	}

	private descriptionsOf(workflow: Workflow, node: INode): IWebhookDescription[] {
		return workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.webhooks ?? [];
	}

	private evaluate(workflow: Workflow, node: INode, value: unknown, fallback: unknown): unknown {
		return workflow.expression.getSimpleParameterValue(node, value as string, 'internal', {}, undefined, fallback as never);
	}

	private pathOf(workflow: Workflow, node: INode, description: IWebhookDescription): string {
		const path = String(this.evaluate(workflow, node, description.path, '') ?? '');
		const isFullPath = this.evaluate(workflow, node, description.isFullPath, false) as boolean;
		return NodeHelpers.getNodeWebhookPath(workflow.id, node, path, isFullPath, false);
	}

	private webhookData(
		workflow: Workflow,
		node: INode,
		description: IWebhookDescription,
		method: IHttpRequestMethods,
		additionalData: IWorkflowExecuteAdditionalData,
	): IWebhookData {
		return {
			httpMethod: method,
			node: node.name,
			path: description.restartWebhook ? '' : this.pathOf(workflow, node, description),
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
		};
	}

	private methodMatches(workflow: Workflow, node: INode, description: IWebhookDescription, method: string): boolean {
		return String(this.evaluate(workflow, node, description.httpMethod, 'GET')) === method;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.url);
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const parsed = parseBody(rawBody, String(req.headers['content-type'] ?? ''));
		if ('unprocessable' in parsed) {
			res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Failed to parse request body' }));
			return;
		}
		// What express and n8n's body parser put on the request.
		Object.assign(req, { query: Object.fromEntries(url.searchParams), params: {}, body: parsed.body, rawBody, originalUrl: req.url });
		const method = (req.method ?? 'GET') as IHttpRequestMethods;

		const waitingMatch = /^\/webhook-waiting\/([^/]+)\/?$/.exec(url.pathname);
		if (waitingMatch) return await this.resume(waitingMatch[1], method, req, res);
		if (url.pathname.startsWith('/webhook/')) return await this.trigger(url.pathname.slice('/webhook/'.length), method, req, res);
		res.writeHead(404).end();
	}

	private async trigger(path: string, method: IHttpRequestMethods, req: IncomingMessage, res: ServerResponse) {
		for (const entry of this.active) {
			// n8n's LiveWebhooks builds the (active) workflow for each request, with the static data stored so far.
			const loaded = JSON.parse(JSON.stringify(entry.saved)) as IDataObject;
			const workflow = workflowOf(entry.json, this.engine, loaded, true);
			for (const node of Object.values(workflow.nodes)) {
				const description = this.descriptionsOf(workflow, node).find(
					(d) => !d.restartWebhook && this.methodMatches(workflow, node, d, method) && this.pathOf(workflow, node, d) === path,
				);
				if (!description) continue;
				const executionId = nextExecutionId();
				const hooks = new ExecutionLifecycleHooks('webhook', executionId, entry.json);
				const additionalData = additionalDataFor(this.engine, hooks, executionId);
				const responseMode = String(this.evaluate(workflow, node, description.responseMode, 'onReceived'));
				const responseCode = Number(this.evaluate(workflow, node, description.responseCode, 200));
				const result = await this.callWebhook(workflow, node, description, method, additionalData, req, res, null);
				// n8n saves a trigger's static data when the answer is sent (LiveWebhooks' response
				// callback), if it noticed a change: the whole object, so simultaneous requests overwrite
				// each other's changes.
				const saveStaticData = () => {
					if ((workflow.staticData as StaticData).__dataChanged) entry.saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
				};
				const answer = (code: number, body: unknown) => {
					saveStaticData();
					if (res.headersSent) return;
					res.statusCode = code;
					if (typeof body === 'string') res.setHeader('content-type', 'text/html; charset=utf-8');
					else res.setHeader('content-type', 'application/json; charset=utf-8');
					res.end(typeof body === 'string' ? body : JSON.stringify(body));
				};
				if (result.noWebhookResponse) saveStaticData();
				if (!result.workflowData) {
					if (!result.noWebhookResponse) answer(responseCode, result.webhookResponse ?? { message: 'Webhook call received' });
					return;
				}
				// n8n 2.x (WebhookHelpers.executeWebhook): the execution is saved first; an answer the node
				// left to n8n in onReceived mode is sent only then, or n8n's error when it cannot save.
				if (this.savesWaitFor) {
					this.heldSaves++;
					await this.savesWaitFor;
					this.heldSaves--;
				}
				if (this.savesFail) {
					// n8n's response callback gets the error: no static data is saved either.
					if (!result.noWebhookResponse && !res.headersSent) {
						res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(EXECUTION_NOT_SAVED));
					}
					return;
				}
				// WorkflowRunner.run builds the execution's workflow over the same loaded static data, which
				// resets its change mark: what the webhook changed is saved only if the execution changes it too.
				const executed = workflowOf(entry.json, this.engine, loaded, true);
				if (!result.noWebhookResponse && responseMode === 'onReceived') {
					const responseData = this.evaluate(workflow, node, description.responseData, 'firstEntryJson');
					answer(responseCode, responseData || (result.webhookResponse ?? { message: 'Workflow was started' }));
				}
				const execution = await runWorkflow(entry.json, this.engine, {
					workflow: executed,
					startNode: node.name,
					items: result.workflowData[0],
					mode: 'webhook',
				});
				// The execution's own save of static data (its "workflowExecuteAfter" hook).
				if ((executed.staticData as StaticData).__dataChanged) entry.saved = JSON.parse(JSON.stringify(executed.staticData)) as IDataObject;
				this.track(entry.json, execution);
				if (!result.noWebhookResponse && responseMode === 'lastNode') {
					// The first item of the last node that ran, its `responsePropertyName` field.
					const lastNode = execution.run.data.resultData.lastNodeExecuted as string;
					const property = String(this.evaluate(workflow, node, description.responsePropertyName, 'data'));
					answer(execution.run.data.resultData.error ? 500 : responseCode, execution.output(lastNode)[0]?.[property] ?? '');
				}
				return;
			}
		}
		res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `webhook "${path}" is not registered` }));
	}

	private async callWebhook(
		workflow: Workflow,
		node: INode,
		description: IWebhookDescription,
		method: IHttpRequestMethods,
		additionalData: IWorkflowExecuteAdditionalData,
		req: IncomingMessage,
		res: ServerResponse,
		runExecutionData: IRunExecutionData | null,
		mode: WorkflowExecuteMode = 'webhook',
	): Promise<IWebhookResponseData> {
		const data = { ...additionalData, httpRequest: req, httpResponse: res } as unknown as IWorkflowExecuteAdditionalData;
		const webhookData = this.webhookData(workflow, node, description, method, data);
		const context = new WebhookContext(workflow, node, data, mode, webhookData, [], runExecutionData);
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		return (await nodeType.webhook!.call(context)) as IWebhookResponseData;
	}

	private async resume(executionId: string, method: IHttpRequestMethods, req: IncomingMessage, res: ServerResponse) {
		const entry = this.waiting.get(executionId);
		if (!entry) {
			res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `execution ${executionId} is not waiting` }));
			return;
		}
		const { run, workflow } = entry.execution;
		// n8n 2.x refuses resume URLs without the execution's resume token.
		const token = (run.data as IRunExecutionData & { resumeToken?: string }).resumeToken;
		if (token && (req as unknown as { query: IDataObject }).query.signature !== token) {
			res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Invalid token' }));
			return;
		}
		// As loaded from the database, then prepared for the restart (WaitingWebhooks).
		const data = structuredClone(run.data) as IRunExecutionData;
		const waitingNodeName = data.resultData.lastNodeExecuted as string;
		const stackEntry = data.executionData!.nodeExecutionStack[0];
		stackEntry.node.disabled = true;
		data.waitTill = undefined;
		data.resultData.runData[waitingNodeName].pop();

		const hooks = new ExecutionLifecycleHooks(run.mode, executionId, entry.json);
		const additionalData = additionalDataFor(this.engine, hooks, executionId, { restartExecutionId: executionId });
		const node = workflow.getNode(waitingNodeName) as INode;
		const description = this.descriptionsOf(workflow, node).find((d) => d.restartWebhook && this.methodMatches(workflow, node, d, method));
		if (!description) {
			res.writeHead(404).end();
			return;
		}
		// n8n's WaitingWebhooks runs the webhook in the mode of the execution it resumes.
		const result = await this.callWebhook(workflow, node, description, method, additionalData, req, res, data, run.mode);
		if (!result.noWebhookResponse && !res.headersSent) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
		}
		if (!result.workflowData) return; // answered, still waiting

		stackEntry.data.main = result.workflowData;
		stackEntry.metadata = { ...stackEntry.metadata, forwardAllOutputs: true };
		this.waiting.delete(executionId);
		const resumed = await new WorkflowExecute(additionalData, run.mode, data).processRunExecutionData(workflow);
		this.track(entry.json, executionOf(resumed, workflow, executionId));
	}
}
