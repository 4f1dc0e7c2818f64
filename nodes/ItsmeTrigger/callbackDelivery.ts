import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isSessionId } from '../shared/api/sessionId';
import type { BrowserResponse } from '../shared/browser/answer';
import { answerFinalStatus, pageLanguage, sendBuiltInPage } from '../shared/browser/answer';
import { claimedOutcome } from '../shared/callbacks/callbackUrls';
import { answerInProgress, answerUnknownSession, answerUnreadSession } from '../shared/callbacks/confirmCallbackSession';
import { flattenOptionsOf } from '../shared/identity/personalDataOptions';
import type { Claim } from './claimSession';
import { claimSession } from './claimSession';
import { LAST_NODE_ANSWER } from './lastNodeAnswer';
import { acceptedSessions } from './sessionOwner';
import { sessionOutput, triggersOn } from './triggerOutput';

/** The person's browser came back through the trigger's callback URL. */
export async function receiveCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject() as unknown as BrowserResponse;
	const query = this.getQueryData() as IDataObject;
	const body = (this.getBodyData() ?? {}) as IDataObject;
	const sessionId = String(query.sessionId ?? body.sessionId ?? '');
	// The URL only says which session to look at; anything but a session id is turned away unread.
	if (!isSessionId(sessionId)) {
		sendBuiltInPage(res, 400, 'unknownLink', pageLanguage(this));
		return { noWebhookResponse: true };
	}

	const options = this.getNodeParameter('options', {}) as IDataObject;
	// Checked before anything happens: a bad setting must not leave a session handled but not emitted.
	const flatten = await flattenOptionsOf(this, options, 0);
	const answeredByLastNode = this.getNodeParameter('browserAnswer', 'page') === LAST_NODE_ANSWER;

	let claim: Claim;
	try {
		claim = await claimSession(this, sessionId, acceptedSessions(this));
	} catch (error) {
		answerUnreadSession(this, res, sessionId, error);
		return { noWebhookResponse: true };
	}
	if (claim.kind === 'inProgress') {
		answerInProgress(this, res, claim.session);
		return { noWebhookResponse: true };
	}
	// A session made for another flow is no verification of this trigger: the browser learns nothing about it.
	if (claim.kind === 'notOurs') {
		answerUnknownSession(this, res);
		return { noWebhookResponse: true };
	}
	if (claim.kind === 'handled') {
		answerFinalStatus(res, sessionId, claim.status, options, pageLanguage(this));
		return { noWebhookResponse: true };
	}

	const { session } = claim;
	const emit = triggersOn(this, session.status);
	if (!answeredByLastNode || !emit) answerFinalStatus(res, sessionId, session.status, options, pageLanguage(this, session));
	if (!emit) return { noWebhookResponse: true };
	const callbackOutcome = claimedOutcome(query);
	return {
		noWebhookResponse: !answeredByLastNode,
		workflowData: sessionOutput(session, flatten, 'callback', callbackOutcome ? { callbackOutcome } : {}),
	};
}
