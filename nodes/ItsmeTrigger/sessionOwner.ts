import type { IWebhookFunctions } from 'n8n-workflow';

import type { SignicatSession } from '../shared/api/schemas';

/**
 * Whether a session was made for this trigger: one of its callback URLs is this trigger's callback
 * URL. Only the end of the path counts (`/<webhook id>/itsme`), so the host and prefix the Session
 * node was given (a proxy, another port, n8n's test URL) do not matter.
 */
export function sessionMadeFor(context: IWebhookFunctions): (session: SignicatSession) => boolean {
	const webhookId = context.getNode().webhookId;
	// Without a webhook id, n8n's path is <workflow id>/<node name>/itsme after its webhook prefix.
	const own = webhookId
		? `${webhookId}/itsme`
		: new URL(context.getNodeWebhookUrl('default') ?? 'http://invalid/').pathname.split('/').slice(2).join('/');
	return (session) =>
		own !== '' &&
		Object.values(session.callbackUrls ?? {}).some(
			(url) => typeof url === 'string' && URL.canParse(url) && new URL(url).pathname.endsWith(`/${own}`),
		);
}

/**
 * The sessions this trigger takes, from callbacks and events alike ("Accepted Sessions"): by default
 * only those made for it, so a finished session of the same account made for another flow (a login,
 * another workflow, your own site) starts nothing here, whoever brings its id to either URL.
 * `undefined`: every session of the account.
 */
export function acceptedSessions(context: IWebhookFunctions): ((session: SignicatSession) => boolean) | undefined {
	return context.getNodeParameter('acceptedSessions', 'thisTrigger') === 'all' ? undefined : sessionMadeFor(context);
}
