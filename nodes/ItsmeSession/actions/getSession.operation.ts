import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { signicatRequest } from '../../shared/api/signicatRequest';
import { sessionSchema } from '../../shared/api/schemas';
import type { FlattenOptions } from '../../shared/identity/flattenSession';
import { flattenSession } from '../../shared/identity/flattenSession';
import { runPerItem } from '../../shared/itemErrors';
import { flattenOptionsOf, personalDataOptions } from '../../shared/personalDataOptions';
import { sessionIdInput } from '../../shared/sessionIdInput';
import { concurrencyOf, concurrencyOption, optionsProperty, sessionIdProperty } from './common';

export const description: INodeProperties[] = [
	sessionIdProperty('get', 'The ID that Create Session returned (or the sessionId of a callback)'),
	optionsProperty('get', [...personalDataOptions, concurrencyOption]),
];

/** Reads a session and returns its status with the person's verified data as one flat record. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = concurrencyOf(this);
	// Check every item before the first request: a typo in item 7 must not leave items 0–6 half done.
	const inputs: Array<{ sessionId: string; flatten: FlattenOptions }> = [];
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		inputs.push({
			sessionId: sessionIdInput(this, itemIndex),
			flatten: await flattenOptionsOf(this, this.getNodeParameter('options', itemIndex, {}) as IDataObject, itemIndex),
		});
	}
	return await runPerItem(this, concurrency, async (itemIndex) => {
		const { sessionId, flatten } = inputs[itemIndex];
		const session = await signicatRequest(this, { method: 'GET', path: `/sessions/${sessionId}`, itemIndex }, sessionSchema);
		return flattenSession(session, flatten);
	});
}
