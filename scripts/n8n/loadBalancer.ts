import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { SESSION_ID_PATTERN } from '../../nodes/shared/api/sessionId';
import { ServerProcess } from './serverProcess';

const root = resolve(__dirname, '../..');

/**
 * How production requests are spread over the webhook processes: `session` sends every delivery of
 * one session (callback, refresh, event, retried event) to the same process; `none` is round robin,
 * as n8n's scaling guide's nginx does (kept for the bench's "without affinity" figures).
 */
export type Affinity = 'session' | 'none';

/** What the bench varies: the affinity, and how many requests each process gets at once (0: no limit). */
export interface Spread {
	affinity: Affinity;
	maxPerProcess: number;
}

/** The recommended configuration (docs/operating.md, "Scaling n8n"). */
export const RECOMMENDED_SPREAD: Spread = { affinity: 'session', maxPerProcess: 8 };

export interface LoadBalancerOptions {
	/** A fresh folder for HAProxy's configuration and request log. */
	folder: string;
	port: number;
	/** The `n8n webhook` processes' ports (`webhook-1`, `webhook-2`, … in the request log). */
	webhookPorts: number[];
	/** The main n8n's port: the editor, its API and everything else. */
	mainPort: number;
	/** RECOMMENDED_SPREAD unless said otherwise. */
	spread?: Spread;
	log?: (line: string) => void;
}

/** One proxied production request, as HAProxy's request log records it. */
export interface ProxiedRequest {
	/** The webhook process that got it (`webhook-1`, …), or `<NOSRV>` when none could. */
	server: string;
	method: string;
	/**
	 * The answer's HTTP status: n8n's, even when the sender gave up waiting first (Signicat's Events
	 * service waits 10 s); -1 when there was none.
	 */
	status: number;
	/** Milliseconds from the request to the end of its answer. */
	ms: number;
	/** Of those, milliseconds it waited in HAProxy's queue for a free place in its process (-1: it never got one). */
	queuedMs: number;
	/** The session the request named, lower case, as the balancer read it (absent: it named none). */
	session?: string;
	uri: string;
}

/**
 * Where a delivery names its session, in the order the itsme Trigger reads them
 * (nodes/ItsmeTrigger: callbackDelivery.ts, signicatEvent.ts): the callback's `sessionId` query
 * parameter (Signicat adds it to the callback URL; a POSTed callback may carry it in a form or JSON
 * body), then the event's `eventData` (Signicat's `eventData.id`; the trigger also reads
 * `sessionId`, `session.id` and `session.sessionId`, from an object or from a JSON string).
 */
const EVENT_DATA_PATHS = ['sessionId', 'id', 'session.id', 'session.sessionId'];
const SESSION_ID_SOURCES = [
	'url_param(sessionId)',
	'req.body_param(sessionId)',
	"req.body,json_query('$.sessionId')",
	...EVENT_DATA_PATHS.map((path) => `req.body,json_query('$.eventData.${path}')`),
	...EVENT_DATA_PATHS.map((path) => `req.body,json_query('$.eventData'),json_query('$.${path}')`),
];

/**
 * HAProxy rules that put the first session id (a GUID, any letter case, as the trigger accepts it)
 * among SESSION_ID_SOURCES into `txn.session_id`, lower-cased: the same session hashes the same
 * however Signicat or the browser wrote it.
 */
const SESSION_ID_RULES = SESSION_ID_SOURCES.map(
	(source, i) =>
		`	http-request set-var(txn.session_id) ${source},lower if ${i ? '!{ var(txn.session_id) -m found } ' : ''}{ ${source} -m reg -i ${SESSION_ID_PATTERN.source} }`,
).join('\n');

