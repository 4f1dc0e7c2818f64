import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isUuid } from './api/schemas';

/** The "Session ID" parameter of an item, checked to be a Signicat session id before any request. */
export function sessionIdInput(context: IExecuteFunctions, itemIndex: number): string {
	const value = String(context.getNodeParameter('sessionId', itemIndex, '') ?? '').trim();
	if (!isUuid(value)) {
		throw new NodeOperationError(
			context.getNode(),
			`Session ID of item ${itemIndex} is not a Signicat session ID: expected a UUID such as 4ccb8a1b-6f40-e146-af1b-15f1c6eabb56`,
			{ itemIndex },
		);
	}
	return value;
}
