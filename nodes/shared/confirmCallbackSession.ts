import type { IWebhookFunctions } from 'n8n-workflow';

import type { SignicatSession } from './api/schemas';
import { IN_PROGRESS_STATUSES, sessionSchema } from './api/schemas';
import { signicatRequest } from './api/signicatRequest';
import type { BrowserResponse } from './browserAnswer';
import { sendPage } from './browserAnswer';

/**
 * A browser came back through a callback URL: read the session from Signicat, the only source of
 * truth. When there is no final answer yet, the browser is answered here and nothing is returned:
 * Signicat unreachable (retry page, nothing is lost) or the session still in progress.
 */
export const fetchSession = async (context: IWebhookFunctions, sessionId: string): Promise<SignicatSession> =>
	await signicatRequest(context, { method: 'GET', path: `/sessions/${sessionId}`, itemIndex: 0 }, sessionSchema);

export async function confirmCallbackSession(
	context: IWebhookFunctions,
	res: BrowserResponse,
	sessionId: string,
	read: () => Promise<SignicatSession> = async () => await fetchSession(context, sessionId),
): Promise<SignicatSession | undefined> {
	let session: SignicatSession;
	try {
		session = await read();
	} catch (error) {
		if ((error as { httpCode?: string }).httpCode === '404') {
			sendPage(res, 404, { title: 'Unknown verification', message: 'This verification does not exist.' });
			return undefined;
		}
		context.logger.warn(`itsme: could not read session ${sessionId} from Signicat: ${(error as Error).message}`);
		const request = context.getRequestObject() as { originalUrl?: string; url?: string };
		sendPage(res, 503, {
			title: 'We could not confirm your identity yet',
			message: 'Signicat did not answer in time. Please try again in a moment.',
			retryUrl: request.originalUrl ?? request.url,
		});
		return undefined;
	}
	if (IN_PROGRESS_STATUSES.includes(session.status)) {
		sendPage(res, 409, {
			title: 'Verification not finished',
			message: 'Please finish the verification in itsme first.',
			retryUrl: session.authenticationUrl,
		});
		return undefined;
	}
	return session;
}
