import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { credentialBaseUrl, credentialLinkKey } from '../../shared/api/executionCredential';
import { signicatRequest } from '../../shared/api/signicatRequest';
import { sessionSchema } from '../../shared/api/schemas';
import { readItemInputs, runPerItem } from '../items/runPerItem';
import { ITSME_ATTRIBUTES, ITSME_SERVICES } from './itsmeAttributes';
import { callbackUrlHints } from '../callbacks/callbackHints';
import type { CallbackMode } from '../../shared/callbacks/callbackUrls';
import { callbackUrlsFor } from '../../shared/callbacks/callbackUrls';
import { makeLinkToken, triggerOfUrl } from '../../shared/callbacks/linkToken';
import { placeTriggerUrl, thisN8n } from '../callbacks/triggerUrlHere';
import { withoutInTool } from '../toolVariant';
import { concurrencyOf, concurrencyOption, forOperation, optionsProperty } from './common';
import { buildSessionRequest } from './sessionRequest';

const show = forOperation('create');
const list = (attributes: readonly string[]) => attributes.join(', ');

export const description: INodeProperties[] = [
	{
		displayName: 'Verification Service',
		name: 'service',
		type: 'options',
		default: 'identification',
		displayOptions: show,
		options: [
			{
				name: 'Authentication',
				value: 'authentication',
				description: `Log a returning person in. Requests: ${list(ITSME_SERVICES.authentication)}.`,
			},
			{
				name: 'Identification',
				value: 'identification',
				description: `Onboard a person with verified data. Requests: ${list(ITSME_SERVICES.identification)}.`,
			},
			{ name: 'Custom', value: 'custom', description: 'Pick the itsme attributes yourself' },
		],
	},
	{
		displayName: 'Attributes',
		name: 'attributes',
		type: 'multiOptions',
		default: ['name', 'firstName', 'lastName'],
		displayOptions: { show: { operation: ['create'], service: ['custom'] } },
		options: ITSME_ATTRIBUTES.map(({ name, value }) => ({ name, value })),
		description: 'The verified data to ask the person for. The national number, birth date and address make it an Identification.',
	},
	{
		displayName: 'Flow',
		name: 'flow',
		type: 'options',
		default: 'redirect',
		displayOptions: show,
		options: [
			{ name: 'Redirect', value: 'redirect', description: "Send the person's browser to the authentication URL" },
			{ name: 'Headless (App2App)', value: 'headless', description: 'Your mobile app opens the itsme app itself' },
		],
	},
	...withoutInTool(
		{
			displayName: 'Callbacks',
			name: 'callbackMode',
			type: 'options',
			default: 'trigger',
			displayOptions: show,
			options: [
				{
					name: 'Trigger URL',
					value: 'trigger',
					description: 'Send the person to an itsme Trigger node, which starts a workflow with the result',
				},
				{ name: 'Custom URLs', value: 'custom', description: 'Your own success, abort and error pages' },
				{
					name: 'Resume This Workflow',
					value: 'resume',
					description: 'Continue this execution at a following "Wait for Completion" operation once the person is back',
				},
			],
		},
		['resume'],
	),
	{
		displayName: 'Trigger URL',
		name: 'triggerUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/webhook/6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f/itsme',
		description:
			"The Production URL shown in the itsme Trigger node, or just its path (/webhook/…/itsme), which means this n8n wherever the workflow is imported; the success, abort and error URLs are derived from it",
		displayOptions: { show: { operation: ['create'], callbackMode: ['trigger'] } },
	},
	...(['success', 'abort', 'error'] as const).map(
		(outcome): INodeProperties => ({
			displayName: `${outcome[0].toUpperCase()}${outcome.slice(1)} URL`,
			name: `${outcome}Url`,
			type: 'string',
			default: '',
			required: true,
			placeholder: `https://example.com/itsme/${outcome}`,
			description: `Where the person's browser goes on ${outcome}; Signicat appends sessionId`,
			displayOptions: { show: { operation: ['create'], callbackMode: ['custom'] } },
		}),
	),
	optionsProperty('create', [
		{
			displayName: 'Additional Providers',
			name: 'additionalProviders',
			type: 'string',
			default: '',
			placeholder: 'freja, ftn',
			description: 'Other Signicat identity providers to offer next to itsme, comma-separated',
		},
		{
			displayName: 'Browser Language (Accept-Language)',
			name: 'acceptLanguage',
			type: 'string',
			default: '',
			placeholder: "{{ $json.headers['accept-language'] }}",
			description:
				"The person's browser languages, as their browser's Accept-Language header gives them (a Webhook's headers, or a Form Trigger's with Show Headers on). When Language is not set, the best of Dutch, French, German and English is used; none of them: English.",
		},
		concurrencyOption,
		{
			displayName: 'External Reference',
			name: 'externalReference',
			type: 'string',
			default: '',
			description: 'Your own reference (e.g. a CRM contact ID); Signicat returns it with the session and on the callback URLs',
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'options',
			default: 'en',
			description:
				"The language of itsme's pages and of every page the person sees afterwards from the itsme Trigger or Wait for Completion; wins over Browser Language. Not set: the person's browser language (see Browser Language), else English. The pages' texts can be changed per language in those nodes' options.",
			options: [
				{ name: 'Dutch', value: 'nl' },
				{ name: 'English', value: 'en' },
				{ name: 'French', value: 'fr' },
				{ name: 'German', value: 'de' },
			],
		},
		{
			displayName: 'Level of Assurance',
			name: 'requestedLoa',
			type: 'options',
			default: 'high',
			description:
				"The eIDAS level of assurance the person must authenticate with, or higher (Signicat's requestedLoa). Not set: the eID's own minimum. itsme is notified under eIDAS at High.",
			options: [
				{ name: 'High', value: 'high' },
				{ name: 'Low', value: 'low' },
				{ name: 'Substantial', value: 'substantial' },
			],
		},
		{
			displayName: 'Phone Number (Prefilled)',
			name: 'prefilledPhoneNumber',
			type: 'string',
			default: '',
			placeholder: '+32470123456',
			description: "Fills in the person's mobile number (with the country code) on the itsme page, so they only confirm in the app; sent as Signicat's prefilledInput.mobile",
		},
		{
			displayName: 'Request Domain',
			name: 'requestDomain',
			type: 'string',
			default: '',
			placeholder: 'login.example.com',
			description: 'A custom Signicat domain configured on your account, used for the authentication URL',
		},
		{
			displayName: 'Session Lifetime (Seconds)',
			name: 'sessionLifetime',
			type: 'number',
			typeOptions: { minValue: 300, maxValue: 3600 },
			default: 1200,
			description: 'How long the person has to finish, from 300 (Signicat raises anything shorter to 300) to 3600 seconds',
		},
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			description: 'Comma-separated labels to group and filter sessions in Signicat',
		},
		{
			displayName: 'Theme ID',
			name: 'themeId',
			type: 'string',
			default: '',
			description: 'A UI theme configured in the Signicat Dashboard',
		},
		{
			displayName: 'Trigger URL of Another Instance',
			name: 'triggerOfAnotherInstance',
			type: 'boolean',
			default: false,
			description:
				'Whether the Trigger URL may lead to another n8n instance than the one running this node, e.g. an itsme Trigger in a separate n8n. Off, such a URL is refused: it is usually one copied or imported from another machine.',
			displayOptions: { show: { '/callbackMode': ['trigger'] } },
		},
	]),
];

