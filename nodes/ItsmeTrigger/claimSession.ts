import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { fetchSession } from '../shared/api/fetchSession';
import type { SignicatSession } from '../shared/api/schemas';
import { IN_PROGRESS_STATUSES } from '../shared/api/schemas';
import { sleepUnlessAborted } from '../shared/api/sleepUnlessAborted';
import type { BrowserResponse } from '../shared/browser/answer';
import { onceAtATime } from './onceAtATime';
import type { SavedData, TriggerMemory } from './sessionMemory';
import { isTooLate, memoryOf } from './sessionMemory';

/**
 * What a delivery (browser callback or Signicat event) may do with the session it names:
 * - `first`: this delivery read the final session first and holds its lease: it alone emits it.
 * - `handled`: remembered, or leased by another delivery that is emitting it (`confirmed` false
 *   until n8n holds that execution).
 * - `notOurs`: the delivery turned the session down (`accepts`), finished or not; nothing is remembered.
 * - `inProgress`: the person has not finished; nothing is remembered, a later delivery emits.
 * - `tooLate`: it ended so long ago that it may start nothing any more (see sessionMemory).
 * - `refused`: not known here, and `mayRead` spent no Signicat read on it.
 * Throws what reading the session threw (unknown session, Signicat unreachable): nothing is remembered.
 */
export type Claim =
	| { kind: 'first'; session: SignicatSession }
	| { kind: 'handled'; status: string; confirmed: boolean }
	| { kind: 'inProgress'; session: SignicatSession }
	| { kind: 'notOurs'; status: string }
	| { kind: 'tooLate'; session: SignicatSession }
	| { kind: 'refused' };

const isFinal = (session: SignicatSession): boolean => !IN_PROGRESS_STATUSES.includes(session.status);
const expiresAtOf = (session: SignicatSession): number => Date.parse(String(session.expiresAt ?? '')) || Date.now();

/** The trigger's memory and the static data n8n loaded for this call. */
export function triggerMemoryOf(context: IWebhookFunctions): { memory: TriggerMemory; saved: SavedData } {
	const memory = memoryOf(context.getWorkflow().id ?? '', context.getNode().id);
	return { memory, saved: { global: context.getWorkflowStaticData('global'), node: context.getWorkflowStaticData('node') } };
}

/** Whether another delivery's lease on the session ended (confirmed or dropped) within `ms`. */
async function leaseEndedWithin(memory: TriggerMemory, sessionId: string, ms: number): Promise<boolean> {
	const ended = memory.leaseEnded(sessionId);
	if (!ended) return true;
	const timer = new AbortController();
	try {
		return await Promise.race([ended.then(() => true), sleepUnlessAborted(ms, timer.signal).then(() => false, () => false)]);
	} finally {
		timer.abort();
	}
}

/**
 * One record per session for every channel, so a callback and an event of one session never both emit.
 * With `waitForLeaseMs`, a delivery that finds another one emitting the session waits that long for
 * n8n's answer to it, then decides again (handled for good, or its to emit if n8n could not save),
 * instead of being answered "not yet" and sent again by Signicat.
 */
export async function claimSession(
	context: IWebhookFunctions,
	sessionId: string,
	accepts: (session: SignicatSession) => boolean,
	mayRead: () => boolean = () => true,
	waitForLeaseMs = 0,
): Promise<Claim> {
	const { memory, saved } = triggerMemoryOf(context);
	// Another delivery's lease not yet confirmed, which this delivery may wait for (once: the claim decided again passes no wait).
	const mayWaitFor = (found?: { confirmed: boolean }) => found !== undefined && !found.confirmed && waitForLeaseMs > 0;
	// Checked and leased without an await in between, so no delivery slips through the gap.
	const known = memory.recall(sessionId, saved);
	if (mayWaitFor(known) && (await leaseEndedWithin(memory, sessionId, waitForLeaseMs))) {
		return await claimSession(context, sessionId, accepts, mayRead);
	}
	if (known) return { kind: 'handled', ...known };
	if (!mayRead()) return { kind: 'refused' };
	const { first, result } = await onceAtATime(`${context.getWorkflow().id}:${context.getNode().id}:${sessionId}`, async () => {
		const read = await fetchSession(context, sessionId);
		// Leased before the read is shared, so a delivery arriving right after finds it.
		const leased = isFinal(read) && accepts(read) && !isTooLate(expiresAtOf(read)) && !memory.recall(sessionId, saved);
		if (leased) memory.lease(sessionId, read.status, expiresAtOf(read), saved);
		return { read, leased };
	});
	const session = result.read;
	// Before anything else: a session made for another flow tells this delivery nothing, not even its progress.
	if (!accepts(session)) return { kind: 'notOurs', status: session.status };
	if (!isFinal(session)) return { kind: 'inProgress', session };
	if (isTooLate(expiresAtOf(session))) return { kind: 'tooLate', session };
	if (first && result.leased) return { kind: 'first', session };
	const remembered = memory.recall(sessionId, saved);
	if (mayWaitFor(remembered) && (await leaseEndedWithin(memory, sessionId, waitForLeaseMs))) {
		return await claimSession(context, sessionId, accepts, mayRead);
	}
	if (remembered) return { kind: 'handled', ...remembered };
	// The delivery that read it turned it down, or its lease was released; this one decides for itself.
	return await claimSession(context, sessionId, accepts, mayRead, waitForLeaseMs);
}

/** Records a session that ends here without an execution, so that later deliveries of it read nothing. */
export function rememberWithoutExecution(context: IWebhookFunctions, session: SignicatSession): void {
	const { memory, saved } = triggerMemoryOf(context);
	memory.remember(session.id, session.status, expiresAtOf(session), saved);
}

/**
 * Hands the emitting delivery's execution to n8n and settles its lease by n8n's answer: n8n 2.x sends
 * the answer only once it has saved the execution (2xx: handled for good), or an error when it could
 * not (5xx: the next delivery emits). n8n 1.x answers before saving, so there the answer confirms
 * the lease at once. With `answeredByWorkflow`, n8n answers when the workflow has finished, and an
 * error then is the workflow's, not a lost execution: only the trigger's step confirms the lease.
 */
export function emitOnceSaved(
	context: IWebhookFunctions,
	res: BrowserResponse,
	sessionId: string,
	response: IWebhookResponseData,
	answeredByWorkflow = false,
): IWebhookResponseData {
	const { memory } = triggerMemoryOf(context);
	res.once('finish', () => {
		if (res.statusCode < 500) memory.confirm(sessionId);
		else if (!answeredByWorkflow) memory.release(sessionId);
	});
	return response;
}
