import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DEFAULT_CLIENT } from '../../test/emulator/server';
import { DEMO_SESSIONS_TABLE, DEMO_TABLES, loadExample, prepareExamples } from './examples';
import { type InstallBy, installCommunityPackage } from './communityPackage';
import { LoadBalancer } from './loadBalancer';
import { N8nStartState, reportEvery } from './progress';
import { RealN8n } from './realN8n';

const root = resolve(__dirname, '../..');
export const LOCAL_FOLDER = join(root, '.n8n-local');

const run = (command: string, args: string[], cwd = root): string =>
	execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();
const lastLine = (text: string): string => text.split('\n').pop() as string;

export interface N8nOptions {
	userFolder: string;
	/** Which n8n to install and start (scripts/install-n8n.sh's default when absent). */
	n8nVersion?: string;
	/**
	 * n8n's port; its task broker takes port + 10, queue-mode workers port + 20… and + 30…. Each e2e
	 * file has its own range (5690, 5691, 5740, 5780, 5800, 5850), so that jest may run them side by side.
	 */
	port: number;
	/** How the packed package gets into n8n (see communityPackage.ts); n8n's own installer by default. */
	installBy?: InstallBy;
	/** The npm pack tarball to install (e.g. one packed in a fresh clone); else this checkout is packed, with its last build. */
	tarball?: string;
	/** Load dist/ as custom extensions (editor-only mode of `n8n-node dev`) instead of installing the package. */
	custom?: boolean;
	/** Extra environment for every n8n process, e.g. QueueServices.n8nEnv for queue mode. */
	env?: Record<string, string>;
	/** Queue mode: how many `n8n worker` processes to start beside the main one. */
	workers?: number;
	/**
	 * Queue mode as n8n's scaling guide draws it: `count` `n8n webhook` processes receive the
	 * production webhooks behind HAProxy (on `loadBalancerPort`, each session's deliveries to one
	 * process), and main is out of that pool. Webhook process i listens on loadBalancerPort + 1 + i,
	 * its task broker on + 11 + i.
	 */
	webhookProcesses?: { count: number; loadBalancerPort: number };
	/** Every line n8n prints, with the process that printed it (`main`, `worker-1`, …). */
	log?: (line: string, process: string) => void;
	/** Say every 10 s what the starting n8n is doing (its first start also creates its database). */
	progress?: boolean;
}

export interface DemoOptions extends N8nOptions {
	emulatorUrl: string;
}

/** A real n8n with this package in it, as startN8n leaves it: running, the owner signed in, nothing imported. */
export interface N8nWithPackage {
	/** Where scripts/install-n8n.sh installed n8n and its Node. */
	installDir: string;
	n8n: RealN8n;
	workers: RealN8n[];
	/** The `n8n webhook` processes (none unless `webhookProcesses`). */
	webhooks: RealN8n[];
	/** HAProxy in front of the webhook processes (absent unless `webhookProcesses`). */
	loadBalancer?: LoadBalancer;
	/** Where production webhooks are received: the load balancer, or main. */
	webhookUrl: string;
	/** Stops the load balancer, the workers and webhook processes, then main. */
	stop(): Promise<void>;
}

export interface Demo extends N8nWithPackage {
	/** The "itsme sessions" table. */
	tableId: string;
	/** Every table of the demo (DEMO_TABLES), id by name. */
	tables: Record<string, string>;
	/** Workflow id by example file name. */
	workflows: Record<string, string>;
	/** The production callback URL of the demo's itsme Trigger (where a person's browser comes back). */
	triggerUrl: string;
	/** Where Signicat's Events service delivers to the demo's itsme Trigger (its secret included). */
	eventsUrl: string;
	/** The emulator's subscription to `eventsUrl`, made by startDemo. */
	eventsSubscriptionId: string;
}

const installs = new Map<string, Promise<string>>();

/**
 * Runs scripts/install-n8n.sh (minutes the first time, a moment after) once per process and
 * version, without blocking: `npm run dev` starts it before building the package, and startDemo
 * then gets the same promise. Resolves to the folder n8n is installed in.
 */
export function installN8n(n8nVersion?: string): Promise<string> {
	const key = n8nVersion ?? 'default';
	let installing = installs.get(key);
	if (!installing) {
		installing = new Promise<string>((resolvePromise, reject) => {
			let output = '';
			const child = spawn('bash', [join(root, 'scripts/install-n8n.sh')], {
				cwd: root,
				stdio: ['ignore', 'pipe', 'inherit'],
				env: { ...process.env, ...(n8nVersion ? { N8N_VERSION: n8nVersion } : {}) },
			});
			child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.once('error', reject);
			child.once('exit', (code) =>
				code === 0 ? resolvePromise(lastLine(output.trim())) : reject(new Error(`scripts/install-n8n.sh failed with code ${code}`)),
			);
		});
		installs.set(key, installing);
	}
	return installing;
}

/**
 * A real n8n (installed once by scripts/install-n8n.sh) with this package in it, as a user has it
 * after installing the package: running, the owner signed in, nothing imported. Expects `dist/` to
 * be built.
 */
