import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../shared/isRecord';

/**
 * What an itsme Trigger remembers of the sessions it took, so that a refreshed callback or a
 * retried event starts no second execution, and so that no session counts as handled before n8n
 * holds its execution.
 *
 * - A delivery that emits a session takes a **lease** on it. The lease is **confirmed** once n8n
 *   holds the execution: n8n 2.x answers the delivery only after it has saved the execution (the
 *   answer finishing with 2xx), or the trigger's own step runs in this process. A 5xx answer (n8n
 *   could not save it) **releases** the lease at once; an unconfirmed lease also lapses after
 *   LEASE_MS. Meanwhile other deliveries of the session emit nothing.
 * - The sessions are kept in memory and in the workflow's static data (which n8n stores in its
 *   database; under the node's id, so renaming the node forgets nothing) as compact entries: a
 *   12-character fingerprint of the id and a status letter, grouped by the hour after which they are
 *   forgotten, RETENTION_MS after the session expired. A delivery that comes later than that starts
 *   nothing (see isTooLate), so what is kept does not grow with history.
 * - What is saved includes the leases: a burst of deliveries saves in any order, so the last save
 *   must already hold every session then being emitted (read back after a restart as handled). A
 *   lease that is released or lapses is left out of the next save, and this process does not take
 *   it back from what an earlier save holds for UNCONFIRMED_MEMORY_MS.
 */
/**
 * How long a lease waits for its outcome when neither n8n's answer nor the trigger's step tells it
 * (the caller went away before n8n answered, and the execution never started here). Long: under a
 * burst n8n may take minutes to start an execution it has saved, and a lease that lapses before lets
 * a retried delivery start the session twice; a save that failed is answered 5xx and released at once.
 */
export const LEASE_MS = 10 * 60_000;
export const UNCONFIRMED_MEMORY_MS = 10 * 60_000;
export const RETENTION_MS = 24 * 3600_000;

const HOUR_MS = 3600_000;
const FINGERPRINT_LENGTH = 12;
const ENTRY_LENGTH = FINGERPRINT_LENGTH + 1;
const STATUS_LETTERS: Record<string, string> = { SUCCESS: 'S', ABORT: 'A', ERROR: 'E', CANCELLED: 'C', EXPIRED: 'X', INVALID: 'I' };
const STATUS_OF_LETTER = Object.fromEntries(Object.entries(STATUS_LETTERS).map(([status, letter]) => [letter, status]));

