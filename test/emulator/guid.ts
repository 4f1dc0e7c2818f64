import { randomBytes } from 'node:crypto';

/** Nibbles that are no RFC 4122/9562 version (those are 1-8), as in Signicat's own example ids. */
const NON_RFC_VERSIONS = '09abcdef';

/**
 * A session id as Signicat issues them: a .NET GUID, 32 random hex digits grouped 8-4-4-4-12,
 * with no RFC 4122 version or variant bits (Signicat's itsme guide shows
 * `4ccb8a1b-6f40-e146-af1b-15f1c6eabb56`). The version nibble is always one that no RFC defines,
 * so every test that goes through the emulator proves the package accepts such ids: a check that
 * demands a UUID (zod 4's `uuid()`) fails every one of them.
 */
export function signicatGuid(): string {
	const hex = randomBytes(16).toString('hex').split('');
	hex[12] = NON_RFC_VERSIONS[randomBytes(1)[0] % NON_RFC_VERSIONS.length];
	const digits = hex.join('');
	return [digits.slice(0, 8), digits.slice(8, 12), digits.slice(12, 16), digits.slice(16, 20), digits.slice(20)].join('-');
}
