import type { IWebhookFunctions } from 'n8n-workflow';

import type { SignicatSession } from '../shared/api/schemas';

/**
 * Whether a session was made for this trigger: one of its callback URLs is this trigger's callback
 * URL. Only the path after n8n's webhook prefix counts (`/<webhook id>/itsme`), so the host the
 * Session node was given (behind a proxy, another port) and test or production URLs all match.
 */
export function sessionMadeFor(context: IWebhookFunctions): (session: SignicatSession) => boolean {
	const own = new URL(context.getNodeWebhookUrl('default') ?? 'http://invalid/').pathname.split('/').slice(2).join('/');
	return (session) =>
		own !== '' &&
		Object.values(session.callbackUrls ?? {}).some(
			(url) => typeof url === 'string' && URL.canParse(url) && new URL(url).pathname.endsWith(`/${own}`),
		);
}
