import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { SignicatSession } from '../shared/api/schemas';
import { credentialLinkKey } from '../shared/api/executionCredential';
import type { FlattenOptions } from '../shared/identity/flattenSession';
import { flattenOptionsOf } from '../shared/identity/personalDataOptions';
import { acceptedSessions } from './sessionOwner';

/** What every delivery needs from the node's parameters and its credential. */
export interface TriggerSettings {
	options: IDataObject;
	flatten: FlattenOptions;
	/** The key of the callback links' tokens. */
	linkKey: Buffer;
	accepts: (session: SignicatSession) => boolean;
}

const REPORTED_LIMIT = 1000;
const reported = new Set<string>();

/**
 * Tells the team once (per process, trigger and problem) in n8n's log that the trigger's settings
 * keep it from starting anything. Anyone can call the trigger's URLs: a problem of the team's is
 * answered to the caller without an execution, never as one failed execution per request.
 */
export function reportSettingsProblem(context: IWebhookFunctions, problem: string): void {
	const key = `${context.getWorkflow().id}:${context.getNode().id}:${problem}`;
	if (reported.has(key)) return;
	if (reported.size >= REPORTED_LIMIT) reported.clear();
	reported.add(key);
	context.logger.error(
		`itsme Trigger "${context.getNode().name}" of workflow ${context.getWorkflow().id}: ${problem}. Until this is fixed it starts nothing: people get a "try again" page and Signicat's events a 503, so they are delivered again.`,
	);
}

/** The settings of this call, or the problem that keeps the trigger from using them (already reported). */
export async function triggerSettingsOf(context: IWebhookFunctions): Promise<TriggerSettings | { problem: string }> {
	try {
		const options = context.getNodeParameter('options', {}) as IDataObject;
		const flatten = await flattenOptionsOf(context, options, 0);
		const linkKey = await credentialLinkKey(context);
		return { options, flatten, linkKey, accepts: acceptedSessions(context, linkKey) };
	} catch (error) {
		const problem = (error as Error).message;
		reportSettingsProblem(context, problem);
		return { problem };
	}
}