/** The static data as saved under the node's key: `<hour>:<entries>` per forget-hour (hours since 1970), comma-separated. */
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
	/** Settles when the lease is confirmed or dropped. */
	ended: Promise<void>;
	end: () => void;
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
 * saves it: whichever call saves last writes every session the process knows at that moment
 * (calls at the same instant would otherwise overwrite each other's entries).
 */
export class TriggerMemory {
	private readonly leases = new Map<string, Lease>();
	/** The fingerprints of the open leases. */
	private readonly leased = new Set<string>();
	/** fingerprint → entry, for the confirmed sessions. */
	private readonly confirmed = new Map<string, string>();
	/** fingerprint → until when: leases of this process that were released or lapsed, not to be read back as handled. */
	private readonly unconfirmed = new Map<string, number>();
	/** forget-hour → entries of the confirmed sessions. */
	private readonly buckets = new Map<number, string>();
	private handledText?: string;
	/** n8n reads `handled` when it saves (a getter): what changed after this call stored the object is in its save too. */
	private readonly persisted = Object.defineProperty({ v: 2 }, 'handled', { enumerable: true, get: () => this.text() }) as Persisted;
	/** What was last taken in from the static data, so an unchanged text is not walked again. */
	private lastLoaded = '';

	constructor(readonly key: string) {}

	/**
	 * The session as remembered here, or as saved in the static data loaded for this call (by another
	 * process, or by this one before a restart).
	 */
	recall(sessionId: string, saved: SavedData, now = Date.now()): Remembered | undefined {
		const lease = this.leases.get(sessionId);
		if (lease && lease.until <= now) this.dropLease(sessionId, now);
		else if (lease) return { status: statusOfEntry(lease.entry), confirmed: false };
		const fingerprint = fingerprintOf(sessionId);
		if (!this.confirmed.has(fingerprint)) this.takeIn(saved, now, fingerprint);
		const entry = this.confirmed.get(fingerprint);
		return entry === undefined ? undefined : { status: statusOfEntry(entry), confirmed: true };
	}

	/** Takes the lease of a delivery that emits the session, recorded in `saved` for n8n to save with its execution. */
	lease(sessionId: string, status: string, expiresAt: number, saved: SavedData, now = Date.now()): void {
		const entry = entryOf(sessionId, status);
		let end = () => undefined as void;
		const ended = new Promise<void>((resolve) => (end = resolve));
		this.leases.set(sessionId, { entry, forgetHour: forgetHourOf(expiresAt), until: now + LEASE_MS, ended, end });
		this.leased.add(entry.slice(0, FINGERPRINT_LENGTH));
		this.unconfirmed.delete(entry.slice(0, FINGERPRINT_LENGTH));
		this.handledText = undefined;
		this.keepIn(saved, now);
	}

	/** n8n holds the execution: the session is handled for good. */
	confirm(sessionId: string): void {
		const lease = this.leases.get(sessionId);
		if (!lease) return;
		this.leases.delete(sessionId);
		this.leased.delete(lease.entry.slice(0, FINGERPRINT_LENGTH));
		this.add(lease.entry, lease.forgetHour);
		lease.end();
	}

	/** Settles when the session's open lease is confirmed or dropped; undefined when it has none. */
	leaseEnded(sessionId: string): Promise<void> | undefined {
		return this.leases.get(sessionId)?.ended;
	}

	/** n8n could not save the execution: the next delivery of the session emits it. */
	release(sessionId: string, now = Date.now()): void {
		this.dropLease(sessionId, now);
	}

	/**
	 * A session handled without an execution (its outcome is not in Trigger On, or it came too late:
	 * then it is kept for RETENTION_MS from now, so its further deliveries cost no read either).
	 */
	remember(sessionId: string, status: string, expiresAt: number, saved: SavedData, now = Date.now()): void {
		const entry = entryOf(sessionId, status);
		this.leases.get(sessionId)?.end();
		this.leases.delete(sessionId);
		this.leased.delete(entry.slice(0, FINGERPRINT_LENGTH));
		this.add(entry, forgetHourOf(Math.max(expiresAt, now)));
		this.keepIn(saved, now);
	}

	/** A lease that ends unconfirmed: out of the next save, and not read back from an earlier one. */
	private dropLease(sessionId: string, now: number): void {
		const lease = this.leases.get(sessionId);
		if (!lease) return;
		const fingerprint = lease.entry.slice(0, FINGERPRINT_LENGTH);
		this.leases.delete(sessionId);
		this.leased.delete(fingerprint);
		this.unconfirmed.set(fingerprint, now + UNCONFIRMED_MEMORY_MS);
		this.handledText = undefined;
		lease.end();
	}

	/** Whether an entry read from the static data may count as handled here: not one of this process's open or failed leases. */
	private mayTakeIn(fingerprint: string, now: number): boolean {
		const until = this.unconfirmed.get(fingerprint);
		return !this.leased.has(fingerprint) && (until === undefined || until <= now);
	}

	private add(entry: string, forgetHour: number): void {
		const fingerprint = entry.slice(0, FINGERPRINT_LENGTH);
		if (this.confirmed.has(fingerprint)) return;
		this.unconfirmed.delete(fingerprint);
		this.confirmed.set(fingerprint, entry);
		this.buckets.set(forgetHour, (this.buckets.get(forgetHour) ?? '') + entry);
		this.handledText = undefined;
	}

	/** The confirmed and the leased sessions, as saved. */
	private text(): string {
		if (this.handledText !== undefined) return this.handledText;
		const buckets = new Map(this.buckets);
		for (const { entry, forgetHour } of this.leases.values()) buckets.set(forgetHour, (buckets.get(forgetHour) ?? '') + entry);
		this.handledText = [...buckets].map(([hour, bucket]) => `${hour}:${bucket}`).join(',');
		return this.handledText;
	}

	/** Takes in what the loaded static data holds (all of it, or until `wanted` is found). */
	private takeIn({ global, node }: SavedData, now: number, wanted?: string): void {
		const legacy = node.handledSessions;
		if (isRecord(legacy)) {
			for (const [sessionId, status] of Object.entries(legacy)) this.add(entryOf(sessionId, String(status)), forgetHourOf(now));
		}
		const loaded = persistedOf(global[this.key]);
		if (loaded.handled === undefined || loaded.handled === this.lastLoaded) return;
		for (const [hour, bucket] of bucketsOf(loaded.handled)) {
			if (hour * HOUR_MS <= now || bucket === this.buckets.get(hour)) continue;
			for (const entry of entriesOf(bucket)) if (this.mayTakeIn(entry.slice(0, FINGERPRINT_LENGTH), now)) this.add(entry, hour);
			if (wanted !== undefined && this.confirmed.has(wanted)) return;
		}
		this.lastLoaded = loaded.handled;
	}

	/**
	 * Records what this process knows in the static data n8n saves after this call or execution,
	 * first taking in what others saved.
	 */
	keepIn(saved: SavedData, now = Date.now()): void {
		this.takeIn(saved, now);
		for (const [fingerprint, until] of this.unconfirmed) if (until <= now) this.unconfirmed.delete(fingerprint);
		for (const [hour, bucket] of this.buckets) {
			if (hour * HOUR_MS > now) continue;
			for (const entry of entriesOf(bucket)) this.confirmed.delete(entry.slice(0, FINGERPRINT_LENGTH));
			this.buckets.delete(hour);
			this.handledText = undefined;
		}
		this.lastLoaded = this.persisted.handled;
		// A top-level assignment is what makes n8n notice the change and save the static data.
		saved.global[this.key] = this.persisted as unknown as IDataObject;
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
