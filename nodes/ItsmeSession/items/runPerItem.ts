import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { markedFailureOf, markFailure } from '../../shared/api/signicatFailure';
import { mapConcurrently } from './mapConcurrently';

/** One item's checked input, or why it cannot be sent. */
export type ItemInput<T> = { input: T } | { error: Error };

/** What an item's work gets besides its input: its index, and the signal that the node is stopping. */
export interface ItemRun {
	itemIndex: number;
	/** Aborted once another item failed without Continue On Fail: make no further retry. */
	stopRetries: AbortSignal;
}

type ItemResult = { json: IDataObject } | { error: Error };

/** n8n shows the item and field of its own error classes; anything else is wrapped into one. */
function nodeErrorOf(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError || (error as Error).name === 'NodeApiError') return error as Error;
	const wrapped = new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	// Keep the cause our own errors were marked with (e.g. a refused Base URL), for whoever classifies it.
	const cause = markedFailureOf(error);
	return cause ? markFailure(wrapped, cause) : wrapped;
}

/** n8n's error item of Continue On Fail: the message, in the failed item's place. */
export const errorItem = (error: Error, itemIndex: number): INodeExecutionData => ({
	json: { error: error.message },
	pairedItem: { item: itemIndex },
});

/**
 * Reads and checks every item's input before anything is sent to Signicat. Without Continue On Fail
 * the first bad item fails the node here, so a typo in item 7 never leaves items 0–6 half done; with
 * it, the bad item becomes an error item in its place (see runPerItem) and the others go on.
 */
export async function readItemInputs<T>(
	context: IExecuteFunctions,
	read: (itemIndex: number) => T | Promise<T>,
): Promise<Array<ItemInput<T>>> {
	const inputs: Array<ItemInput<T>> = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		try {
			inputs.push({ input: await read(itemIndex) });
		} catch (error) {
			const failure = nodeErrorOf(context, error, itemIndex);
			if (!context.continueOnFail()) throw failure;
			inputs.push({ error: failure });
		}
	}
	return inputs;
}

/**
 * Runs the work of every item whose input is valid, at most `concurrency` at a time; every output
 * item is paired with its input item.
 *
 * With Continue On Fail, a failing item becomes `{ error }` in its place and the others go on.
 * Without it, the first failure stops the node: no further item is started; items already in flight
 * finish their current request (never aborted: Signicat may already have acted on it, e.g. created a
 * session) but retry no more; then the node fails with that first failure.
 */
export async function runPerItem<T>(
	context: IExecuteFunctions,
	concurrency: number,
	inputs: Array<ItemInput<T>>,
	work: (input: T, item: ItemRun) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const stop = new AbortController();
	let firstFailure: Error | undefined;
	const results = await mapConcurrently<ItemResult>(
		inputs.length,
		concurrency,
		async (itemIndex) => {
			const item = inputs[itemIndex];
			if ('error' in item) return item;
			try {
				return { json: await work(item.input, { itemIndex, stopRetries: stop.signal }) };
			} catch (error) {
				const failure = nodeErrorOf(context, error, itemIndex);
				if (!continueOnFail && !firstFailure) {
					firstFailure = failure;
					stop.abort();
				}
				return { error: failure };
			}
		},
		stop.signal,
	);

	if (firstFailure) {
		const succeeded = results.filter((result) => result && 'json' in result).length;
		const notStarted = results.filter((result) => result === undefined).length;
		if (inputs.length > 1) {
			const stopped = `The node stopped at this failure. Other items that succeeded: ${succeeded}; items not started: ${notStarted}.`;
			const described = firstFailure as Error & { description?: string | null };
			described.description = [described.description, stopped].filter(Boolean).join('\n');
		}
		throw firstFailure;
	}
	return results.map((result, itemIndex) =>
		result && 'json' in result ? { json: result.json, pairedItem: { item: itemIndex } } : errorItem((result as { error: Error }).error, itemIndex),
	);
}
