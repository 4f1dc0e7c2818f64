import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { signicatRequest } from '../../shared/api/signicatRequest';
import { sessionSchema } from '../../shared/api/schemas';
import { readItemInputs, runPerItem } from '../items/runPerItem';
import { sessionIdInput } from '../items/sessionIdInput';
import { concurrencyOf, concurrencyOption, optionsProperty, sessionIdProperty } from './common';

export const description: INodeProperties[] = [
	sessionIdProperty('cancel', 'The session to cancel: its authentication URL stops working'),
	optionsProperty('cancel', [concurrencyOption]),
];

/** Cancels sessions that the person has not finished yet (Signicat's POST /sessions/{id}/cancel). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = concurrencyOf(this);
	const sessionIds = await readItemInputs(this, (itemIndex) => sessionIdInput(this, itemIndex));
	return await runPerItem(this, concurrency, sessionIds, async (sessionId, item) => {
		const session = await signicatRequest(this, { method: 'POST', path: `/sessions/${sessionId}/cancel`, ...item }, sessionSchema);
		return { sessionId: session.id, status: session.status };
	});
}
