import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { signicatRequest } from '../../shared/api/signicatRequest';
import { sessionSchema } from '../../shared/api/schemas';
import { runPerItem } from '../../shared/itemErrors';
import { sessionIdInput } from '../../shared/sessionIdInput';
import { concurrencyOption } from './common';

const show = { show: { operation: ['cancel'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56',
		description: 'The session to cancel: its authentication URL stops working',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [concurrencyOption],
	},
];

/** Cancels sessions that the person has not finished yet (Signicat's POST /sessions/{id}/cancel). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = (this.getNodeParameter('options.concurrency', 0, 5) as number) || 5;
	const sessionIds = this.getInputData().map((_, itemIndex) => sessionIdInput(this, itemIndex));
	return await runPerItem(this, concurrency, async (itemIndex) => {
		const session = await signicatRequest(
			this,
			{ method: 'POST', path: `/sessions/${sessionIds[itemIndex]}/cancel`, itemIndex },
			sessionSchema,
		);
		return { sessionId: session.id, status: session.status };
	});
}
