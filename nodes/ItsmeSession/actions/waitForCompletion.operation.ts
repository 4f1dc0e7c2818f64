import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fetchSession } from '../../shared/api/fetchSession';
import type { SignicatSession } from '../../shared/api/schemas';
import { IN_PROGRESS_STATUSES } from '../../shared/api/schemas';
import { sessionIdOf } from '../../shared/api/sessionId';
import type { BrowserResponse } from '../../shared/browser/answer';
import {
	answerFinalStatus,
	FINAL_STATUSES,
	finalPage,
	pageLanguage,
	sendBuiltInPage,
	sendPage,
	STATUS_PARAM,
} from '../../shared/browser/answer';
import { badPageUrl, finalPageOptions } from '../../shared/browser/pageOptions';
import { answerInProgress, answerUnreadSession } from '../../shared/browser/sessionPages';
import { claimedOutcome } from '../../shared/callbacks/callbackUrls';
import { flattenSession } from '../../shared/identity/flattenSession';
import { errorItem, readItemInputs } from '../items/runPerItem';
import { flattenOptionsOf, personalDataOptions } from '../../shared/identity/personalDataOptions';
import { sessionIdInput } from '../items/sessionIdInput';
import { forOperation, optionsProperty, sessionIdProperty } from './common';

/** The webhook that shows the final page (n8n names webhooks 'default' or 'setup' only). */
const FINAL_PAGE_WEBHOOK = 'setup';

/**
 * n8n's own URL of a waiting execution (/webhook-waiting/<execution id>), as its Wait node uses:
 * nothing is registered with Signicat, so there is no webhook lifecycle to manage.
 * Once the execution has finished, n8n answers that URL with an error body of its own; so after the
 * resume the browser is sent on to the final page, a production URL of this node that keeps answering
 * (refresh, back, forward). Only Wait for Completion nodes have it, and only once published: n8n
 * builds the workflow as active when it registers production webhooks, and as inactive for test
 * webhooks, so a run in the editor never waits for a call to it (an empty method registers nothing).
 */
export const webhooks: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: '', restartWebhook: true },
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '', restartWebhook: true },
	{
		name: FINAL_PAGE_WEBHOOK,
		httpMethod: '={{ $parameter["operation"] === "wait" && $workflow.active ? "GET" : "" }}',
		responseMode: 'onReceived',
		path: 'itsme-result',
		ndvHideUrl: true,
	},
];

const DEFAULT_LIFETIME_SECONDS = 1200;

export const description: INodeProperties[] = [
	{
		displayName:
			'Use after a Create Session whose Callbacks are "Resume This Workflow": the workflow waits here until the person is back from itsme.',
		name: 'waitNotice',
		type: 'notice',
		default: '',
		displayOptions: forOperation('wait'),
	},
	sessionIdProperty('wait', 'The session created before this node', '={{ $json.sessionId }}'),
	optionsProperty('wait', [
		{
			displayName: 'Grace Period (Minutes)',
			name: 'graceMinutes',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1440 },
			default: 5,
			description: 'How long to keep waiting after the session has expired before the workflow goes on without the person',
		},
		...finalPageOptions,
		...personalDataOptions,
	]),
];

/** Puts the execution to wait until the person's browser comes back through a callback URL. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length !== 1) {
		throw new NodeOperationError(
			this.getNode(),
			`Wait for Completion waits for one person per execution, but received ${items.length} items: start one execution per person`,
		);
	}
	const [checked] = await readItemInputs(this, (itemIndex) => {
		const sessionId = sessionIdInput(this, itemIndex);
		const urlProblem = badPageUrl(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
		if (urlProblem) throw new NodeOperationError(this.getNode(), urlProblem, { itemIndex });
		return sessionId;
	});
	if ('error' in checked) return [errorItem(checked.error, 0)];
	const expiresAt = Date.parse(String(items[0].json.expiresAt ?? ''));
	const deadline = Number.isFinite(expiresAt) ? expiresAt : Date.now() + DEFAULT_LIFETIME_SECONDS * 1000;
	const graceMinutes = this.getNodeParameter('options.graceMinutes', 0, 5) as number;
	await this.putExecutionToWait(new Date(deadline + graceMinutes * 60_000));
	// On timeout n8n passes this item on unchanged: the session is then still CREATED.
	return [{ json: items[0].json, pairedItem: { item: 0 } }];
}

/**
 * The person's browser is back. The query string only says which session to look at: the verified
 * result comes from Signicat. Anything that is not this execution's session, or not finished, does
 * not resume the workflow.
 */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject() as unknown as BrowserResponse;
	if (this.getWebhookName() === FINAL_PAGE_WEBHOOK) return answerFinalPage(this, res);
	const query = this.getQueryData() as IDataObject;
	// Any letter case names the same session (Signicat reads GUIDs as .NET does).
	const claimed = sessionIdOf(query.sessionId);
	if (claimed === undefined || claimed !== sessionIdOf(String(this.getNodeParameter('sessionId', '') ?? '').trim())) {
		sendBuiltInPage(res, 400, 'unknownLink', pageLanguage(this));
		return { noWebhookResponse: true };
	}

	// Checked before anything happens: a bad setting must not answer the browser and then fail.
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const flatten = await flattenOptionsOf(this, options, 0);
	const session = await confirmCallbackSession(this, res, claimed);
	if (!session) return { noWebhookResponse: true };

	answerFinalStatus(res, session.id, session.status, options, pageLanguage(this, session), finalPageUrl(this));
	const record = flattenSession(session, flatten);
	const callbackOutcome = claimedOutcome(query);
	return {
		noWebhookResponse: true,
		workflowData: [[{ json: { ...record, ...(callbackOutcome ? { callbackOutcome } : {}) }, pairedItem: { item: 0 } }]],
	};
}

/**
 * A browser came back through a callback URL: read the session from Signicat. When there is no
 * final answer yet, the browser is answered here and nothing is returned.
 */
async function confirmCallbackSession(context: IWebhookFunctions, res: BrowserResponse, sessionId: string): Promise<SignicatSession | undefined> {
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

/**
 * n8n serves the final page only for a published workflow, which is what executions started by a
 * trigger run; a manual run in the editor gets the page at once, at the resume URL. (n8n 2.x does not
 * tell a resumed execution whether its workflow is active.)
 */
const PUBLISHED_MODES: WorkflowExecuteMode[] = ['webhook', 'trigger'];
const finalPageUrl = (context: IWebhookFunctions): string | undefined =>
	PUBLISHED_MODES.includes(context.getMode()) ? context.getNodeWebhookUrl(FINAL_PAGE_WEBHOOK) : undefined;

/**
 * The final page: the same words on every visit, from the status and language in its URL alone;
 * nothing is read, nothing personal shown.
 */
function answerFinalPage(context: IWebhookFunctions, res: BrowserResponse): IWebhookResponseData {
	const status = String((context.getQueryData() as IDataObject)[STATUS_PARAM] ?? '');
	const language = pageLanguage(context);
	if (FINAL_STATUSES.includes(status)) {
		sendPage(res, 200, finalPage(status, context.getNodeParameter('options', {}) as IDataObject, language), language);
	} else {
		sendBuiltInPage(res, 404, 'unknownLink', language);
	}
	return { noWebhookResponse: true };
}
