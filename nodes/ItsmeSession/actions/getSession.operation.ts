import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { signicatRequest } from '../../shared/api/signicatRequest';
import { sessionSchema } from '../../shared/api/schemas';
import { flattenSession } from '../../shared/identity/flattenSession';
import { readItemInputs, runPerItem } from '../items/runPerItem';
import { flattenOptionsOf, personalDataOptions } from '../../shared/identity/personalDataOptions';
import { sessionIdInput } from '../items/sessionIdInput';
import { concurrencyOf, concurrencyOption, optionsProperty, sessionIdProperty } from './common';

export const description: INodeProperties[] = [
	sessionIdProperty('get', 'The ID that Create Session returned (or the sessionId of a callback)'),
	optionsProperty('get', [...personalDataOptions, concurrencyOption]),
];

/** Reads a session and returns its status with the person's verified data as one flat record. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = concurrencyOf(this);
	const inputs = await readItemInputs(this, async (itemIndex) => ({
		sessionId: sessionIdInput(this, itemIndex),
		flatten: await flattenOptionsOf(this, this.getNodeParameter('options', itemIndex, {}) as IDataObject, itemIndex),
	}));
	return await runPerItem(this, concurrency, inputs, async ({ sessionId, flatten }, item) => {
		const session = await signicatRequest(this, { method: 'GET', path: `/sessions/${sessionId}`, ...item }, sessionSchema);
		return flattenSession(session, flatten);
	});
}
