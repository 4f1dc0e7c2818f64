import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../shared/isRecord';

/**
 * The sessions a trigger has already handled, with their final status, so that a refreshed
 * callback or a retried event starts no second execution. Bounded: the oldest entries go first.
 */
export const HANDLED_SESSIONS_LIMIT = 5000;

export interface HandledSessions {
	statusOf(sessionId: string): string | undefined;
	remember(sessionId: string, status: string): void;
}

/**
 * One object per trigger (workflow id and node id) for the whole n8n process. n8n loads a
 * workflow's static data from its database for each webhook call and saves it whole afterwards, so
 * two simultaneous calls would each save their own copy and the last save would drop the other's
 * entry. A call that remembers a session merges what it loaded into this object and stores the
 * object itself in the static data: whichever call saves last writes every entry the process knows.
 */
const knownByTrigger = new Map<string, Record<string, string>>();

function forgetOldest(known: Record<string, string>, limit: number): void {
	// An object keeps insertion order, which is the order to forget in.
	const ids = Object.keys(known);
	for (const id of ids.slice(0, Math.max(0, ids.length - limit))) delete known[id];
}

export function handledSessionsOf(scope: string, staticData: IDataObject, limit = HANDLED_SESSIONS_LIMIT): HandledSessions {
	let known = knownByTrigger.get(scope);
	if (!known) {
		known = {};
		knownByTrigger.set(scope, known);
	}
	const entries = known;
	// What was saved before (by this process, an earlier one, or another one): read where it lies, and
	// merged only when this call changes the static data, so that a call that only reads (a duplicate,
	// a session in progress) does not walk thousands of entries.
	const loaded = staticData.handledSessions;
	const saved = isRecord(loaded) && loaded !== entries ? loaded : {};
	return {
		statusOf(sessionId) {
			if (Object.hasOwn(entries, sessionId)) return entries[sessionId];
			const status = Object.hasOwn(saved, sessionId) ? saved[sessionId] : undefined;
			return typeof status === 'string' ? status : undefined;
		},
		remember(sessionId, status) {
			for (const id in saved) {
				const savedStatus = saved[id];
				if (typeof savedStatus === 'string' && !Object.hasOwn(entries, id)) entries[id] = savedStatus;
			}
			entries[sessionId] = status;
			forgetOldest(entries, limit);
			// A top-level assignment is what makes n8n notice the change and save the static data.
			staticData.handledSessions = entries;
		},
	};
}

/**
 * Deliveries of the same session (callbacks, events) that arrive while the first is still asking
 * Signicat wait for its answer instead of asking again, within this n8n process.
 */
const inFlight = new Map<string, Promise<unknown>>();

export async function onceAtATime<T>(key: string, work: () => Promise<T>): Promise<{ first: boolean; result: T }> {
	const running = inFlight.get(key) as Promise<T> | undefined;
	if (running) return { first: false, result: await running };
	const started = work().finally(() => inFlight.delete(key));
	inFlight.set(key, started);
	return { first: true, result: await started };
}
