import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { credentialAccountId, credentialSecret } from '../shared/api/executionCredential';
import { isUnknownSession, warnUnreadSession } from '../shared/api/fetchSession';
import { SIGNICAT_FAILURE_TEXT } from '../shared/api/signicatFailure';
import { WEBHOOK_SIGNICAT_BUDGET_MS } from '../shared/api/webhookBudget';
import type { BrowserResponse } from '../shared/browser/answer';
import type { Claim } from './claimSession';
import { claimSession, emitOnceSaved, rememberWithoutExecution } from './claimSession';
import { EVENTS_SECRET_HEADER, EVENTS_SECRET_MIN_LENGTH, EVENTS_SECRET_PARAM, secretMatches } from './eventsSecret';
import { readSignicatEvent } from './signicatEvent';
import { sessionOutput, triggersOn } from './triggerOutput';
import { reportSettingsProblem, triggerSettingsOf } from './triggerSettings';

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

/** Events are on, but the credential's Events Secret is too short to keep strangers out. */
export const EVENTS_SECRET_TOO_SHORT = `The Events Secret of the Signicat API credential is shorter than ${EVENTS_SECRET_MIN_LENGTH} characters, so the Events URL refuses every delivery: set a longer one (e.g. openssl rand -base64 32) in the credential and in the Signicat Dashboard`;

/**
 * A delivery of Signicat's Events service. Everything that needs no request to Signicat is checked
 * first (events switched on, secret, size, shape, event name, account); then the named session is read from Signicat and
 * emitted once, shared with the callback channel. The delivery is acknowledged (200) only once n8n
 * holds the execution: until then Signicat gets 503 and delivers it again.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject() as unknown as BrowserResponse;
	// Events are opt-in: without a secret in the credential this URL is no open door that spends Signicat reads.
	const expected = await credentialSecret(this, 'eventsSecret');
	if (expected === '') return answer(res, 403, { error: EVENTS_OFF });
	if (expected.length < EVENTS_SECRET_MIN_LENGTH) {
		reportSettingsProblem(this, EVENTS_SECRET_TOO_SHORT);
		return answer(res, 403, { error: EVENTS_SECRET_TOO_SHORT });
	}
	const given = this.getHeaderData()[EVENTS_SECRET_HEADER] ?? (this.getQueryData() as IDataObject)[EVENTS_SECRET_PARAM];
	if (!secretMatches(given, expected)) return answer(res, 401, { error: 'Missing or wrong events secret' });
	if (bodySize(this.getRequestObject() as never) > MAX_EVENT_BYTES) {
		return answer(res, 413, { error: `An event must be at most ${MAX_EVENT_BYTES} bytes` });
	}
	const event = readSignicatEvent(this.getBodyData());
	if (event.kind === 'reject') return answer(res, event.status, { error: event.error });
	if (event.kind === 'ignore') return answer(res, 200, { received: true, ignored: event.reason });

	const settings = await triggerSettingsOf(this);
	if ('problem' in settings) return answer(res, 503, { error: 'The itsme Trigger cannot start workflows now (its settings: see n8n\'s log); deliver this event again later' });
	const ownAccount = await credentialAccountId(this);
	if (ownAccount !== '' && event.accountId !== undefined && event.accountId !== ownAccount) {
		return answer(res, 200, { received: true, ignored: 'another account' });
	}

	const { sessionId } = event;
	let claim: Claim;
	try {
		// Meeting a callback of the same session being saved, the event waits for n8n's answer to it rather than being sent again.
		claim = await claimSession(this, sessionId, settings.accepts, undefined, WEBHOOK_SIGNICAT_BUDGET_MS);
	} catch (error) {
		if (isUnknownSession(error)) return answer(res, 200, { received: true, ignored: 'unknown session' });
		// 503 whatever the cause, so Signicat delivers again, e.g. once the client secret is corrected.
		const cause = warnUnreadSession(this, sessionId, error, ' for an event');
		return answer(res, 503, { error: `${SIGNICAT_FAILURE_TEXT[cause]}; deliver this event again later` });
	}
	switch (claim.kind) {
		case 'refused':
		case 'inProgress':
			return answer(res, 200, { received: true, ignored: 'session in progress' });
		case 'handled':
			// Another delivery is still emitting it after the wait: if n8n cannot save that execution, this one must bring it.
			if (!claim.confirmed) return answer(res, 503, { error: 'This session is being started by another delivery; deliver this event again later' });
			return answer(res, 200, { received: true, duplicate: true });
		case 'notOurs':
			this.logger.info(`itsme: an event named session ${sessionId}, which was not made for this trigger: nothing started`);
			return answer(res, 200, { received: true, ignored: 'session made for another flow' });
		case 'tooLate':
			rememberWithoutExecution(this, claim.session);
			return answer(res, 200, { received: true, ignored: 'session ended more than a day ago' });
	}
	if (!triggersOn(this, claim.session.status)) {
		rememberWithoutExecution(this, claim.session);
		return answer(res, 200, { received: true, emitted: false });
	}
	// n8n sends this answer: n8n 2.x only once it has saved the execution, or a 5xx when it cannot.
	return emitOnceSaved(this, res, sessionId, {
		workflowData: sessionOutput(claim.session, settings.flatten, 'event'),
		webhookResponse: { received: true, emitted: true },
	});
}
