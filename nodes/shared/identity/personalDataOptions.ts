import type { IExecuteFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { credentialSecret } from '../api/signicatRequest';
import type { FlattenOptions } from './flattenSession';
import type { NationalNumberMode } from './personalData';
import { NATIONAL_NUMBER_MODES } from './personalData';

export const HASH_KEY_MIN_LENGTH = 16;

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
		displayName: 'Include Raw Session',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: "Whether to add Signicat's whole answer under \"raw\" (its national number follows the option above)",
	},
];

type Context = IExecuteFunctions | IWebhookFunctions;

/**
 * The output options of one item. The hash key comes from the Signicat API credential (n8n keeps it
 * encrypted), never from the node's parameters, which land in workflow exports and version history.
 */
export async function flattenOptionsOf(context: Context, options: Record<string, unknown>, itemIndex: number): Promise<FlattenOptions> {
	const asTool = context.getNode().type.endsWith('Tool');
	const chosen = (options.nationalNumber as string | undefined) ?? 'default';
	const mode = (chosen === 'default' ? (asTool ? 'masked' : 'asIs') : chosen) as NationalNumberMode;
	const hashKey = mode === 'hashed' ? await credentialSecret(context, 'hashSecretKey') : '';
	if (mode === 'hashed' && hashKey.length < HASH_KEY_MIN_LENGTH) {
		throw new NodeOperationError(
			context.getNode(),
			`The national number option "Keyed SHA-256 Hash" needs a National Number Hash Key of at least ${HASH_KEY_MIN_LENGTH} characters in the Signicat API credential`,
			{
				itemIndex,
				description:
					'Open the Signicat API credential and set National Number Hash Key (before 0.2.0 it was a node option; a key that was saved in a workflow should be considered exposed).',
			},
		);
	}
	return { nationalNumber: mode, hashKey, includeRaw: options.includeRaw === true, now: new Date() };
}
