import type { RealN8n } from './realN8n';

/**
 * How many of `executionIds` emitted each of `sessionIds`, from n8n's execution records (the session
 * id the itsme Trigger emitted, read a few records at a time; ids compared in lower case): 1 is
 * exactly once, 0 a session lost, 2 or more a session emitted twice.
 */
export async function executionsPerSession(n8n: RealN8n, executionIds: string[], sessionIds: string[], triggerNode = 'itsme Trigger'): Promise<number[]> {
	const emitted = new Map<string, number>();
	for (let from = 0; from < executionIds.length; from += 10) {
		const outputs = await Promise.all(executionIds.slice(from, from + 10).map(async (id) => await n8n.nodeOutput(id, triggerNode)));
		for (const item of outputs.flat()) {
			const id = String(item.sessionId).toLowerCase();
			emitted.set(id, (emitted.get(id) ?? 0) + 1);
		}
	}
	return sessionIds.map((id) => emitted.get(id.toLowerCase()) ?? 0);
}