export interface HaproxyConfigOptions extends Spread {
	/** The address HAProxy listens on, e.g. `:80` or `127.0.0.1:5718`. */
	bind: string;
	/** `host:port` of each `n8n webhook` process (`webhook-1`, `webhook-2`, … in the request log). */
	webhooks: string[];
	/** `host:port` of the main n8n: the editor, its API and everything else. */
	main: string;
	/** Where HAProxy writes one line per production request (its `log` target, e.g. `stdout`). */
	requestLog: string;
}

/** At most `max` requests at once in each webhook process. */
const perProcessLimit = (max: number) => `	# maxconn: at most ${max} requests at once in each process (8 is twice its 4 expression isolates),
	# so that its 10 database connections never run out. The others wait here, for their own process,
	# as long as their sender waits (abortonclose: one whose sender gave up is dropped, not sent).
	timeout queue 300s
	option abortonclose
`;

/**
 * HAProxy's configuration for the scaled topology (HAProxy 2.6, Debian 12's; see the class below).
 * docs/haproxy.cfg is this for a typical deployment (documentedConfig).
 */
export function haproxyConfig({ bind, webhooks, main, affinity, maxPerProcess, requestLog }: HaproxyConfigOptions): string {
	return `global
	maxconn 4096

defaults
	mode http
	maxconn 4096
	timeout connect 5s
	timeout client 300s
	timeout server 300s
	timeout http-request 30s
	timeout tunnel 1h
	option forwardfor
	# A new connection to n8n for each request: none is reused just as n8n closes it.
	option http-server-close

frontend n8n
	bind ${bind}
	# One line per production request: process, method, status, milliseconds in all, of which queued
	# here for the process (maxconn below), session id, URL.
	log ${requestLog} format raw local0 info
	log-format "%s %HM %ST %Ta %Tw %[var(txn.session_id)] %HU"
	http-request set-header X-Forwarded-Proto %[ssl_fc,iif(https,http)]
	acl production path_beg /webhook/ /webhook-waiting/ /form/ /form-waiting/
	use_backend n8n_webhooks if production
	default_backend n8n_main

backend n8n_main
	http-request set-log-level silent
	server main ${main}

backend n8n_webhooks
	# Read the body before choosing a process: a Signicat event names its session there.
	option http-buffer-request
	# The session id: the first GUID among the places the itsme Trigger reads, lower case.
${SESSION_ID_RULES}
	${affinity === 'session' ? 'balance hash var(txn.session_id)\n	hash-type consistent' : 'balance roundrobin'}
	# A process that is gone (its port refuses connections) leaves the ring after 2 checks a second
	# apart; meanwhile a connection that cannot be opened is tried on another process. A busy process
	# stays: the check is a connection, which its system accepts however long n8n takes to answer.
	# weight 100: more points per process on the hash ring, so that sessions split evenly (44/56 % with 1).
${maxPerProcess ? perProcessLimit(maxPerProcess) : ''}	default-server check inter 1s fall 2 rise 2 weight 100${maxPerProcess ? ` maxconn ${maxPerProcess}` : ''}
	option redispatch 1
	retries 3
${webhooks.map((address, i) => `	server webhook-${i + 1} ${address}`).join('\n')}
`;
}

/**
 * docs/haproxy.cfg, the recommended configuration of docs/operating.md: HAProxy on port 80 in front of n8n
 * processes named as in a container setup. `npx tsx scripts/n8n/loadBalancer.ts > docs/haproxy.cfg`
 * writes it again; test/unit/haproxyConfig.test.ts keeps it equal to what the tests run.
 */
export function documentedConfig(): string {
	const config = haproxyConfig({
		bind: ':80',
		webhooks: ['n8n-webhook-1:5678', 'n8n-webhook-2:5678'],
		main: 'n8n-main:5678',
		...RECOMMENDED_SPREAD,
		requestLog: 'stdout',
	});
	return `# HAProxy 2.6 or later in front of n8n scaled out (queue mode): every delivery of one itsme session
# (the browser's callback, its refreshes, Signicat's event and its retries, Wait for Completion's
# resume link) goes to the same \`n8n webhook\` process, whose itsme Trigger then starts one execution.
# docs/operating.md's "Scaling n8n" explains each part. Generated from scripts/n8n/loadBalancer.ts, which the
# end-to-end tests run: put your n8n processes' names (resolvable when HAProxy starts) and ports on the
# server lines, and your address on the bind line (TLS: \`bind :443 ssl crt <file>\`).

${config}`;
}