export async function startN8n(options: N8nOptions): Promise<N8nWithPackage> {
	const installDir = await installN8n(options.n8nVersion);
	const env: Record<string, string> = { ...options.env };
	// n8n 2.x's Assistant needs an AI provider out of reach here; with it on, the editor opens on its
	// promotion instead of the workflows. (n8n 1.x does not have that module and rejects its name.)
	if (!options.n8nVersion?.startsWith('1.')) env.N8N_DISABLED_MODULES ??= 'instance-ai';
	if (options.custom) {
		const extensions = join(LOCAL_FOLDER, 'custom-extensions');
		rmSync(extensions, { recursive: true, force: true });
		cpSync(join(root, 'dist'), extensions, { recursive: true });
		env.N8N_CUSTOM_EXTENSIONS = extensions;
	} else {
		// The npm pack tarball into ~/.n8n/nodes, as a user installs a published package. The callers
		// have built dist/ (--ignore-scripts: no second build, which would delete it under a parallel pack).
		mkdirSync(LOCAL_FOLDER, { recursive: true });
		const tarball =
			options.tarball ?? join(LOCAL_FOLDER, lastLine(run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', LOCAL_FOLDER])));
		installCommunityPackage(tarball, options.userFolder, options.installBy ?? 'n8n');
	}

	const scaled = options.webhookProcesses;
	const webhookUrl = scaled ? `http://localhost:${scaled.loadBalancerPort}` : `http://localhost:${options.port}`;
	// Every process builds production and resume URLs on the public webhook address.
	env.WEBHOOK_URL = `${webhookUrl}/`;
	const startState = new N8nStartState(installDir);
	const n8n = new RealN8n({
		installDir,
		userFolder: options.userFolder,
		port: options.port,
		brokerPort: options.port + 10,
		// Out of the webhook pool when webhook processes receive the production webhooks.
		env: scaled ? { ...env, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } : env,
		log: (line) => {
			startState.see(line);
			options.log?.(line, 'main');
		},
	});
	const endReports = options.progress ? reportEvery('n8n start', () => startState.state()) : undefined;
	await n8n.start().finally(endReports);
	await n8n.signIn();
	// Workers and webhook processes start once main has set up the shared database; each has its
	// own user folder with the same installed package (n8n keeps per-process files there).
	const queueModeProcess = (role: 'worker' | 'webhook', i: number, port: number, brokerPort: number) => {
		const name = `${role}-${i + 1}`;
		const userFolder = `${options.userFolder}-${name}`;
		const installed = join(options.userFolder, '.n8n', 'nodes');
		if (existsSync(installed)) cpSync(installed, join(userFolder, '.n8n', 'nodes'), { recursive: true });
		return new RealN8n({ installDir, userFolder, role, port, brokerPort, env, log: options.log && ((line) => options.log!(line, name)) });
	};
	const workers = Array.from({ length: options.workers ?? 0 }, (_, i) => queueModeProcess('worker', i, options.port + 20 + i, options.port + 30 + i));
	const webhookPorts = Array.from({ length: scaled?.count ?? 0 }, (_, i) => (scaled?.loadBalancerPort ?? 0) + 1 + i);
	const webhooks = webhookPorts.map((port, i) => queueModeProcess('webhook', i, port, port + 10));
	await Promise.all([...workers, ...webhooks].map(async (other) => await other.start()));
	const loadBalancer = scaled
		? new LoadBalancer({
				folder: `${options.userFolder}-haproxy`,
				port: scaled.loadBalancerPort,
				webhookPorts,
				mainPort: options.port,
				log: options.log && ((line) => options.log!(line, 'haproxy')),
			})
		: undefined;
	await loadBalancer?.start();
	const stop = async () => {
		await loadBalancer?.stop();
		await Promise.all([...workers, ...webhooks].map(async (other) => await other.stop()));
		await n8n.stop();
	};
	return { installDir, n8n, workers, webhooks, loadBalancer, webhookUrl, stop };
}

/**
 * startN8n, then the demo: the "Signicat API" credential pointing at the emulator, the demo's data
 * tables ("itsme applications", "itsme sessions") and workflows imported and active, and the
 * emulator's Events service subscribed to the demo trigger's events URL.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
	const running = await startN8n(options);
	const { n8n, webhookUrl } = running;
	const examples = prepareExamples({ custom: options.custom ?? false });
	const existing = await n8n.rest<Array<{ id: string; name: string }>>('GET', '/workflows');
	const workflows: Record<string, string> = {};
	const tables: Record<string, string> = {};
	if (existing.length === 0) {
		const credentialId = await n8n.createCredential('Signicat API (emulator)', 'signicatApi', {
			clientId: DEFAULT_CLIENT.clientId,
			clientSecret: DEFAULT_CLIENT.clientSecret,
			baseUrl: options.emulatorUrl,
			accountId: '',
			eventsSecret: newDemoEventsSecret(options.userFolder),
		});
		for (const table of DEMO_TABLES) tables[table.name] = await n8n.createDataTable(table);
		for (const example of examples) {
			const workflow = { ...example.workflow, nodes: example.workflow.nodes.map((node: Record<string, any>) => withTable(node, tables, options.n8nVersion)) };
			workflows[example.file] = await n8n.importWorkflow(workflow, { signicatApi: credentialId }, example.activate);
		}
	} else {
		// A user folder from an older version of the demo has other tables: say how to start afresh.
		for (const { name } of DEMO_TABLES) {
			tables[name] = await n8n.dataTableId(name).catch((error: Error) => {
				throw new Error(`${error.message} in this n8n: it was set up by an older demo; delete ${options.userFolder} to set it up again`);
			});
		}
		for (const example of examples) {
			workflows[example.file] = existing.find((w) => w.name === example.workflow.name)?.id ?? '';
		}
	}
	const triggerBase = `${webhookUrl}/webhook/${demoTriggerWebhookId(examples)}`;
	const eventsUrl = `${triggerBase}/events?${new URLSearchParams({ secret: demoEventsSecret(options.userFolder) })}`;
	const eventsSubscriptionId = await subscribeToEvents(options.emulatorUrl, eventsUrl);
	return { ...running, tableId: tables[DEMO_SESSIONS_TABLE.name], tables, workflows, triggerUrl: `${triggerBase}/itsme`, eventsUrl, eventsSubscriptionId };
}

/** Where the demo's itsme Trigger has its production webhooks. */
function demoTriggerWebhookId(examples: ReturnType<typeof prepareExamples>): string {
	const trigger = examples
		.flatMap((example) => example.workflow.nodes as Array<{ type: string; webhookId?: string }>)
		.find((node) => node.type.endsWith('.itsmeTrigger'));
	if (!trigger?.webhookId) throw new Error('the demo workflows have no itsme Trigger with a webhookId');
	return trigger.webhookId;
}

/**
 * The demo credential's Events Secret: made at random for each demo folder (no secret is written in
 * the examples or here), kept beside n8n's own files so that a restarted demo subscribes with it again.
 */
const eventsSecretFile = (userFolder: string) => join(userFolder, 'itsme-demo-events-secret');

function newDemoEventsSecret(userFolder: string): string {
	const secret = randomBytes(24).toString('base64url');
	writeFileSync(eventsSecretFile(userFolder), secret, { mode: 0o600 });
	return secret;
}

function demoEventsSecret(userFolder: string): string {
	if (!existsSync(eventsSecretFile(userFolder))) {
		throw new Error(`this n8n was set up by an older demo, without an Events Secret; delete ${userFolder} to set it up again`);
	}
	return readFileSync(eventsSecretFile(userFolder), 'utf8').trim();
}

/** What a user does once in Signicat's Dashboard (Settings → Events), through the emulator's control. */
async function subscribeToEvents(emulatorUrl: string, url: string): Promise<string> {
	const response = await fetch(`${emulatorUrl}/__emulator/events/subscriptions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ url }),
	});
	if (!response.ok) throw new Error(`the emulator refused the events subscription: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { id: string }).id;
}

export interface DemoLink {
	label: string;
	url: string;
}

/**
 * What `npm run dev` prints: the links a person opens to start a journey, and the editor pages of
 * the demo's workflows and data table (n8n's own routes; signed out, n8n signs in first and then
 * opens the page).
 */
export async function demoLinks(demo: Demo): Promise<{ person: DemoLink[]; editor: DemoLink[] }> {
	const { url } = demo.n8n;
	const projectId = await demo.n8n.personalProjectId();
	return {
		person: [
			{ label: 'Start an onboarding (itsme Trigger)', url: `${demo.webhookUrl}/webhook/itsme-demo` },
			{ label: 'Start one that waits in the workflow', url: `${demo.webhookUrl}/webhook/itsme-wait-demo` },
		],
		editor: [
			{ label: 'The n8n editor', url },
			...Object.entries(demo.workflows).map(([file, id]) => ({ label: loadExample(file).name, url: `${url}/workflow/${id}` })),
			...Object.entries(demo.tables).map(([name, id]) => ({ label: `The "${name}" data table`, url: `${url}/projects/${projectId}/datatables/${id}` })),
		],
	};
}

/**
 * A Data Table node pointed at its table by id (the examples name it, for people importing the
 * files): `tables` gives the id by name, or one id for every table. n8n 1.x has only version 1 of
 * that node, which takes an id only.
 */
export function withTable(node: Record<string, any>, tables: string | Record<string, string>, n8nVersion?: string): Record<string, any> {
	if (node.type !== 'n8n-nodes-base.dataTable') return node;
	const named = node.parameters.dataTableId?.value as string;
	const tableId = typeof tables === 'string' ? tables : tables[named];
	if (!tableId) throw new Error(`no data table "${named}" for the node "${node.name}"`);
	return {
		...node,
		typeVersion: n8nVersion?.startsWith('1.') ? 1 : node.typeVersion,
		parameters: { ...node.parameters, dataTableId: { __rl: true, mode: 'id', value: tableId } },
	};
}