/** Creates one itsme session per input item and returns where to send the person. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = concurrencyOf(this);
	const items = this.getInputData();
	const resumeUrl = (itemIndex: number) => String(this.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex) ?? '');
	const here = thisN8n(resumeUrl(0), this.getInstanceBaseUrl());
	const requests = await readItemInputs(this, async (itemIndex) => {
		const mode = this.getNodeParameter('callbackMode', itemIndex) as CallbackMode;
		const linkKey = mode === 'trigger' ? await credentialLinkKey(this) : undefined;
		if (mode === 'resume' && items.length > 1) {
			throw new NodeOperationError(
				this.getNode(),
				`Callbacks "Resume This Workflow" serve one person per execution, but this execution has ${items.length} items`,
				{ itemIndex },
			);
		}
		const built = buildSessionRequest({
			service: this.getNodeParameter('service', itemIndex) as string,
			attributes: this.getNodeParameter('attributes', itemIndex, []) as string[],
			flow: this.getNodeParameter('flow', itemIndex) as string,
			callbackUrls: callbackUrlsFor(mode, {
				read: (name) => this.getNodeParameter(name, itemIndex, '') as string,
				resumeUrl: () => resumeUrl(itemIndex),
				placeTriggerUrl: (typed) => placeTriggerUrl(typed, here, this.getNodeParameter('options.triggerOfAnotherInstance', itemIndex, false) === true),
				linkToken: (triggerUrl) => makeLinkToken(linkKey!, triggerOfUrl(triggerUrl)),
			}),
			options: this.getNodeParameter('options', itemIndex, {}) as IDataObject,
		});
		if ('problem' in built) {
			throw new NodeOperationError(this.getNode(), `${built.problem.field} of item ${itemIndex} ${built.problem.message}`, {
				itemIndex,
			});
		}
		return built.request;
	});
	// A credential that cannot be read fails each item below, with its own error; no hints then.
	const baseUrl = await credentialBaseUrl(this).catch(() => undefined);
	const valid = requests.flatMap((request) => ('input' in request ? [request.input] : []));
	if (baseUrl) this.addExecutionHints(...callbackUrlHints(valid.map((request) => request.callbackUrls), baseUrl));
	return await runPerItem(this, concurrency, requests, async (request, item) => {
		const session = await signicatRequest(this, { method: 'POST', path: '/sessions', body: request, ...item }, sessionSchema);
		return {
			sessionId: session.id,
			authenticationUrl: session.authenticationUrl,
			status: session.status,
			expiresAt: session.expiresAt,
			externalReference: session.externalReference ?? request.externalReference,
			signicat: session as IDataObject,
		};
	});
}