if (require.main === module) process.stdout.write(documentedConfig());

/**
 * The load balancer in front of the `n8n webhook` processes: HAProxy from Debian's packages. It sends
 * the production URLs (`/webhook/`, `/webhook-waiting/`, `/form/`, `/form-waiting/`) to the webhook
 * processes and everything else to main.
 *
 * With session affinity, the processes are chosen by a consistent hash of the session id a request
 * names, so that each session's callback, refresh and event meet in one process, whose itsme
 * Trigger starts one execution for them (each process keeps its own memory of the sessions it
 * handled). A request that names no session (a form, a resume link without one) goes to any process.
 *
 * Health checks (a connection to each process every second) take a process that is gone out of the
 * ring; only its sessions move, to the next process on the ring. A busy process is not taken out (an
 * HTTP check that times out under a burst would move its sessions, and with them the guarantee). A
 * request is never sent twice: HAProxy retries only a connection that could not be opened, on
 * another process.
 */
export class LoadBalancer {
	readonly url: string;
	private process?: ServerProcess;
	private readonly configFile: string;
	/** One request log per start: HAProxy writes its log from the start of the file it is given. */
	private readonly requestLogs: string[] = [];

	constructor(private readonly options: LoadBalancerOptions) {
		execFileSync('bash', [join(root, 'scripts/ensure-debian-packages.sh'), 'haproxy'], { stdio: 'inherit' });
		const { folder, port } = options;
		this.url = `http://localhost:${port}`;
		mkdirSync(folder, { recursive: true });
		this.configFile = join(folder, 'haproxy.cfg');
		this.writeConfig(options.spread ?? RECOMMENDED_SPREAD);
	}

	private writeConfig(spread: Spread): void {
		const { port, webhookPorts, mainPort } = this.options;
		const local = (p: number) => `127.0.0.1:${p}`;
		writeFileSync(this.configFile, haproxyConfig({ bind: local(port), webhooks: webhookPorts.map(local), main: local(mainPort), ...spread, requestLog: 'fd@3' }));
	}

	async start(): Promise<void> {
		const requestLog = join(this.options.folder, `requests-${this.requestLogs.length + 1}.log`);
		writeFileSync(requestLog, '');
		this.requestLogs.push(requestLog);
		// Master-worker mode (-W) in the foreground (-db): the master says "Loading success." once it serves.
		// The request log is a file, HAProxy's descriptor 3: a pipe (stdout) would drop lines in a burst.
		this.process = new ServerProcess('haproxy', '/usr/sbin/haproxy', ['-W', '-db', '-f', this.configFile], {
			readyLine: 'Loading success.',
			fd3File: requestLog,
			log: this.options.log,
		});
		await this.process.start(30_000);
	}

	async stop(): Promise<void> {
		await this.process?.stop();
	}

	/** Starts again with another spread (the bench compares them); requests() keeps the earlier ones. */
	async restartWith(spread: Spread): Promise<void> {
		await this.stop();
		this.writeConfig(spread);
		await this.start();
	}

	/** Every proxied production request so far (HAProxy logs each once its answer is sent). */
	requests(): ProxiedRequest[] {
		return this.requestLogs
			.flatMap((file) => readFileSync(file, 'utf8').split('\n'))
			.filter(Boolean)
			.map((line) => {
				const [server, method, status, ms, queuedMs, session, ...uri] = line.split(' ');
				return { server, method, status: Number(status), ms: Number(ms), queuedMs: Number(queuedMs), ...(session === '-' ? {} : { session }), uri: uri.join(' ') };
			});
	}
}
