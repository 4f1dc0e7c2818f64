import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { EXAMPLE_SESSION_ID } from '../../shared/api/sessionId';

/** Shown only for one operation of the node. */
export const forOperation = (operation: string) => ({ show: { operation: [operation] } });

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: 5,
	description: 'How many items are sent to Signicat at the same time',
};

export const concurrencyOf = (context: IExecuteFunctions): number =>
	(context.getNodeParameter('options.concurrency', 0, 5) as number) || 5;

/** The "Session ID" parameter of the operations that work on an existing session. */
export const sessionIdProperty = (operation: string, description: string, byDefault = ''): INodeProperties => ({
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	required: true,
	default: byDefault,
	...(byDefault === '' ? { placeholder: EXAMPLE_SESSION_ID } : {}),
	description,
	displayOptions: forOperation(operation),
});

/** The "Options" collection of an operation. */
export const optionsProperty = (operation: string, options: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: forOperation(operation),
	options,
});
