import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../shared/isRecord';

/**
 * What an itsme Trigger remembers of the sessions it took, so that a refreshed callback or a
 * retried event starts no second execution, and so that no session counts as handled before n8n
 * holds its execution.
 *
 * - A delivery that emits a session takes a **lease** on it, in this process's memory. The lease is
 *   **confirmed** once n8n holds the execution: n8n 2.x answers the delivery only after it has saved
 *   the execution (the answer finishing with 2xx), or the trigger's own step runs in this process.
 *   A 5xx answer (n8n could not save it) **releases** the lease at once; an unconfirmed lease also
 *   lapses after LEASE_MS. Meanwhile other deliveries of the session emit nothing.
 * - Confirmed sessions are kept in memory and in the workflow's static data (which n8n stores in its
 *   database; under the node's id, so renaming the node forgets nothing) as compact entries: a
 *   12-character fingerprint of the id and a status letter, grouped by the hour after which they are
 *   forgotten, RETENTION_MS after the session expired. A delivery that comes later than that starts
 *   nothing (see isTooLate), so what is kept does not grow with history.
 */
export const LEASE_MS = 30_000;
export const RETENTION_MS = 24 * 3600_000;

const HOUR_MS = 3600_000;
const FINGERPRINT_LENGTH = 12;
const ENTRY_LENGTH = FINGERPRINT_LENGTH + 1;
const STATUS_LETTERS: Record<string, string> = { SUCCESS: 'S', ABORT: 'A', ERROR: 'E', CANCELLED: 'C', EXPIRED: 'X', INVALID: 'I' };
const STATUS_OF_LETTER = Object.fromEntries(Object.entries(STATUS_LETTERS).map(([status, letter]) => [letter, status]));

/**
 * The static data as saved under the node's key: `<hour>:<entries>` per forget-hour (hours since
 * 1970), comma-separated. Beside it, under `<key>:pending`, the entry of the session whose execution
 * n8n saves together with that call's static data (n8n 2.x saves it only once it holds the execution,
 * so it counts as confirmed whenever it is read back).
 */
interface Persisted {
	v: 2;
	handled: string;
}

/** The static data n8n loaded for this call: the workflow's, and the node's own (version 0.1.0 kept `handledSessions` there). */
export interface SavedData {
	global: IDataObject;
	node: IDataObject;
}

export interface Remembered {
	status: string;
	/** False while another delivery's emission waits for n8n to hold the execution. */
	confirmed: boolean;
}

interface Lease {
	entry: string;
	forgetHour: number;
	until: number;
}

const fingerprintOf = (sessionId: string): string =>
	createHash('sha256').update(sessionId).digest('base64url').slice(0, FINGERPRINT_LENGTH);
const entryOf = (sessionId: string, status: string): string => fingerprintOf(sessionId) + (STATUS_LETTERS[status] ?? '?');
const statusOfEntry = (entry: string): string => STATUS_OF_LETTER[entry[FINGERPRINT_LENGTH]] ?? 'UNKNOWN';
const forgetHourOf = (expiresAt: number): number => Math.ceil((expiresAt + RETENTION_MS) / HOUR_MS);

/** Whether a session ended so long ago that no delivery of it may start a workflow any more. */
export const isTooLate = (expiresAt: number, now = Date.now()): boolean => now > expiresAt + RETENTION_MS;

/** `<hour>:<entries>` groups, with their forget-hour. */
function* bucketsOf(text: unknown): Generator<[number, string]> {
	if (typeof text !== 'string') return;
	for (const group of text.split(',')) {
		const colon = group.indexOf(':');
		const hour = Number(group.slice(0, colon));
		if (colon > 0 && Number.isInteger(hour)) yield [hour, group.slice(colon + 1)];
	}
}

function* entriesOf(bucket: string): Generator<string> {
	for (let at = 0; at + ENTRY_LENGTH <= bucket.length; at += ENTRY_LENGTH) yield bucket.slice(at, at + ENTRY_LENGTH);
}

const persistedOf = (value: unknown): Partial<Persisted> => (isRecord(value) && value.v === 2 ? (value as Partial<Persisted>) : {});

/**
 * One trigger's memory in this n8n process. Every call that records something stores the same
 * `persisted` object in the static data n8n gave it, and n8n serialises the static data when it
 * saves it: whichever call saves last writes every confirmed session the process knows (calls at
 * the same instant would otherwise overwrite each other's entries).
 */
export class TriggerMemory {
	private readonly leases = new Map<string, Lease>();
	/** fingerprint → entry, for the confirmed sessions. */
	private readonly confirmed = new Map<string, string>();
	/** forget-hour → entries, what `persisted.handled` is written from. */
	private readonly buckets = new Map<number, string>();
	private handledText?: string;
	/**
	 * n8n serialises the static data when it saves it, so `handled` is read then (a getter): a session
	 * confirmed after this call stored the object is in its save too.
	 */
	private readonly persisted = Object.defineProperty({ v: 2 }, 'handled', {
		enumerable: true,
		get: () => (this.handledText ??= [...this.buckets].map(([hour, bucket]) => `${hour}:${bucket}`).join(',')),
	}) as Persisted;
	/** What was last taken in from the static data, so an unchanged text is not walked again. */
	private lastLoaded = '';

