/** How one field of the application compares with the verified person. */
export type MatchResult = 'match' | 'close' | 'different' | 'missing' | 'unreadable';

/** A field's result, and why in words that never repeat the values (they are personal data). */
export interface FieldCheck {
	result: MatchResult;
	why?: string;
}

export const MATCH = { result: 'match' } as const satisfies FieldCheck;

/** Best first: how a field that can be read two ways (e.g. names swapped) keeps its better reading. */
const RANK: Record<MatchResult, number> = { match: 4, close: 3, different: 2, unreadable: 1, missing: 0 };
export const isBetter = (a: FieldCheck, b: FieldCheck): boolean => RANK[a.result] > RANK[b.result];

/** "missing" on either side, in words: which side lacks the value. */
export const missingFrom = (side: 'verified' | 'typed'): FieldCheck => ({
	result: 'missing',
	why: side === 'verified' ? 'missing from the verified person' : 'missing from the application',
});

/** A value is missing when it is absent, null or blank text. */
export const isBlank = (value: unknown): boolean => value === undefined || value === null || String(value).trim() === '';
