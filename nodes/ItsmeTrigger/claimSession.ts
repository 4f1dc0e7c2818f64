import type { IWebhookFunctions } from 'n8n-workflow';

import type { SignicatSession } from '../shared/api/schemas';
import { IN_PROGRESS_STATUSES } from '../shared/api/schemas';
import { fetchSession } from '../shared/callbacks/confirmCallbackSession';
import { handledSessionsOf, onceAtATime } from './handledSessions';

/**
 * What a delivery (browser callback or Signicat event) may do with the session it names:
 * - `first`: this delivery read the final session first; it alone emits it.
 * - `handled`: another delivery, earlier or at the same instant, has it (or is emitting it).
 * - `notOurs`: the delivery turned the session down (`accepts`), finished or not; nothing is remembered.
 * - `inProgress`: the person has not finished; nothing is remembered, a later delivery emits.
 * Throws what reading the session threw (unknown session, Signicat unreachable): nothing is remembered.
 */
export type Claim =
	| { kind: 'first'; session: SignicatSession }
	| { kind: 'handled'; status: string }
	| { kind: 'inProgress'; session: SignicatSession }
	| { kind: 'notOurs'; status: string };

const isFinal = (session: SignicatSession): boolean => !IN_PROGRESS_STATUSES.includes(session.status);

/** One key per session for every channel, so a callback and an event of one session never both emit. */
export async function claimSession(
	context: IWebhookFunctions,
	sessionId: string,
	accepts: (session: SignicatSession) => boolean = () => true,
): Promise<Claim> {
	const scope = `${context.getWorkflow().id}:${context.getNode().id}`;
	const handled = handledSessionsOf(scope, context.getWorkflowStaticData('node'));
	// Checked and claimed without an await in between, so no delivery slips through the gap.
	const known = handled.statusOf(sessionId);
	if (known !== undefined) return { kind: 'handled', status: known };
	const { first, result: session } = await onceAtATime(`${scope}:${sessionId}`, async () => {
		const read = await fetchSession(context, sessionId);
		// Remembered before the claim is released, so a delivery arriving right after finds it.
		if (isFinal(read) && accepts(read)) handled.remember(sessionId, read.status);
		return read;
	});
	// Before anything else: a session made for another flow tells this delivery nothing, not even its progress.
	if (!accepts(session)) return { kind: 'notOurs', status: session.status };
	if (!isFinal(session)) return { kind: 'inProgress', session };
	if (first) return { kind: 'first', session };
	const remembered = handled.statusOf(sessionId);
	if (remembered !== undefined) return { kind: 'handled', status: remembered };
	// The delivery that read it turned it down; this one decides for itself.
	return await claimSession(context, sessionId, accepts);
}
