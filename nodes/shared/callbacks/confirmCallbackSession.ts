import type { IWebhookFunctions } from 'n8n-workflow';

import type { SignicatSession } from '../api/schemas';
import { IN_PROGRESS_STATUSES, sessionSchema } from '../api/schemas';
import type { SignicatFailure } from '../api/signicatFailure';
import { signicatFailureOf } from '../api/signicatFailure';
import { credentialClientKey } from '../api/executionCredential';
import { signicatRequest } from '../api/signicatRequest';
import { isRecentlyUnknown, OtherSessionError, rememberUnknown, RecentlyUnknownSessionError } from '../api/unknownSessions';
import { WEBHOOK_SIGNICAT_BUDGET_MS } from '../api/webhookBudget';
import type { BrowserResponse } from '../browser/answer';
import { pageLanguage, sendBuiltInPage } from '../browser/answer';
import { TEXTS } from '../browser/texts';

export const isUnknownSession = (error: unknown): boolean => (error as { httpCode?: string }).httpCode === '404';

/**
 * Reads a session from Signicat, the only source of truth about its status and person, inside a
 * webhook call: within WEBHOOK_SIGNICAT_BUDGET_MS whatever Signicat does. An id that Signicat did
 * not know a moment ago is not asked about again (see unknownSessions).
 */
export async function fetchSession(context: IWebhookFunctions, sessionId: string): Promise<SignicatSession> {
	const key = `${await credentialClientKey(context)}:${sessionId}`;
	if (isRecentlyUnknown(key)) throw new RecentlyUnknownSessionError();
	const call = { method: 'GET' as const, path: `/sessions/${sessionId}`, itemIndex: 0, budgetMs: WEBHOOK_SIGNICAT_BUDGET_MS };
	const session = await signicatRequest(context, call, sessionSchema).catch((error: unknown) => {
		if (isUnknownSession(error)) rememberUnknown(key);
		throw error;
	});
	// Only the session asked about is ever taken for it, whatever answered.
	if (session.id.toLowerCase() !== sessionId.toLowerCase()) throw new OtherSessionError();
	return session;
}

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

/**
 * Tells the team in n8n's log why a session could not be read (its cause, never a secret), and
 * returns that cause; `via` names the channel when it is not the browser's callback.
 */
export function warnUnreadSession(context: IWebhookFunctions, sessionId: string, error: unknown, via = ''): SignicatFailure {
	const cause = signicatFailureOf(error);
	context.logger.warn(`itsme: could not read session ${sessionId} from Signicat${via} (${cause}): ${(error as Error).message}`);
	return cause;
}

/** The browser's answer while the person has not finished in itsme yet: a way back to itsme. */
export function answerInProgress(context: IWebhookFunctions, res: BrowserResponse, session: SignicatSession): void {
	const language = pageLanguage(context, session);
	const { authenticationUrl } = session;
	sendBuiltInPage(res, 409, 'notFinished', language, authenticationUrl ? { href: authenticationUrl, label: TEXTS[language].continueInItsme } : undefined);
}

/**
 * A browser came back through a callback URL: read the session from Signicat. When there is no
 * final answer yet, the browser is answered here and nothing is returned.
 */
export async function confirmCallbackSession(
	context: IWebhookFunctions,
	res: BrowserResponse,
	sessionId: string,
): Promise<SignicatSession | undefined> {
	let session: SignicatSession;
	try {
		session = await fetchSession(context, sessionId);
	} catch (error) {
		answerUnreadSession(context, res, sessionId, error);
		return undefined;
	}
	if (IN_PROGRESS_STATUSES.includes(session.status)) {
		answerInProgress(context, res, session);
		return undefined;
	}
	return session;
}
