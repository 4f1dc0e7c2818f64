import { hashNationalNumber } from '../../shared/identity/personalData';
import type { FieldCheck } from './fieldCheck';
import { isBlank, MATCH, missingFrom } from './fieldCheck';

/** Spaces, dots, dashes and slashes people put in a national number (81.04.24-198.35): only the digits count. */
const SEPARATORS = /[\s./-]/g;

/** The digits of a typed national number, or undefined when it holds anything else. */
export function nationalNumberDigits(value: unknown): string | undefined {
	const digits = String(value ?? '').replace(SEPARATORS, '');
	return /^\d+$/.test(digits) ? digits : undefined;
}

/** A verified national number the node's option turned into its keyed hash (64 hex digits). */
export const isKeyedHash = (value: unknown): boolean => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

/**
 * The typed national number against the verified one, on digits only. The verified one may have
 * left the node before as a keyed hash (compared by hashing the typed digits with the credential's
 * key) or masked (only its visible digits can be compared, so it never counts as a match).
 */
export function compareNationalNumbers(typed: unknown, verified: unknown, hashKey: string): FieldCheck {
	if (isBlank(verified)) return missingFrom('verified');
	if (isBlank(typed)) return missingFrom('typed');
	const typedDigits = nationalNumberDigits(typed);
	if (typedDigits === undefined) return { result: 'unreadable', why: 'as typed it holds more than digits and separators' };
	if (isKeyedHash(verified)) {
		if (hashKey === '') return { result: 'unreadable', why: 'the verified one is a keyed hash, and the credential has no National Number Hash Key' };
		return hashNationalNumber(typedDigits, hashKey) === verified ? MATCH : { result: 'different' };
	}
	const shown = String(verified).replace(SEPARATORS, '');
	const masked = /^(\d*)\*+$/.exec(shown);
	if (masked) {
		const visible = masked[1];
		if (typedDigits.length !== shown.length || !typedDigits.startsWith(visible)) return { result: 'different' };
		return {
			result: 'unreadable',
			why: `the verified one is masked, so only its first ${visible.length} digits could be compared: give this step the number as is or as a keyed hash`,
		};
	}
	if (!/^\d+$/.test(shown)) return { result: 'unreadable', why: 'the verified one could not be read' };
	return typedDigits === shown ? MATCH : { result: 'different' };
}
