import { z } from 'zod';

import { isSessionId, sessionIdOf } from '../shared/api/sessionId';
import { isRecord } from '../shared/isRecord';

/**
 * A delivery of Signicat's Events service, read as a signal only: it may name a session, and
 * nothing else in it is believed. The envelope is the same for every Signicat service (`id`,
 * `timestamp`, `sender`, `eventName`, `eventData`, `accountId`, `organizationId`, `expiresAt`,
 * `tags`); the shape of `eventData` is not public, so the session id is looked for in a few places.
 */
export type EventVerdict =
	| { kind: 'reject'; status: number; error: string }
	| { kind: 'ignore'; reason: string }
	| { kind: 'session'; sessionId: string; accountId?: string };

const text = z.string().max(200);
const envelopeSchema = z.object({
	eventName: text,
	sender: text.nullish(),
	accountId: text.nullish(),
	eventData: z.unknown(),
});

// Signicat writes `service:event`; the envelope may carry it whole in eventName, or split in sender + eventName.
const AUTHENTICATION_SESSION_EVENT = /^authentication-api:session\.[a-z0-9_.-]+$/i;

function eventDataOf(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return undefined;
	}
}

/** The session the event is about: the first session id (a GUID) among eventData's sessionId, id, session.id, session.sessionId. */
function sessionIdIn(eventData: unknown): string | undefined {
	if (!isRecord(eventData)) return undefined;
	const session = isRecord(eventData.session) ? eventData.session : {};
	const candidates = [eventData.sessionId, eventData.id, session.id, session.sessionId];
	return candidates.find(isSessionId);
}

export function readSignicatEvent(body: unknown): EventVerdict {
	if (!isRecord(body)) return { kind: 'reject', status: 400, error: 'The body must be a JSON object (a Signicat event)' };
	const envelope = envelopeSchema.safeParse(body);
	if (!envelope.success) {
		const fields = envelope.error.issues.map((issue) => issue.path.join('.') || 'body').join(', ');
		return { kind: 'reject', status: 400, error: `Not a Signicat event envelope (${fields})` };
	}
	const { eventName, sender, accountId, eventData } = envelope.data;
	const fullName = eventName.includes(':') ? eventName : `${sender ?? ''}:${eventName}`;
	if (!AUTHENTICATION_SESSION_EVENT.test(fullName)) return { kind: 'ignore', reason: 'not a session event of the authentication API' };
	const sessionId = sessionIdIn(eventDataOf(eventData));
	if (!sessionId) {
		return { kind: 'reject', status: 422, error: 'eventData names no session: expected a session id (GUID) in sessionId, id or session.id' };
	}
	return { kind: 'session', sessionId: sessionIdOf(sessionId) as string, accountId: accountId ?? undefined };
}
