/**
 * Runs `work` for every index with at most `limit` running at once, keeping results in index order.
 * Used so that hundreds of items do not open hundreds of connections to Signicat at once.
 * Once `stop` is aborted no further index is started; the indexes never started stay undefined.
 */
export async function mapConcurrently<T>(
	count: number,
	limit: number,
	work: (index: number) => Promise<T>,
	stop?: AbortSignal,
): Promise<Array<T | undefined>> {
	const results = Array.from<T | undefined>({ length: count });
	let next = 0;
	const worker = async () => {
		while (next < count && !stop?.aborted) {
			const index = next++;
			results[index] = await work(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	return results;
}
