import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { SignicatSession } from '../shared/api/schemas';
import { outcomeOfStatus } from '../shared/browser/answer';
import type { FlattenOptions } from '../shared/identity/flattenSession';
import { flattenSession } from '../shared/identity/flattenSession';

/** The channel that brought a session to the trigger: the person's browser, or a Signicat event. */
export type DeliveredBy = 'callback' | 'event';

/** Whether "Trigger On" asks for sessions that ended with this status. */
export function triggersOn(context: IWebhookFunctions, status: string): boolean {
	const events = context.getNodeParameter('events', []) as string[];
	return events.includes(outcomeOfStatus(status));
}

/** The one item a handled session starts the workflow with, whichever channel brought it. */
export function sessionOutput(
	session: SignicatSession,
	flatten: FlattenOptions,
	deliveredBy: DeliveredBy,
	extra: IDataObject = {},
): INodeExecutionData[][] {
	return [[{ json: { ...flattenSession(session, flatten), ...extra, deliveredBy }, pairedItem: { item: 0 } }]];
}
