import { randomBytes, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { Clock } from './clock';
import type { Session } from './sessions';
import { isAbsoluteHttpUrl, isObject, isStringArray } from './validation';

/**
 * Signicat's Events service, as far as its public documentation goes: subscriptions to webhook
 * URLs, one envelope per event (`id`, `timestamp`, `sender`, `eventName`, `eventData`, `accountId`,
 * `organizationId`, `expiresAt`, `tags`), retried with backoff until `expiresAt`. No signature.
 */

export interface Subscription {
	id: string;
	url: string;
	/** Full names such as `authentication-api:session.success`; absent = every session event. */
	eventNames?: string[];
	/** Extra HTTP headers sent with every delivery (e.g. a shared secret). */
	headers: Record<string, string>;
}

export interface EventEnvelope {
	id: string;
	timestamp: string;
	sender: string;
	eventName: string;
	eventData: Record<string, unknown>;
	accountId: string;
	organizationId: string | null;
	expiresAt: string;
	tags: string[];
}

/** One HTTP attempt to deliver an event (duplicates are separate rows with the same attempt number). */
export interface DeliveryAttempt {
	eventId: string;
	subscriptionId: string;
	sessionId?: string;
	eventName: string;
	attempt: number;
	/** The receiver's HTTP status; 0 when the connection failed or timed out. */
	status: number;
	/** When the attempt was sent (ms since the epoch). */
	at: number;
	/** Milliseconds until the receiver answered (or the attempt failed). */
	ms: number;
}

export interface EventSettings {
	/** `expiresAt` = `timestamp` + this; no attempt is made after it. */
	retryWindowSeconds: number;
	/** Delay before the first retry, doubled for each further one. */
	firstRetryDelayMs: number;
	/** Identical deliveries sent at the same instant for every attempt. */
	duplicates: number;
	/**
	 * How long after the session ends the first attempt is sent. By default a moment after the
	 * browser's redirect, the common order at Signicat (the browser is back first); 0 sends both at
	 * the same instant, the race a test may want.
	 */
	firstDeliveryDelayMs: number;
}

export const SESSION_SENDER = 'authentication-api';
const EVENT_OF_STATUS: Partial<Record<Session['status'], string>> = {
	SUCCESS: 'session.success',
	ABORT: 'session.abort',
	ERROR: 'session.error',
	CANCELLED: 'session.cancelled',
};
const DEFAULT_SETTINGS: EventSettings = { retryWindowSeconds: 30, firstRetryDelayMs: 1000, duplicates: 1, firstDeliveryDelayMs: 1000 };
const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

/** Thrown for bad input from a test or a control request; the message names the field. */
export class EventsInputError extends Error {}

function checkSubscription(input: { url?: unknown; eventNames?: unknown; headers?: unknown }): Omit<Subscription, 'id'> {
	if (!isAbsoluteHttpUrl(input.url)) throw new EventsInputError('url must be an http(s) URL.');
	const { eventNames, headers = {} } = input;
	if (eventNames !== undefined && (!isStringArray(eventNames) || !eventNames.every((name) => /^[\w-]+:[\w.-]+$/.test(name)))) {
		throw new EventsInputError('eventNames must be a list of names like "authentication-api:session.success".');
	}
	if (!isObject(headers) || !Object.values(headers).every((value) => typeof value === 'string')) {
		throw new EventsInputError('headers must be an object of header names to string values.');
	}
	return { url: input.url as string, eventNames: eventNames as string[] | undefined, headers: headers as Record<string, string> };
}

/** The longest retry window the emulator takes (a day): tests that set it get deliveries retried until n8n answers. */
export const RETRY_UNTIL_ANSWERED = 86_400;

function checkSettings(input: Partial<Record<keyof EventSettings, unknown>>): Partial<EventSettings> {
	const checked: Partial<EventSettings> = {};
	const limits: Record<keyof EventSettings, [number, number]> = {
		retryWindowSeconds: [0, RETRY_UNTIL_ANSWERED],
		firstRetryDelayMs: [1, 3_600_000],
		duplicates: [1, 100],
		firstDeliveryDelayMs: [0, 60_000],
	};
	for (const [name, [min, max]] of Object.entries(limits) as Array<[keyof EventSettings, [number, number]]>) {
		const value = input[name];
		if (value === undefined) continue;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
			throw new EventsInputError(`${name} must be a number from ${min} to ${max}.`);
		}
		checked[name] = name === 'duplicates' ? Math.floor(value) : value;
	}
	return checked;
}

