import type { IWebhookFunctions } from 'n8n-workflow';

import type { SignicatSession } from '../shared/api/schemas';
import { linkTokenOf, verifiedNonce } from '../shared/callbacks/linkToken';

/** The trigger's own name in link tokens and paths: its webhook id ('' on an n8n that gives none). */
export const triggerIdOf = (context: IWebhookFunctions): string => (context.getNode().webhookId ?? '').toLowerCase();

/**
 * Links made before link tokens existed (version 0.1.0) carry none: such a session is this trigger's
 * when a callback URL's path ends in `/<webhook id>/itsme` (a trailing slash allowed).
 */
function madeBeforeTokens(urls: string[], trigger: string): boolean {
	if (trigger === '' || urls.some((url) => linkTokenOf(url) !== undefined)) return false;
	return urls.some((url) => URL.canParse(url) && new URL(url).pathname.replace(/\/+$/, '').toLowerCase().endsWith(`/${trigger}/itsme`));
}

/**
 * Whether a session was made for this trigger: one of its callback URLs carries a link token this n8n
 * made for it (Create Session, Callbacks: Trigger URL). What the URLs' hosts and paths say does not
 * matter, so a proxy, another port or a trailing slash changes nothing.
 */
export function sessionMadeFor(context: IWebhookFunctions, key: Buffer): (session: SignicatSession) => boolean {
	const trigger = triggerIdOf(context);
	return (session) => {
		const urls = Object.values(session.callbackUrls ?? {}).filter((url): url is string => typeof url === 'string');
		return urls.some((url) => verifiedNonce(key, linkTokenOf(url), trigger) !== undefined) || madeBeforeTokens(urls, trigger);
	};
}

/**
 * The sessions this trigger takes, from callbacks and events alike ("Accepted Sessions"): by default
 * only those made for it, so a finished session of the same account made for another flow (a login,
 * another workflow, your own site) starts nothing here, whoever brings its id to either URL.
 */
export function acceptedSessions(context: IWebhookFunctions, key: Buffer): (session: SignicatSession) => boolean {
	return context.getNodeParameter('acceptedSessions', 'thisTrigger') === 'all' ? () => true : sessionMadeFor(context, key);
}
