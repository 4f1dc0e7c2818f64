import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isUnknownSession } from '../shared/api/fetchSession';
import { sessionIdOf } from '../shared/api/sessionId';
import type { BrowserResponse } from '../shared/browser/answer';
import {
	answerFinalStatus,
	FINAL_STATUSES,
	finalPage,
	finalStatusLocation,
	pageLanguage,
	redirectHeaders,
	sendBuiltInPage,
	sendPage,
	STATUS_PARAM,
	THIS_PATH,
} from '../shared/browser/answer';
import { claimedOutcome } from '../shared/callbacks/callbackUrls';
import { answerInProgress, answerNotConfirmedYet, answerUnknownSession, answerUnreadSession } from '../shared/browser/sessionPages';
import { LINK_TOKEN_PARAM } from '../shared/callbacks/linkToken';
import type { Claim } from './claimSession';
import { claimSession, emitOnceSaved, rememberWithoutExecution } from './claimSession';
import { LAST_NODE_ANSWER } from './lastNodeAnswer';
import { bindLink, carriesToken, linkOf, mayRead, missLink } from './linkBudget';
import { triggerIdOf } from './sessionOwner';
import { sessionOutput, triggersOn } from './triggerOutput';
import { triggerSettingsOf } from './triggerSettings';

const answered: IWebhookResponseData = { noWebhookResponse: true };

/**
 * The person's browser came back through the trigger's callback URL. The URL only names a session;
 * it costs a Signicat read only when it carries a link token this n8n made (linkBudget), and what is
 * emitted is what Signicat says.
 */
export async function receiveCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject() as unknown as BrowserResponse;
	const query = this.getQueryData() as IDataObject;
	const body = (this.getBodyData() ?? {}) as IDataObject;
	const named = query.sessionId ?? body.sessionId;
	// Where an emitting callback sends the browser: the final page, from the status and language in
	// its URL alone, the same on every refresh; nothing is read.
	if (named === undefined && FINAL_STATUSES.includes(String(query[STATUS_PARAM]))) {
		const language = pageLanguage(this);
		sendPage(res, 200, finalPage(String(query[STATUS_PARAM]), this.getNodeParameter('options', {}) as IDataObject, language), language);
		return answered;
	}
	const sessionId = sessionIdOf(named);
	if (sessionId === undefined) {
		sendBuiltInPage(res, 400, 'unknownLink', pageLanguage(this));
		return answered;
	}
	const settings = await triggerSettingsOf(this);
	if ('problem' in settings) {
		answerNotConfirmedYet(this, res);
		return answered;
	}

	const trigger = triggerIdOf(this);
	const link = linkOf(settings.linkKey, query[LINK_TOKEN_PARAM] ?? body[LINK_TOKEN_PARAM], trigger);
	// A link's token serves its own session: the session read must carry that very token.
	const accepts = (session: Parameters<typeof settings.accepts>[0]) => (link.kind !== 'token' || carriesToken(session, link.token)) && settings.accepts(session);
	let claim: Claim;
	try {
		claim = await claimSession(this, sessionId, accepts, () => mayRead(link, sessionId, `${this.getWorkflow().id}:${trigger}`));
	} catch (error) {
		if (isUnknownSession(error)) missLink(link);
		answerUnreadSession(this, res, sessionId, error);
		return answered;
	}
	const { options, flatten } = settings;
	switch (claim.kind) {
		case 'refused':
			// A stranger's made-up id, or a link whose reads are spent: nothing read, nothing told.
			answerUnknownSession(this, res);
			return answered;
		case 'notOurs':
			missLink(link);
			this.logger.info(`itsme: a callback named session ${sessionId}, which was not made for this trigger: nothing started`);
			// A session made for another flow is no verification of this trigger: the browser learns nothing about it.
			answerUnknownSession(this, res);
			return answered;
		case 'inProgress':
			bindLink(link, sessionId);
			answerInProgress(this, res, claim.session);
			return answered;
		case 'handled':
			answerFinalStatus(res, sessionId, claim.status, options, pageLanguage(this));
			return answered;
		case 'tooLate':
			rememberWithoutExecution(this, claim.session);
			this.logger.info(`itsme: session ${sessionId} ended more than a day ago: its late callback starts nothing`);
			answerFinalStatus(res, sessionId, claim.session.status, options, pageLanguage(this, claim.session));
			return answered;
	}

	bindLink(link, sessionId);
	const { session } = claim;
	const language = pageLanguage(this, session);
	if (!triggersOn(this, session.status)) {
		rememberWithoutExecution(this, session);
		answerFinalStatus(res, sessionId, session.status, options, language);
		return answered;
	}
	const callbackOutcome = claimedOutcome(query);
	const workflowData = sessionOutput(session, flatten, 'callback', callbackOutcome ? { callbackOutcome } : {});
	if (this.getNodeParameter('browserAnswer', 'page') === LAST_NODE_ANSWER) {
		// n8n answers with the workflow's page once it has finished.
		return emitOnceSaved(this, res, sessionId, { workflowData }, true);
	}
	// A test URL answers one call only, so there the page itself, at once (n8n saves nothing of a test run anyway).
	if (this.getMode() === 'manual') {
		answerFinalStatus(res, sessionId, session.status, options, language);
		return emitOnceSaved(this, res, sessionId, { workflowData, noWebhookResponse: true });
	}
	// The redirect to the final page (or the team's URL), which n8n sends: n8n 2.x once it has saved the execution.
	const location = finalStatusLocation(sessionId, session.status, options, language, THIS_PATH) as string;
	for (const [name, value] of Object.entries(redirectHeaders(location))) res.setHeader(name, value);
	return emitOnceSaved(this, res, sessionId, { workflowData, webhookResponse: '' });
}
