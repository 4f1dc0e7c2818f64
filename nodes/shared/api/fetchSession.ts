import type { IWebhookFunctions } from 'n8n-workflow';

import { credentialClientKey } from './executionCredential';
import type { SignicatSession } from './schemas';
import { sessionSchema } from './schemas';
import type { SignicatFailure } from './signicatFailure';
import { signicatFailureOf } from './signicatFailure';
import { signicatRequest } from './signicatRequest';
import { isRecentlyUnknown, OtherSessionError, rememberUnknown, RecentlyUnknownSessionError } from './unknownSessions';
import { WEBHOOK_SIGNICAT_BUDGET_MS } from './webhookBudget';

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

/**
 * Tells the team in n8n's log why a session could not be read (its cause, never a secret), and
 * returns that cause; `via` names the channel when it is not the browser's callback.
 */
export function warnUnreadSession(context: IWebhookFunctions, sessionId: string, error: unknown, via = ''): SignicatFailure {
	const cause = signicatFailureOf(error);
	context.logger.warn(`itsme: could not read session ${sessionId} from Signicat${via} (${cause}): ${(error as Error).message}`);
	return cause;
}
