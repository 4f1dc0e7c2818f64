import type { IWebhookFunctions } from 'n8n-workflow';

import { isUnknownSession, warnUnreadSession } from '../api/fetchSession';
import type { SignicatSession } from '../api/schemas';
import type { BrowserResponse } from './answer';
import { pageLanguage, sendBuiltInPage } from './answer';
import { TEXTS } from './texts';

/** The browser's answer for a session Signicat does not know, or one this callback does not take. */
export function answerUnknownSession(context: IWebhookFunctions, res: BrowserResponse): void {
	sendBuiltInPage(res, 404, 'unknownLink', pageLanguage(context));
}

/**
 * The browser's answer when the session could not be read: unknown, or not readable now (Signicat
 * down or slow, our credentials refused): a page that is true for every cause, with a button that
 * asks again (nothing is lost). The cause goes to n8n's log for the team.
 */
export function answerUnreadSession(context: IWebhookFunctions, res: BrowserResponse, sessionId: string, error: unknown): void {
	const language = pageLanguage(context);
	if (isUnknownSession(error)) {
		answerUnknownSession(context, res);
		return;
	}
	warnUnreadSession(context, sessionId, error);
	answerNotConfirmedYet(context, res, language);
}

/** "We could not confirm your identity yet": true whatever the cause, with a button that asks again. */
export function answerNotConfirmedYet(context: IWebhookFunctions, res: BrowserResponse, language = pageLanguage(context)): void {
	const request = context.getRequestObject() as { originalUrl?: string; url?: string };
	const retryUrl = request.originalUrl ?? request.url;
	sendBuiltInPage(res, 503, 'notConfirmedYet', language, retryUrl ? { href: retryUrl, label: TEXTS[language].checkAgain } : undefined);
}

/** The browser's answer while the person has not finished in itsme yet: a way back to itsme. */
export function answerInProgress(context: IWebhookFunctions, res: BrowserResponse, session: SignicatSession): void {
	const language = pageLanguage(context, session);
	const { authenticationUrl } = session;
	sendBuiltInPage(res, 409, 'notFinished', language, authenticationUrl ? { href: authenticationUrl, label: TEXTS[language].continueInItsme } : undefined);
}
