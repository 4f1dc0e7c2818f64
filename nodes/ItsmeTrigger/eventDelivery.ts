import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SIGNICAT_FAILURE_TEXT } from '../shared/api/signicatFailure';
import { credentialAccountId, credentialSecret } from '../shared/api/signicatRequest';
import type { BrowserResponse } from '../shared/browser/answer';
import { isUnknownSession, warnUnreadSession } from '../shared/callbacks/confirmCallbackSession';
import { flattenOptionsOf } from '../shared/identity/personalDataOptions';
import type { Claim } from './claimSession';
import { claimSession } from './claimSession';
import { EVENTS_SECRET_HEADER, EVENTS_SECRET_PARAM, secretMatches } from './eventsSecret';
import { acceptedSessions } from './sessionOwner';
import { readSignicatEvent } from './signicatEvent';
import { sessionOutput, triggersOn } from './triggerOutput';

/** Far above any envelope Signicat sends; larger bodies are refused unread. */
export const MAX_EVENT_BYTES = 64 * 1024;

export const EVENTS_OFF = 'Events are off for this trigger: set an Events Secret in its Signicat API credential';

/** Signicat's retries only need the status; the body never carries personal data. */
function answer(res: BrowserResponse, status: number, body: IDataObject): IWebhookResponseData {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}

function bodySize(request: { rawBody?: { length: number }; headers?: Record<string, unknown> }): number {
	return request.rawBody?.length ?? Number(request.headers?.['content-length'] ?? 0);
}

/**
 * A delivery of Signicat's Events service. Everything that needs no request to Signicat is checked
 * first (events switched on, secret, size, shape, event name, account); then the named session is read from Signicat and
 * emitted once, shared with the callback channel.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject() as unknown as BrowserResponse;
	// Events are opt-in: without a secret in the credential this URL is no open door that spends Signicat reads.
	const expected = await credentialSecret(this, 'eventsSecret');
	if (expected === '') return answer(res, 403, { error: EVENTS_OFF });
	const given = (this.getQueryData() as IDataObject)[EVENTS_SECRET_PARAM] ?? this.getHeaderData()[EVENTS_SECRET_HEADER];
	if (!secretMatches(given, expected)) return answer(res, 401, { error: 'Missing or wrong events secret' });
	if (bodySize(this.getRequestObject() as never) > MAX_EVENT_BYTES) {
		return answer(res, 413, { error: `An event must be at most ${MAX_EVENT_BYTES} bytes` });
	}
	const event = readSignicatEvent(this.getBodyData());
	if (event.kind === 'reject') return answer(res, event.status, { error: event.error });
	if (event.kind === 'ignore') return answer(res, 200, { received: true, ignored: event.reason });

	// Checked before anything happens: a bad setting must not leave a session handled but not emitted.
	const flatten = await flattenOptionsOf(this, this.getNodeParameter('options', {}) as IDataObject, 0);
	const ownAccount = await credentialAccountId(this);
	if (ownAccount !== '' && event.accountId !== undefined && event.accountId !== ownAccount) {
		return answer(res, 200, { received: true, ignored: 'another account' });
	}

	let claim: Claim;
	try {
		claim = await claimSession(this, event.sessionId, acceptedSessions(this));
	} catch (error) {
		if (isUnknownSession(error)) return answer(res, 200, { received: true, ignored: 'unknown session' });
		// 503 whatever the cause, so Signicat delivers again, e.g. once the client secret is corrected.
		const cause = warnUnreadSession(this, event.sessionId, error, ' for an event');
		return answer(res, 503, { error: `${SIGNICAT_FAILURE_TEXT[cause]}; deliver this event again later` });
	}
	if (claim.kind === 'inProgress') return answer(res, 200, { received: true, ignored: 'session in progress' });
	if (claim.kind === 'handled') return answer(res, 200, { received: true, duplicate: true });
	if (claim.kind === 'notOurs') return answer(res, 200, { received: true, ignored: 'session made for another flow' });

	const emit = triggersOn(this, claim.session.status);
	const answeredDelivery = answer(res, 200, { received: true, emitted: emit });
	return emit ? { ...answeredDelivery, workflowData: sessionOutput(claim.session, flatten, 'event') } : answeredDelivery;
}
