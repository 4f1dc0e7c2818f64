import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { isSessionId } from '../../nodes/shared/api/sessionId';
import { chooseLanguage, languageOf } from '../../nodes/shared/browser/language';
import { Clock } from './clock';
import { EventsInputError, SignicatEvents } from './events';
import { handleEventsControl } from './eventsControl';
import { Faults } from './faults';
import type { FailureSpec } from './faults';
import { readBody, redirect, sendHtml, sendJson } from './http';
import { EVENTS_FORM_ACTION, renderIndexPage } from './indexPage';
import { renderLoginPage, renderMessagePage } from './loginPage';
import { LOGIN_TEXTS } from './loginTexts';
import { findPerson, TEST_PERSONS } from './persons';
import type { TestPerson } from './persons';
import { sendProblem } from './problem';
import type { Outcome, Session } from './sessions';
import { SessionStore, subjectOf } from './sessions';
import { handleTokenRequest } from './tokenEndpoint';
import type { ApiClient } from './tokens';
import { TokenStore } from './tokens';
import { validateSessionRequest } from './validation';

export interface EmulatorOptions {
	port?: number;
	host?: string;
	clients?: ApiClient[];
	/** Organisation-level clients: they must name one of these accounts with `signicat-accountId`. */
	organisationClients?: Array<{ clientId: string; clientSecret: string; accountIds: string[] }>;
	providers?: string[];
	tokenLifetimeSeconds?: number;
	latencyMs?: number;
}

export interface LoggedRequest {
	method: string;
	path: string;
	status: number;
	at: number;
}

export const DEFAULT_CLIENT: ApiClient = {
	clientId: 'emulator-client',
	clientSecret: 'emulator-secret',
	accountId: 'a-emul-Ex4mpleAcc0unt1d',
};
const ORGANISATION_MARK = 'organisation';
const LOGIN_PATH = '/broker/sp/external-service/login';
/** The page's buttons: the "-in-app" ones finish the session without the browser coming back. */
const PAGE_CHOICES = new Map<string, { outcome: Outcome; browserReturns: boolean }>([
	['success', { outcome: 'success', browserReturns: true }],
	['abort', { outcome: 'abort', browserReturns: true }],
	['error', { outcome: 'error', browserReturns: true }],
	['success-in-app', { outcome: 'success', browserReturns: false }],
	['abort-in-app', { outcome: 'abort', browserReturns: false }],
]);

/** Request fields a session answer repeats; null when the request left them out. */
const OPTIONAL_ECHOED_FIELDS = ['language', 'requestedLoa', 'externalReference', 'themeId', 'tags', 'prefilledInput'] as const;

const parseJson = (text: string): unknown => {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
};

/** A browser's form, such as the index page's, rather than a JSON control request. */
const isFormPost = (req: IncomingMessage): boolean => String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

function sendInjectedFailure(res: ServerResponse, failure: FailureSpec): void {
	const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
	const title = failure.status === 429 ? 'Too Many Requests' : 'Service Unavailable';
	sendProblem(res, failure.status, title, 'Injected by the emulator.', [], headers);
}

/** A local stand-in for Signicat: token endpoint, authentication sessions and an itsme login page. */
export class SignicatEmulator {
	readonly clock = new Clock();
	readonly faults = new Faults();
	readonly tokens: TokenStore;
	readonly sessions: SessionStore;
	/** Signicat's Events service: webhook deliveries when sessions end. */
	readonly events: SignicatEvents;
	readonly requests: LoggedRequest[] = [];
	/** Revoke every token once this many more REST calls have been answered (a "mid-run" revocation). */
	revokeTokensAfterCalls?: number;
	private readonly organisations = new Map<string, string[]>();
	private readonly providers: string[];
	private server?: Server;
	url = '';