/** POSTs one JSON body; resolves with the HTTP status, or 0 when the connection failed or timed out. */
function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<number> {
	const request = url.startsWith('https:') ? httpsRequest : httpRequest;
	return new Promise((resolve) => {
		// A fresh connection per delivery, as a far-away sender has: a restarted receiver sees no stale socket.
		const req = request(url, {
			method: 'POST',
			agent: false,
			timeout: timeoutMs,
			signal,
			headers: {
				...headers,
				'content-type': 'application/json',
				'content-length': String(Buffer.byteLength(body)),
				'user-agent': 'Signicat-Events-Emulator',
			},
		});
		req.on('response', (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
			res.on('error', () => resolve(res.statusCode ?? 0));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
		req.end(body);
	});
}

export class SignicatEvents implements EventSettings {
	retryWindowSeconds = DEFAULT_SETTINGS.retryWindowSeconds;
	firstRetryDelayMs = DEFAULT_SETTINGS.firstRetryDelayMs;
	duplicates = DEFAULT_SETTINGS.duplicates;
	firstDeliveryDelayMs = DEFAULT_SETTINGS.firstDeliveryDelayMs;
	/** A receiver silent for this long counts as a failed attempt (status 0). */
	attemptTimeoutMs = DEFAULT_ATTEMPT_TIMEOUT_MS;
	readonly deliveries: DeliveryAttempt[] = [];
	private readonly subscribed = new Map<string, Subscription>();
	private readonly pending = new Set<Promise<void>>();
	/** Aborted by reset(): stops in-flight requests and pending retries of the previous test. */
	private stopper = newStopper();

	/** accountId: the account a test event names (subscriptions belong to an account at Signicat). */
	constructor(
		private readonly clock: Clock,
		private readonly accountId: string,
	) {}

	get subscriptions(): Subscription[] {
		return [...this.subscribed.values()];
	}

	get settings(): EventSettings {
		const { retryWindowSeconds, firstRetryDelayMs, duplicates, firstDeliveryDelayMs } = this;
		return { retryWindowSeconds, firstRetryDelayMs, duplicates, firstDeliveryDelayMs };
	}

	configure(input: Partial<Record<keyof EventSettings, unknown>>): EventSettings {
		Object.assign(this, checkSettings(input));
		return this.settings;
	}

	subscribe(input: { url: string; eventNames?: string[]; headers?: Record<string, string> }): { id: string } {
		const subscription = { id: randomUUID(), ...checkSubscription(input) };
		this.subscribed.set(subscription.id, subscription);
		return { id: subscription.id };
	}

	unsubscribe(id: string): boolean {
		return this.subscribed.delete(id);
	}

	/** Publishes the event of a session that just reached a final status (none for EXPIRED, as documented). */
	sessionFinished(session: Session): void {
		const eventName = EVENT_OF_STATUS[session.status];
		if (!eventName) return;
		// Names the session only: the receiver reads the result from the API. No personal data.
		// Absent values are null, as in the envelope's organizationId.
		const eventData: Record<string, unknown> = {
			id: session.id,
			status: session.status,
			accountId: session.accountId,
			externalReference: session.request.externalReference ?? null,
		};
		const envelope = this.envelope(SESSION_SENDER, eventName, eventData, session.accountId, session.request.tags ?? []);
		for (const subscription of this.subscribed.values()) {
			const names = subscription.eventNames;
			const wanted = names ? names.includes(`${SESSION_SENDER}:${eventName}`) : true;
			if (wanted) this.track(this.deliver(envelope, subscription, session.id, this.firstDeliveryDelayMs));
		}
	}

	/** The Dashboard's "send test event": one delivery to one subscription, whatever its filter. */
	sendTest(subscriptionId: string): { eventId: string } {
		const subscription = this.subscribed.get(subscriptionId);
		if (!subscription) throw new EventsInputError(`subscriptionId ${subscriptionId} names no subscription.`);
		const envelope = this.envelope('events', 'test', { message: 'This is a test event.' }, this.accountId, []);
		this.track(this.deliver(envelope, subscription, undefined));
		return { eventId: envelope.id };
	}

	/** Resolves once no delivery or retry is pending. */
	async settled(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	/** Stops in-flight deliveries and pending retries, without recording them. */
	cancelPending(): void {
		this.stopper.abort();
		this.stopper = newStopper();
	}

	reset(): void {
		this.cancelPending();
		this.subscribed.clear();
		this.deliveries.length = 0;
		Object.assign(this, DEFAULT_SETTINGS);
		this.attemptTimeoutMs = DEFAULT_ATTEMPT_TIMEOUT_MS;
	}

	private envelope(sender: string, eventName: string, eventData: Record<string, unknown>, accountId: string, tags: string[]): EventEnvelope {
		const now = this.clock.now();
		return {
			id: randomBytes(16).toString('hex'),
			timestamp: new Date(now).toISOString(),
			sender,
			eventName,
			eventData,
			accountId,
			organizationId: null,
			expiresAt: new Date(now + this.retryWindowSeconds * 1000).toISOString(),
			tags: [...tags],
		};
	}

	private track(delivery: Promise<void>): void {
		this.pending.add(delivery);
		void delivery.finally(() => this.pending.delete(delivery));
	}

	/** Attempts until one duplicate gets a 2xx or the next retry would fall after `expiresAt`. */
	private async deliver(envelope: EventEnvelope, subscription: Subscription, sessionId: string | undefined, firstDelayMs = 0): Promise<void> {
		const { signal } = this.stopper;
		if (firstDelayMs > 0 && !(await sleep(firstDelayMs, signal))) return;
		const body = JSON.stringify(envelope);
		const expiresAt = Date.parse(envelope.expiresAt);
		let delayMs = this.firstRetryDelayMs;
		for (let attempt = 1; ; attempt++) {
			const at = Date.now();
			const statuses = await Promise.all(
				Array.from({ length: this.duplicates }, () => post(subscription.url, body, subscription.headers, this.attemptTimeoutMs, signal)),
			);
			if (signal.aborted) return;
			const ms = Date.now() - at;
			for (const status of statuses) {
				this.deliveries.push({ eventId: envelope.id, subscriptionId: subscription.id, sessionId, eventName: envelope.eventName, attempt, status, at, ms });
			}
			if (statuses.some((status) => status >= 200 && status < 300)) return;
			if (this.clock.now() + delayMs > expiresAt) return;
			if (!(await sleep(delayMs, signal))) return;
			delayMs *= 2;
		}
	}
}

/** Waits, unless reset() comes first; resolves true when the time has passed. */
/** One signal stops every delivery in flight; hundreds listen to it during a burst, which is no leak. */
function newStopper(): AbortController {
	const stopper = new AbortController();
	setMaxListeners(0, stopper.signal);
	return stopper;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve(false);
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', stop);
			resolve(true);
		}, ms);
		const stop = () => {
			clearTimeout(timer);
			resolve(false);
		};
		signal.addEventListener('abort', stop, { once: true });
	});
}
