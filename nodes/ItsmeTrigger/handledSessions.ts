import type { IDataObject } from 'n8n-workflow';

/**
 * The sessions this trigger has already handled, with their final status, so that a refreshed or
 * replayed callback starts no second execution. Kept in the workflow's static data (n8n saves it to
 * its database, so it survives restarts) and bounded: the oldest entries go first.
 */
export const HANDLED_SESSIONS_LIMIT = 5000;

export interface HandledSessions {
	statusOf(sessionId: string): string | undefined;
	remember(sessionId: string, status: string): void;
}

export function handledSessionsIn(staticData: IDataObject, limit = HANDLED_SESSIONS_LIMIT): HandledSessions {
	// An object keeps insertion order, which is the order to forget in.
	staticData.handledSessions ??= {};
	const handled = staticData.handledSessions as Record<string, string>;
	return {
		statusOf: (sessionId) => handled[sessionId],
		remember(sessionId, status) {
			handled[sessionId] = status;
			const ids = Object.keys(handled);
			for (const id of ids.slice(0, Math.max(0, ids.length - limit))) delete handled[id];
			// n8n only saves static data whose top-level keys changed; a nested write alone goes unnoticed.
			staticData.handledSessions = handled;
		},
	};
}

/**
 * The same memory within this n8n process. n8n loads a workflow's static data for each webhook
 * call and saves it afterwards, so simultaneous callbacks of different sessions can overwrite each
 * other's entry; this copy keeps them all for as long as the process runs.
 */
const handledInProcess = new Map<string, string>();

export function handledSessionsInProcess(scope: string, limit = HANDLED_SESSIONS_LIMIT): HandledSessions {
	return {
		statusOf: (sessionId) => handledInProcess.get(`${scope}:${sessionId}`),
		remember(sessionId, status) {
			handledInProcess.set(`${scope}:${sessionId}`, status);
			// Bounded across all triggers of the process: a Map iterates oldest first.
			for (const key of handledInProcess.keys()) {
				if (handledInProcess.size <= limit * 4) break;
				handledInProcess.delete(key);
			}
		},
	};
}

/**
 * Callbacks for the same session that arrive while the first is still asking Signicat wait for its
 * answer instead of asking again, within this n8n process.
 */
const inFlight = new Map<string, Promise<unknown>>();

export async function onceAtATime<T>(key: string, work: () => Promise<T>): Promise<{ first: boolean; result: T }> {
	const running = inFlight.get(key) as Promise<T> | undefined;
	if (running) return { first: false, result: await running };
	const started = work().finally(() => inFlight.delete(key));
	inFlight.set(key, started);
	return { first: true, result: await started };
}