	constructor(private readonly options: EmulatorOptions = {}) {
		const organisationClients = options.organisationClients ?? [];
		for (const client of organisationClients) this.organisations.set(client.clientId, client.accountIds);
		const clients = [
			...(options.clients ?? [DEFAULT_CLIENT]),
			...organisationClients.map((c) => ({ clientId: c.clientId, clientSecret: c.clientSecret, accountId: ORGANISATION_MARK })),
		];
		this.tokens = new TokenStore(clients, this.clock, options.tokenLifetimeSeconds ?? 600);
		// Subscriptions see every account's sessions; a test event names the first account.
		const firstAccount = options.clients?.[0]?.accountId ?? (options.clients ? organisationClients[0]?.accountIds[0] : DEFAULT_CLIENT.accountId);
		this.events = new SignicatEvents(this.clock, firstAccount ?? '');
		this.sessions = new SessionStore(this.clock, (session) => this.events.sessionFinished(session));
		this.providers = options.providers ?? ['itsme', 'idin', 'nbid', 'mitid'];
		this.faults.latencyMs = options.latencyMs ?? 0;
	}

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((error: Error) => {
				if (!res.headersSent) sendProblem(res, 500, 'Internal Server Error', error.message);
				else res.end();
			});
		});
		this.server.keepAliveTimeout = 5_000;
		await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		this.url = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
		return this.url;
	}

	async stop(): Promise<void> {
		this.events.cancelPending();
		this.faults.releaseHeld();
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/**
	 * Forget everything a test did: sessions, tokens, faults, the clock, the request log and event
	 * subscriptions. `keepTokens`: the access tokens issued stay valid, as Signicat's do from one
	 * minute to the next (a bench row is no revocation).
	 */
	reset({ keepTokens = false }: { keepTokens?: boolean } = {}): void {
		this.sessions.clear();
		this.events.reset();
		if (!keepTokens) this.tokens.revokeAll();
		this.faults.reset();
		this.revokeTokensAfterCalls = undefined;
		this.faults.latencyMs = this.options.latencyMs ?? 0;
		this.clock.reset();
		this.requests.length = 0;
	}

	countRequests(method: string, pathPrefix: string): number {
		return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length;
	}

	get tokenRequests(): number {
		return this.countRequests('POST', '/auth/open/connect/token');
	}

	/**
	 * Finishes a session as the person would on the itsme page; returns the callback URL their browser
	 * gets, or nothing with `browserReturns: false` (they approved in the app and closed the tab).
	 */
	complete(sessionId: string, outcome: Outcome, personKey = TEST_PERSONS[0].key, { browserReturns = true } = {}): string | undefined {
		const session = this.sessions.get(sessionId);
		if (!session) throw new Error(`no session ${sessionId}`);
		const person = findPerson(personKey);
		if (!this.offers(session, person)) throw new Error(`session ${sessionId} does not offer ${person?.provider}, the eID of ${personKey}`);
		const location = this.sessions.complete(session, outcome, person, { ipAddress: '127.0.0.1', userAgent: 'test' });
		return browserReturns ? location : undefined;
	}

	/** Ends a session the person did not finish (EXPIRED, INVALID); returns the callback URL their browser would get. */
	endWithoutPerson(sessionId: string, status: 'EXPIRED' | 'INVALID'): string | undefined {
		const session = this.sessions.get(sessionId);
		if (!session) throw new Error(`no session ${sessionId}`);
		return this.sessions.endWithoutPerson(session, status);
	}

	/** Whether the session offers the person's eID: only a provider the session allows can finish it. */
	private offers(session: Session, person: TestPerson | undefined): boolean {
		return !person || (session.request.allowedProviders ?? this.providers).includes(person.provider);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://emulator');
		if (url.pathname.startsWith('/__emulator/')) return await this.handleControl(req, res, url);
		if (url.pathname === '/' && req.method === 'GET') return sendHtml(res, 200, this.indexPage(req));

		res.on('finish', () => this.requests.push({ method: req.method ?? '', path: url.pathname, status: res.statusCode, at: Date.now() }));
		if (this.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
		const hangTarget = url.pathname === '/auth/open/connect/token' ? 'token' : url.pathname.startsWith('/auth/rest/') ? 'rest' : undefined;
		if (hangTarget && this.faults.hold(hangTarget, res)) return;

		if (url.pathname === '/auth/open/connect/token' && req.method === 'POST') {
			return await handleTokenRequest(req, res, this.tokens);
		}
		if (url.pathname.startsWith('/auth/rest/')) return await this.handleRest(req, res, url);
		if (url.pathname === LOGIN_PATH) return await this.handleLoginPage(req, res, url);
		sendProblem(res, 404, 'Not Found', `No route for ${req.method} ${url.pathname}`);
	}

	/** The index page, for a browser; `formError` when its Events form was refused. */
	private indexPage(req: IncomingMessage, formError?: string): string {
		const client = this.options.clients?.[0] ?? DEFAULT_CLIENT;
		return renderIndexPage({ baseUrl: this.publicBase(req), client, persons: TEST_PERSONS, subscriptions: this.events.subscriptions, formError });
	}

	/** The index page's form subscribes a URL to the Events service, then shows the page again with it listed. */
	private subscribeFromIndexPage(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
		try {
			this.events.subscribe({ url: form.get('url') ?? '' });
		} catch (error) {
			if (!(error instanceof EventsInputError)) throw error;
			return sendHtml(res, 400, this.indexPage(req, `Not subscribed: the Webhook URL ${error.message.replace(/^url /, '')}`));
		}
		redirect(res, '/#events', 303);
	}

	private accountOf(client: ApiClient, url: URL): { accountId: string } | { problem: string } {
		const requested = url.searchParams.get('signicat-accountId');
		if (client.accountId !== ORGANISATION_MARK) {
			if (requested && requested !== client.accountId) return { problem: `This API client cannot act for account ${requested}.` };
			return { accountId: client.accountId };
		}
		if (!requested) return { problem: 'Organisation-level API clients must name an account with the signicat-accountId query parameter.' };
		if (!this.organisations.get(client.clientId)?.includes(requested)) {
			return { problem: `This API client cannot act for account ${requested}.` };
		}
		return { accountId: requested };
	}

	private async handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const token = this.tokens.check(req.headers.authorization);
		if (!token.ok) {
			return sendProblem(res, 401, 'Unauthorized', `Access denied: ${token.reason}.`, [], {
				'www-authenticate': 'Bearer error="invalid_token"',
			});
		}
		if (this.revokeTokensAfterCalls !== undefined && this.revokeTokensAfterCalls-- <= 0) {
			this.revokeTokensAfterCalls = undefined;
			this.tokens.revokeAll();
			return sendProblem(res, 401, 'Unauthorized', 'Access denied: unknown or revoked token.', [], {
				'www-authenticate': 'Bearer error="invalid_token"',
			});
		}
		const failure = this.faults.take();
		if (failure) return sendInjectedFailure(res, failure);
		const account = this.accountOf(token.client, url);
		if ('problem' in account) return sendProblem(res, 403, 'Forbidden', account.problem);

		if (url.pathname === '/auth/rest/sessions' && req.method === 'POST') {
			if (!String(req.headers['content-type'] ?? '').includes('json')) {
				return sendProblem(res, 415, 'Unsupported Media Type', 'Send the session as application/json.');
			}
			const checked = validateSessionRequest(parseJson(await readBody(req)), this.providers);
			if ('invalid' in checked) {
				return sendProblem(res, 400, 'One or more validation errors occurred.', 'The session request is invalid.', checked.invalid);
			}
			const heldThenFailed = await this.faults.passCreateHold();
			if (heldThenFailed) return sendInjectedFailure(res, heldThenFailed);
			const session = this.sessions.create(checked.request, account.accountId);
			return sendJson(res, 201, this.render(session, req));
		}

		const match = /^\/auth\/rest\/sessions\/([^/]+)(\/cancel)?$/.exec(url.pathname);
		const session = match && isSessionId(match[1]) ? this.sessions.get(match[1]) : undefined;
		if (!match || (match[2] ? req.method !== 'POST' : req.method !== 'GET')) {
			return sendProblem(res, 404, 'Not Found', `No route for ${req.method} ${url.pathname}`);
		}
		if (!session || session.accountId !== account.accountId) {
			return sendProblem(res, 404, 'Not Found', 'No session with this id exists for this account.');
		}
		if (match[2] && !this.sessions.cancel(session)) {
			return sendProblem(res, 409, 'Conflict', `The session is ${session.status} and can no longer be cancelled.`);
		}
		return sendJson(res, 200, this.render(session, req));
	}

	private publicBase(req: IncomingMessage): string {
		return `http://${req.headers.host ?? new URL(this.url).host}`;
	}

	private render(session: Session, req: IncomingMessage): Record<string, unknown> {
		const { request } = session;
		const requestedAttributes = [...new Set(request.requestedAttributes)].sort();
		const body: Record<string, unknown> = {
			id: session.id,
			accountId: session.accountId,
			authenticationUrl: `${this.publicBase(req)}${LOGIN_PATH}?messageId=${session.messageId}&transactionId=${session.id}`,
			status: session.status,
			callbackUrls: this.sessions.callbackUrlsOf(session),
			allowedProviders: request.allowedProviders ?? this.providers,
			flow: request.flow,
			requestedAttributes: [...requestedAttributes.filter((a) => a !== 'idpId'), 'idpId'],
			sessionLifetime: request.sessionLifetime,
			expiresAt: new Date(session.expiresAt).toISOString(),
		};
		// Absent optional values are written as null, as Signicat's .NET serialiser does (its SDKs model
		// every optional field as nullable), so every test proves the nodes read null as absent.
		for (const field of OPTIONAL_ECHOED_FIELDS) body[field] = request[field] ?? null;
		body.provider = ['SUCCESS', 'ABORT', 'ERROR'].includes(session.status) ? (session.person?.provider ?? 'itsme') : null;
		body.subject = session.status === 'SUCCESS' && session.person ? subjectOf(session.person, request.requestedAttributes) : null;
		body.error = session.status === 'ERROR' ? session.error : null;
		body.statusDetail = session.statusDetail ?? null;
		body.environment = session.environment ?? null;
		return body;
	}

	private async handleLoginPage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const session = this.sessions.get(url.searchParams.get('transactionId') ?? '');
		// The session's language, as itsme shows its page; without a session, the browser's.
		const language = languageOf(session?.request.language) ?? chooseLanguage({ acceptLanguage: req.headers['accept-language'] });
		const t = LOGIN_TEXTS[language];
		if (!session) return sendHtml(res, 404, renderMessagePage(t.unknownTitle, t.unknownMessage, language));
		if (session.status !== 'CREATED') {
			const what = t.finished[session.status] ?? t.finished.ERROR;
			return sendHtml(res, 410, renderMessagePage(t.finishedTitle, `${what} ${t.closeTab}`, language));
		}
		if (req.method === 'GET') {
			const offered = TEST_PERSONS.filter((person) => this.offers(session, person));
			return sendHtml(res, 200, renderLoginPage(session.id, offered, `${LOGIN_PATH}?transactionId=${session.id}`, language));
		}
		const form = new URLSearchParams(await readBody(req));
		const choice = PAGE_CHOICES.get(form.get('outcome') ?? '');
		const person = findPerson(form.get('person') ?? undefined);
		if (!choice || !this.offers(session, person)) return sendHtml(res, 400, renderMessagePage(t.chooseTitle, t.chooseMessage, language));
		const location = this.sessions.complete(session, choice.outcome, person, {
			ipAddress: req.socket.remoteAddress ?? '',
			userAgent: String(req.headers['user-agent'] ?? ''),
		});
		if (!choice.browserReturns) {
			return sendHtml(res, 200, renderMessagePage(t.doneInAppTitle, t.closeTab, language));
		}
		if (!location) return sendHtml(res, 200, renderMessagePage(t.doneTitle, t.closeTab, language));
		return redirect(res, location);
	}

	private async handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const text = req.method === 'POST' ? await readBody(req) : '';
		const route = `${req.method} ${url.pathname.slice('/__emulator'.length)}`;
		if (url.pathname === EVENTS_FORM_ACTION && req.method === 'POST' && isFormPost(req)) {
			return this.subscribeFromIndexPage(req, res, new URLSearchParams(text));
		}
		const body = (parseJson(text) ?? {}) as Record<string, unknown>;
		const complete = /^POST \/sessions\/([^/]+)\/complete$/.exec(route);
		if (complete) {
			const location = this.complete(complete[1], body.outcome as Outcome, body.person as string | undefined, {
				browserReturns: body.browserReturns !== false,
			});
			return sendJson(res, 200, { location });
		}
		const end = /^POST \/sessions\/([^/]+)\/end$/.exec(route);
		if (end) {
			if (body.status !== 'EXPIRED' && body.status !== 'INVALID') return sendProblem(res, 400, 'Bad Request', 'status must be EXPIRED or INVALID');
			return sendJson(res, 200, { location: this.endWithoutPerson(end[1], body.status) });
		}
		if (handleEventsControl(this.events, route, body, res)) return;
		switch (route) {
			case 'GET /requests':
				return sendJson(res, 200, this.requests);
			case 'GET /persons':
				return sendJson(res, 200, TEST_PERSONS.map((p) => ({ key: p.key, label: p.label.en, provider: p.provider })));
			case 'POST /reset':
				this.reset();
				return sendJson(res, 200, { ok: true });
			case 'POST /latency':
				this.faults.latencyMs = Number(body.ms ?? 0);
				return sendJson(res, 200, { latencyMs: this.faults.latencyMs });
			case 'POST /fail':
				if (typeof body.rate === 'number') {
					this.faults.failRandomly(body.rate, (body.statuses as number[]) ?? [503], Number(body.retryAfterSeconds ?? 0), Number(body.seed ?? 1));
				} else {
					this.faults.failNext(Number(body.count ?? 1), {
						status: Number(body.status ?? 503),
						retryAfterSeconds: body.retryAfterSeconds === undefined ? undefined : Number(body.retryAfterSeconds),
					});
				}
				return sendJson(res, 200, { ok: true });
			case 'POST /hang':
				this.faults.hangNext(Number(body.count ?? 1), body.target === 'token' ? 'token' : 'rest');
				return sendJson(res, 200, { ok: true });
			case 'POST /revoke-tokens':
				return sendJson(res, 200, { revoked: this.tokens.revokeAll() });
			case 'POST /clock':
				this.clock.advance(Number(body.advanceSeconds ?? 0));
				return sendJson(res, 200, { now: new Date(this.clock.now()).toISOString() });
			default:
				return sendProblem(res, 404, 'Not Found', `No emulator control ${route}`);
		}
	}
}
