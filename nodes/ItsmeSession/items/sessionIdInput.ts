import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EXAMPLE_SESSION_ID, isSessionId } from '../../shared/api/sessionId';

/** The "Session ID" parameter of an item, checked to be a Signicat session id before any request. */
export function sessionIdInput(context: IExecuteFunctions, itemIndex: number): string {
	const value = String(context.getNodeParameter('sessionId', itemIndex, '') ?? '').trim();
	if (!isSessionId(value)) {
		throw new NodeOperationError(
			context.getNode(),
			`Session ID of item ${itemIndex} is not a Signicat session ID: expected 32 hexadecimal digits grouped 8-4-4-4-12, such as ${EXAMPLE_SESSION_ID}`,
			{ itemIndex },
		);
	}
	return value;
}
