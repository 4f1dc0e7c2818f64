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
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { badPageUrl, finalPageOptions } from '../shared/browser/pageOptions';
import { flattenOptionsOf, personalDataOptions } from '../shared/identity/personalDataOptions';
import { receiveCallback } from './callbackDelivery';
import { receiveEvent } from './eventDelivery';
import { EVENTS_SECRET_HEADER, EVENTS_SECRET_MIN_LENGTH, EVENTS_SECRET_PARAM } from './eventsSecret';
import { browserWebhookResponse, lastNodeAnswerNotice, lastNodeAnswerOption } from './lastNodeAnswer';
import { triggerStep } from './triggerStep';

/** Where the details the editor's notices leave out are: the README (the builder's) and the operator's guide. */
const README_URL = 'https://github.com/n8n-nodes-signicat-itsme/n8n-nodes-signicat-itsme';
const OPERATING_URL = `${README_URL}/blob/main/docs/operating.md`;


/**
 * The webhook that takes Signicat's event deliveries; the 'default' ones take browsers. n8n's types
 * allow only the names 'default' and 'setup' (its Form and Chat Triggers use 'setup' for their second webhook).
 */
const EVENTS_WEBHOOK = 'setup';

const nothingToRegister = {
	// Activation is refused while a setting would keep the trigger from starting anything (a redirect
	// or start-again URL that is not http(s), a hash key too short): the team sees it once, in the
	// editor, instead of every person and every event meeting it later.
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const problem = badPageUrl(options);
		if (problem) throw new NodeOperationError(this.getNode(), problem);
		await flattenOptionsOf(this, options, 0);
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};

export class ItsmeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'itsme Trigger',
		name: 'itsmeTrigger',
		icon: { light: 'file:itsme.svg', dark: 'file:itsme.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1. n8n evaluates a Webhook-v1 option (`options.binaryData`) in its expression
		// isolate on every webhook call of a trigger at version 1 (`parseRequestBody`): about 10 ms of
		// its CPU per call, skipped from 1.1 on. Workflows made before keep 1.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ "On " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when a person finishes itsme, with their verified identity',
		defaults: { name: 'itsme Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'signicatApi', required: true }],
		// The editor lists two URLs: GET …/itsme (the callback URL) and POST …/events (the Events URL).
		webhooks: [
			{ name: 'default', httpMethod: 'GET', ...browserWebhookResponse, path: 'itsme' },
			// The same callback URL, for browsers that come back with a form post.
			{ name: 'default', httpMethod: 'POST', ...browserWebhookResponse, path: 'itsme', ndvHideUrl: true },
			// The node answers each delivery itself, but n8n sends the answer of one that starts an execution
			// (n8n 2.x once it has saved it); an empty responseData makes that the node's own answer.
			{ name: EVENTS_WEBHOOK, httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'events' },
		],
		properties: [
			{
				displayName:
					'Copy the Production URL above that ends in <b>/itsme</b> into the <b>Trigger URL</b> field of the itsme Session node that creates the sessions. People come back here from itsme when they finish.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				// Plain words for the editor; the details (event names, 403 while no secret) are in the README.
				displayName: `Optional, so that no result is lost when someone never comes back to the browser: set an <b>Events Secret</b> of at least ${EVENTS_SECRET_MIN_LENGTH} characters in the Signicat API credential, then in the Signicat Dashboard (Settings → Events) add the Production URL that ends in <b>/events</b>, sending that secret in the header <b>${EVENTS_SECRET_HEADER}</b> (or, where the Dashboard allows no header, after the URL as <b>?${EVENTS_SECRET_PARAM}=</b>). Until the credential has such a secret, the /events URL accepts nothing. <a href="${README_URL}#setting-up-signicat-events" target="_blank">Step by step</a>`,
				name: 'eventsNotice',
				type: 'notice',
				default: '',
			},
			{
				// What a builder must do; why, and the setups where a result can arrive twice, are in the operator's guide.
				displayName: `Each finished verification starts this workflow once, as a rule. Save the result keyed on <b>sessionId</b> (e.g. the Data Table node's <b>Upsert</b>, matching on sessionId), so that a result arriving twice changes nothing. <a href="${OPERATING_URL}#once-per-session-and-after-a-restart" target="_blank">Why</a>`,
				name: 'onceNotice',
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
					lastNodeAnswerOption,
				],
			},
			lastNodeAnswerNotice,
			{
				displayName: 'Accepted Sessions',
				name: 'acceptedSessions',
				type: 'options',
				default: 'thisTrigger',
				options: [
					{
						name: 'Only Those Made for This Trigger',
						value: 'thisTrigger',
						description:
							'Sessions whose callback URLs point at this trigger (itsme Session node, Callbacks: Trigger URL). Others of the account start nothing here, whether a callback or an event names them: they are left to their own flow, e.g. Wait for Completion.',
					},
					{
						name: 'Every Session of the Account',
						value: 'all',
						description:
							'Also sessions made elsewhere, with other callback URLs (your own site, other systems). Anyone who knows the ID of such a finished session can then start this workflow with it.',
					},
				],
				description: 'Which sessions start this workflow, whether the browser (callback URL) or a Signicat event (Events URL) names them',
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

	// Nothing to register at Signicat: each session names its callback URLs, and the Events
	// subscription is made in the Signicat Dashboard. The memory of handled sessions outlives
	// deactivation, so replays after a reactivation stay harmless.
	webhookMethods = { default: nothingToRegister, [EVENTS_WEBHOOK]: nothingToRegister };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return triggerStep(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() === EVENTS_WEBHOOK) return await receiveEvent.call(this);
		return await receiveCallback.call(this);
	}
}
