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

export interface LoadBalancerOptions {
	/** A fresh folder for HAProxy's configuration and request log. */
	folder: string;
	port: number;
	/** The `n8n webhook` processes' ports (`webhook-1`, `webhook-2`, … in the request log). */
	webhookPorts: number[];
	/** The main n8n's port: the editor, its API and everything else. */
	mainPort: number;
	/** `session` unless said otherwise. */
	affinity?: Affinity;
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
const sessionIdRules = () =>
	SESSION_ID_SOURCES.map(
		(source, i) =>
			`	http-request set-var(txn.session_id) ${source},lower if ${i ? '!{ var(txn.session_id) -m found } ' : ''}{ ${source} -m reg -i ${SESSION_ID_PATTERN.source} }`,
	).join('\n');

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
	private readonly process: ServerProcess;
	private readonly requestLog: string;
	private readonly configFile: string;

	constructor(private readonly options: LoadBalancerOptions) {
		execFileSync('bash', [join(root, 'scripts/ensure-debian-packages.sh'), 'haproxy'], { stdio: 'inherit' });
		const { folder, port, log } = options;
		this.url = `http://localhost:${port}`;
		mkdirSync(folder, { recursive: true });
		this.requestLog = join(folder, 'requests.log');
		this.configFile = join(folder, 'haproxy.cfg');
		writeFileSync(this.requestLog, '');
		this.writeConfig(options.affinity ?? 'session');
		// Master-worker mode (-W) in the foreground (-db): the master says "Loading success." once it serves.
		this.process = new ServerProcess('haproxy', '/usr/sbin/haproxy', ['-W', '-db', '-f', this.configFile], {
			readyLine: 'Loading success.',
			fd3File: this.requestLog,
			log,
		});
	}

	private writeConfig(affinity: Affinity): void {
		const { port, webhookPorts, mainPort } = this.options;
		const webhookServers = webhookPorts.map((p, i) => `	server webhook-${i + 1} 127.0.0.1:${p}`).join('\n');
		writeFileSync(
			this.configFile,
			`global
	maxconn 4096

defaults
	mode http
	maxconn 4096
	timeout connect 5s
	timeout client 300s
	timeout server 300s
	timeout http-request 30s
	timeout tunnel 1h
	timeout check 10s
	option forwardfor
	# A new connection to n8n for each request (as nginx does by default): none is reused just as n8n closes it.
	option http-server-close

frontend n8n
	bind 127.0.0.1:${port}
	# One line per production request into a file (descriptor 3, see ServerProcess; a pipe would drop
	# lines in a burst). Only here: HAProxy's own notices (a process DOWN or UP) go to its stderr.
	log fd@3 format raw local0 info
	log-format "%s %HM %ST %Ta %[var(txn.session_id)] %HU"
	http-request set-header X-Forwarded-Proto %[ssl_fc,iif(https,http)]
	acl production path_beg /webhook/ /webhook-waiting/ /form/ /form-waiting/
	use_backend n8n_webhooks if production
	default_backend n8n_main

backend n8n_main
	http-request set-log-level silent
	server main 127.0.0.1:${mainPort}

backend n8n_webhooks
	# Read the body before choosing a process: a Signicat event names its session there.
	option http-buffer-request
${sessionIdRules()}
	${affinity === 'session' ? 'balance hash var(txn.session_id)\n	hash-type consistent' : 'balance roundrobin'}
	# A process that is gone (its port refuses connections) leaves the ring after 2 checks a second
	# apart; meanwhile a connection that cannot be opened is tried on another process. A busy process
	# stays: the check is a connection, which its system accepts however long n8n takes to answer.
	# weight 100: more points per process on the hash ring, so that sessions split evenly (44/56 % with 1).
	default-server check inter 1s fall 2 rise 2 weight 100
	option redispatch 1
	retries 3
${webhookServers}
`,
		);
	}

	async start(): Promise<void> {
		await this.process.start(30_000);
	}

	async stop(): Promise<void> {
		await this.process.stop();
	}

	/** Starts again with another affinity (the bench measures with and without); the request log goes on. */
	async restartWith(affinity: Affinity): Promise<void> {
		await this.stop();
		this.writeConfig(affinity);
		await this.start();
	}

	/** Every proxied production request so far (HAProxy logs each once its answer is sent). */
	requests(): ProxiedRequest[] {
		return readFileSync(this.requestLog, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [server, method, status, ms, session, ...uri] = line.split(' ');
				return { server, method, status: Number(status), ms: Number(ms), ...(session === '-' ? {} : { session }), uri: uri.join(' ') };
			});
	}
}
