import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapConcurrently } from './api/mapConcurrently';

export type ItemResult = { json: INodeExecutionData['json'] } | { error: Error };

/**
 * Runs one operation for every input item, at most `concurrency` at a time. A failing item becomes an
 * error item when "Continue On Fail" is on; otherwise the node fails with the first failing item's error.
 */
export async function runPerItem(
	context: IExecuteFunctions,
	concurrency: number,
	work: (itemIndex: number) => Promise<INodeExecutionData['json']>,
): Promise<INodeExecutionData[]> {
	const count = context.getInputData().length;
	const results = await mapConcurrently<ItemResult>(count, concurrency, async (itemIndex) =>
		work(itemIndex).then(
			(json) => ({ json }),
			(error: Error) => ({ error }),
		),
	);
	return results.map((result, itemIndex) => {
		if ('json' in result) return { json: result.json, pairedItem: { item: itemIndex } };
		if (!context.continueOnFail()) {
			throw result.error instanceof NodeOperationError || result.error.name === 'NodeApiError'
				? result.error
				: new NodeOperationError(context.getNode(), result.error, { itemIndex });
		}
		return { json: { error: result.error.message }, pairedItem: { item: itemIndex } };
	});
}
