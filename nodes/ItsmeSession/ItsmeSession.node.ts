import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as cancelSession from './actions/cancelSession.operation';
import * as checkPerson from './actions/checkPerson.operation';
import * as createSession from './actions/createSession.operation';
import * as getSession from './actions/getSession.operation';
import { router } from './actions/router';
import * as waitForCompletion from './actions/waitForCompletion.operation';
import { sessionNodeHints } from './callbacks/callbackHints';
import { withoutInTool } from './toolVariant';

export class ItsmeSession implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'itsme Session',
		name: 'itsmeSession',
		icon: { light: 'file:itsme.svg', dark: 'file:itsme.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { create: "Create Session", get: "Get Session", wait: "Wait for Completion", cancel: "Cancel Session", check: "Check Person" }[$parameter["operation"]] }}',
		description: "Verify a person's identity with itsme® through Signicat",
		defaults: { name: 'itsme Session' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'signicatApi', required: true }],
		webhooks: waitForCompletion.webhooks,
		hints: sessionNodeHints,
		properties: [
			...withoutInTool(
				{
					displayName: 'Operation',
					name: 'operation',
					type: 'options',
					noDataExpression: true,
					default: 'create',
					options: [
						{
							name: 'Cancel Session',
							value: 'cancel',
							action: 'Cancel an itsme session',
							description: 'Stop a session the person has not finished',
						},
						{
							name: 'Check Person',
							value: 'check',
							action: 'Check the verified person against the application',
							description:
								'Compare what the person typed (names, date of birth, national number) with the person itsme verified, check their age, and say whether to proceed',
						},
						{
							name: 'Create Session',
							value: 'create',
							action: 'Create an itsme session',
							description: 'Start an itsme verification and get the URL to send the person to',
						},
						{
							name: 'Get Session',
							value: 'get',
							action: 'Get an itsme session',
							description: "Read a session's status and the person's verified data",
						},
						{
							name: 'Wait for Completion',
							value: 'wait',
							action: 'Wait until the person has finished itsme',
							description: 'Pause this workflow until the person is back from itsme, then output the verified result',
						},
					],
				},
				['wait'],
			),
			...createSession.description,
			...getSession.description,
			...waitForCompletion.description,
			...cancelSession.description,
			...checkPerson.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await waitForCompletion.webhook.call(this);
	}
}
