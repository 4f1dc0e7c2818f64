import type { IExecuteFunctions, IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { credentialSecret } from '../api/executionCredential';
import type { FlattenOptions } from './flattenSession';
import type { NationalNumberMode } from './personalData';
import { NATIONAL_NUMBER_MODES } from './personalData';

export const HASH_KEY_MIN_LENGTH = 16;

/** Privacy by default: the full national number leaves a node only when the team chose it. */
export const DEFAULT_NATIONAL_NUMBER_MODE: NationalNumberMode = 'masked';

/** The output options shared by every operation that returns a person's verified data. */
export const personalDataOptions: INodeProperties[] = [
	{
		displayName: 'National Number',
		name: 'nationalNumber',
		type: 'options',
		options: NATIONAL_NUMBER_MODES,
		default: 'masked',
		description: 'How the Belgian national number leaves this node. Masked unless you choose otherwise: every execution and every sink keeps what leaves here.',
	},
	{
		displayName: 'Include Raw Session',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: "Whether to add Signicat's whole answer under \"raw\" (its national number follows the option above)",
	},
];

type Context = IExecuteFunctions | IWebhookFunctions | IHookFunctions;

/**
 * The output options of one item. The hash key comes from the Signicat API credential (n8n keeps it
 * encrypted), never from the node's parameters, which land in workflow exports and version history.
 */
export async function flattenOptionsOf(context: Context, options: Record<string, unknown>, itemIndex: number): Promise<FlattenOptions> {
	const chosen = (options.nationalNumber as string | undefined) ?? DEFAULT_NATIONAL_NUMBER_MODE;
	// 'default' is what version 0.1.0 saved for "as is in workflows, masked for AI agents": privacy by default now.
	const mode = (chosen === 'default' ? DEFAULT_NATIONAL_NUMBER_MODE : chosen) as NationalNumberMode;
	const hashKey = mode === 'hashed' ? await credentialSecret(context, 'hashSecretKey') : '';
	if (mode === 'hashed' && hashKey.length < HASH_KEY_MIN_LENGTH) {
		throw new NodeOperationError(
			context.getNode(),
			`The national number option "Keyed SHA-256 Hash" needs a National Number Hash Key of at least ${HASH_KEY_MIN_LENGTH} characters in the Signicat API credential`,
			{
				itemIndex,
				description:
					'Open the Signicat API credential and set National Number Hash Key (it is never a node option: a key saved in a workflow should be considered exposed).',
			},
		);
	}
	return { nationalNumber: mode, hashKey, includeRaw: options.includeRaw === true, now: new Date() };
}
