import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { isUuid } from '../shared/api/schemas';
import type { BrowserResponse } from '../shared/browserAnswer';
import { answerFinalStatus, finalPageOptions, OUTCOME_OF_STATUS, sendPage } from '../shared/browserAnswer';
import { passOnWithTestRunHint } from '../shared/callbackHints';
import { OUTCOME_PARAM } from '../shared/callbackUrls';
import { confirmCallbackSession, fetchSession } from '../shared/confirmCallbackSession';
import { flattenSession } from '../shared/identity/flattenSession';
import { flattenOptionsOf, personalDataOptions } from '../shared/personalDataOptions';
import { handledSessionsIn, handledSessionsInProcess, onceAtATime } from './handledSessions';

const fromWorkflow = { show: { browserAnswer: ['workflow'] } };

export class ItsmeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'itsme Trigger',
		name: 'itsmeTrigger',
		icon: { light: 'file:itsme.svg', dark: 'file:itsme.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "On " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when a person comes back from itsme, with their verified identity',
		defaults: { name: 'itsme Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'signicatApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: '={{ $parameter["browserAnswer"] === "workflow" ? "responseNode" : "onReceived" }}',
				path: 'itsme',
			},
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{ $parameter["browserAnswer"] === "workflow" ? "responseNode" : "onReceived" }}',
				path: 'itsme',
			},
		],
		properties: [
			{
				displayName:
					'Paste this node\'s Production URL into the "Trigger URL" of an itsme Session node (Callbacks: Trigger URL). Signicat sends the person\'s browser here when they finish.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['success', 'abort', 'error'],
				options: [
					{ name: 'Success', value: 'success', description: 'The person was verified' },
					{ name: 'Abort', value: 'abort', description: 'The person cancelled, or the session was cancelled or expired' },
					{ name: 'Error', value: 'error', description: 'The itsme app or Signicat reported an error' },
				],
			},
			{
				displayName: "Answer to the Person's Browser",
				name: 'browserAnswer',
				type: 'options',
				default: 'page',
				options: [
					{ name: 'Built-In Page or Redirect', value: 'page', description: 'A small page, or a redirect to your URL per outcome (options)' },
					{ name: 'Respond From the Workflow', value: 'workflow', description: 'A "Respond to Webhook" node in this workflow answers' },
				],
			},
			{
				displayName: 'Add a "Respond to Webhook" node to this workflow to answer the person\'s browser',
				name: 'respondNotice',
				type: 'notice',
				default: '',
				displayOptions: fromWorkflow,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [...finalPageOptions, ...personalDataOptions],
			},
		],
	};

	// Nothing is registered at Signicat (each session names its callback URLs); the lifecycle only
	// prepares the memory of handled sessions, which outlives deactivation so replays stay harmless.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return this.getWorkflowStaticData('node').handledSessions !== undefined;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				handledSessionsIn(this.getWorkflowStaticData('node'));
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return passOnWithTestRunHint(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject() as unknown as BrowserResponse;
		const query = this.getQueryData() as IDataObject;
		const body = (this.getBodyData() ?? {}) as IDataObject;
		const sessionId = String(query.sessionId ?? body.sessionId ?? '');
		// The URL only says which session to look at; anything but a session id is turned away unread.
		if (!isUuid(sessionId)) {
			sendPage(res, 400, { title: 'Unknown verification', message: 'This link does not belong to a verification.' });
			return { noWebhookResponse: true };
		}

		const options = this.getNodeParameter('options', {}) as IDataObject;
		// Checked before anything happens: a bad setting must not leave a session handled but not emitted.
		const flatten = flattenOptionsOf(this, options, 0);
		const respondFromWorkflow = this.getNodeParameter('browserAnswer', 'page') === 'workflow';
		const scope = `${this.getWorkflow().id}:${this.getNode().id}`;
		const stored = handledSessionsIn(this.getWorkflowStaticData('node'));
		const inProcess = handledSessionsInProcess(scope);
		const alreadyHandled = inProcess.statusOf(sessionId) ?? stored.statusOf(sessionId);
		if (alreadyHandled !== undefined) {
			answerFinalStatus(res, sessionId, alreadyHandled, options);
			return { noWebhookResponse: true };
		}

		let first = true;
		const session = await confirmCallbackSession(this, res, sessionId, async () => {
			const shared = await onceAtATime(`${scope}:${sessionId}`, async () =>
				fetchSession(this, sessionId),
			);
			first = shared.first;
			return shared.result;
		});
		if (!session) return { noWebhookResponse: true };
		if (!first) {
			answerFinalStatus(res, sessionId, session.status, options);
			return { noWebhookResponse: true };
		}
		stored.remember(sessionId, session.status);
		inProcess.remember(sessionId, session.status);

		const events = this.getNodeParameter('events', []) as string[];
		const emit = events.includes(OUTCOME_OF_STATUS[session.status] ?? 'error');
		if (!respondFromWorkflow || !emit) answerFinalStatus(res, sessionId, session.status, options);
		if (!emit) return { noWebhookResponse: true };

		const record = flattenSession(session, flatten);
		const callbackOutcome = String(query[OUTCOME_PARAM] ?? query.status ?? '');
		return {
			noWebhookResponse: !respondFromWorkflow,
			workflowData: [[{ json: { ...record, callbackOutcome } }]],
		};
	}
}
