import type { IWebhookFunctions } from 'n8n-workflow';

import type { SignicatSession } from './api/schemas';
import { IN_PROGRESS_STATUSES, sessionSchema } from './api/schemas';
import { signicatRequest } from './api/signicatRequest';
import type { BrowserResponse } from './browserAnswer';
import { sendPage } from './browserAnswer';

/** Reads a session from Signicat, the only source of truth about its status and person. */
export const fetchSession = async (context: IWebhookFunctions, sessionId: string): Promise<SignicatSession> =>
	await signicatRequest(context, { method: 'GET', path: `/sessions/${sessionId}`, itemIndex: 0 }, sessionSchema);

export const isUnknownSession = (error: unknown): boolean => (error as { httpCode?: string }).httpCode === '404';

/** The browser's answer when the session could not be read: unknown, or Signicat unreachable (retry page, nothing is lost). */
export function answerUnreadSession(context: IWebhookFunctions, res: BrowserResponse, sessionId: string, error: unknown): void {
	if (isUnknownSession(error)) {
		sendPage(res, 404, { title: 'Unknown verification', message: 'This verification does not exist.' });
		return;
	}
	context.logger.warn(`itsme: could not read session ${sessionId} from Signicat: ${(error as Error).message}`);
	const request = context.getRequestObject() as { originalUrl?: string; url?: string };
	sendPage(res, 503, {
		title: 'We could not confirm your identity yet',
		message: 'Signicat did not answer in time. Please try again in a moment.',
		retryUrl: request.originalUrl ?? request.url,
	});
}

/** The browser's answer while the person has not finished in itsme yet. */
export function answerInProgress(res: BrowserResponse, session: SignicatSession): void {
	sendPage(res, 409, {
		title: 'Verification not finished',
		message: 'Please finish the verification in itsme first.',
		retryUrl: session.authenticationUrl,
	});
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
		answerInProgress(res, session);
		return undefined;
	}
	return session;
}