	constructor(readonly key: string) {}

	/**
	 * The session as remembered here, or as saved in the static data loaded for this call (by another
	 * process, or by this one before a restart).
	 */
	recall(sessionId: string, saved: SavedData, now = Date.now()): Remembered | undefined {
		const lease = this.leases.get(sessionId);
		if (lease && lease.until <= now) this.leases.delete(sessionId);
		else if (lease) return { status: statusOfEntry(lease.entry), confirmed: false };
		const fingerprint = fingerprintOf(sessionId);
		if (!this.confirmed.has(fingerprint)) this.takeIn(saved, now, fingerprint);
		const entry = this.confirmed.get(fingerprint);
		return entry === undefined ? undefined : { status: statusOfEntry(entry), confirmed: true };
	}

	/** Takes the lease of a delivery that emits the session, recorded in `staticData` for n8n to save with its execution. */
	lease(sessionId: string, status: string, expiresAt: number, saved: SavedData, now = Date.now()): void {
		const lease = { entry: entryOf(sessionId, status), forgetHour: forgetHourOf(expiresAt), until: now + LEASE_MS };
		this.leases.set(sessionId, lease);
		this.store(saved, now, `${lease.forgetHour}:${lease.entry}`);
	}

	/** n8n holds the execution: the session is handled for good. */
	confirm(sessionId: string): void {
		const lease = this.leases.get(sessionId);
		if (!lease) return;
		this.leases.delete(sessionId);
		this.add(lease.entry, lease.forgetHour);
	}

	/** n8n could not save the execution: the next delivery of the session emits it. */
	release(sessionId: string): void {
		this.leases.delete(sessionId);
	}

	/**
	 * A session handled without an execution (its outcome is not in Trigger On, or it came too late:
	 * then it is kept for RETENTION_MS from now, so its further deliveries cost no read either).
	 */
	remember(sessionId: string, status: string, expiresAt: number, saved: SavedData, now = Date.now()): void {
		this.leases.delete(sessionId);
		this.add(entryOf(sessionId, status), forgetHourOf(Math.max(expiresAt, now)));
		this.store(saved, now);
	}

	private add(entry: string, forgetHour: number): void {
		const fingerprint = entry.slice(0, FINGERPRINT_LENGTH);
		if (this.confirmed.has(fingerprint)) return;
		this.confirmed.set(fingerprint, entry);
		this.buckets.set(forgetHour, (this.buckets.get(forgetHour) ?? '') + entry);
		this.handledText = undefined;
	}

	/** Takes in what the loaded static data holds (all of it, or until `wanted` is found). */
	private takeIn({ global, node }: SavedData, now: number, wanted?: string): void {
		for (const [hour, entry] of bucketsOf(global[`${this.key}:pending`])) if (hour * HOUR_MS > now) this.add(entry, hour);
		const legacy = node.handledSessions;
		if (isRecord(legacy)) {
			for (const [sessionId, status] of Object.entries(legacy)) this.add(entryOf(sessionId, String(status)), forgetHourOf(now));
		}
		const loaded = persistedOf(global[this.key]);
		if (loaded.handled === undefined || loaded.handled === this.lastLoaded) return;
		for (const [hour, bucket] of bucketsOf(loaded.handled)) {
			if (hour * HOUR_MS <= now || bucket === this.buckets.get(hour)) continue;
			for (const entry of entriesOf(bucket)) this.add(entry, hour);
			if (wanted !== undefined && this.confirmed.has(wanted)) return;
		}
		this.lastLoaded = loaded.handled;
	}

	/**
	 * Records the confirmed sessions (and the one being emitted, as `pending`) in the static data n8n
	 * saves after this call, first taking in what others saved and forgetting what has expired.
	 */
	private store(saved: SavedData, now: number, pending?: string): void {
		this.takeIn(saved, now);
		for (const [hour, bucket] of this.buckets) {
			if (hour * HOUR_MS > now) continue;
			for (const entry of entriesOf(bucket)) this.confirmed.delete(entry.slice(0, FINGERPRINT_LENGTH));
			this.buckets.delete(hour);
			this.handledText = undefined;
		}
		this.lastLoaded = this.persisted.handled;
		// Top-level assignments are what make n8n notice the change and save the static data.
		saved.global[this.key] = this.persisted as unknown as IDataObject;
		saved.global[`${this.key}:pending`] = pending;
		// Taken in above: the old form stays out of what every later call loads.
		if (saved.node.handledSessions !== undefined) delete saved.node.handledSessions;
	}
}

const memories = new Map<string, TriggerMemory>();

/** The memory of one trigger (workflow id and node id) in this n8n process. */
export function memoryOf(workflowId: string, nodeId: string): TriggerMemory {
	const scope = `${workflowId}:${nodeId}`;
	let memory = memories.get(scope);
	if (!memory) {
		memory = new TriggerMemory(`itsmeTrigger:${nodeId}`);
		memories.set(scope, memory);
	}
	return memory;
}
