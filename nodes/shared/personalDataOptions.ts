import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FlattenOptions } from './identity/flattenSession';
import type { NationalNumberMode } from './identity/personalData';
import { NATIONAL_NUMBER_MODES } from './identity/personalData';

/** The output options shared by every operation that returns a person's verified data. */
export const personalDataOptions: INodeProperties[] = [
	{
		displayName: 'National Number',
		name: 'nationalNumber',
		type: 'options',
		options: [
			{
				name: 'Default (As Is in Workflows, Masked for AI Agents)',
				value: 'default',
				description: 'The full number in a workflow; masked when an AI agent uses this node as a tool',
			},
			...NATIONAL_NUMBER_MODES,
		],
		default: 'default',
		description: 'How the Belgian national number leaves this node',
	},
	{
		displayName: 'Hash Key',
		name: 'hashKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Secret key of the HMAC-SHA256 hash: keep it the same to match people across runs',
		displayOptions: { show: { nationalNumber: ['hashed'] } },
	},
	{
		displayName: 'Include Raw Session',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: "Whether to add Signicat's whole answer under \"raw\" (its national number follows the option above)",
	},
];

export function flattenOptionsOf(context: IExecuteFunctions | { getNode: IExecuteFunctions['getNode'] }, options: Record<string, unknown>, itemIndex: number): FlattenOptions {
	const asTool = context.getNode().type.endsWith('Tool');
	const chosen = (options.nationalNumber as string | undefined) ?? 'default';
	const mode = (chosen === 'default' ? (asTool ? 'masked' : 'asIs') : chosen) as NationalNumberMode;
	const hashKey = String(options.hashKey ?? '');
	if (mode === 'hashed' && hashKey.length < 16) {
		throw new NodeOperationError(context.getNode(), `Hash Key of item ${itemIndex} must be at least 16 characters`, {
			itemIndex,
		});
	}
	return { nationalNumber: mode, hashKey, includeRaw: options.includeRaw === true, now: new Date() };
}
