import { isRecord } from '../isRecord';

/**
 * A JSON answer of Signicat's with every `null` property left out. Signicat's SDKs model every
 * optional field as nullable (the .NET SDK signicat/signicat-net, Services/Authentication/Entities,
 * and the SDK generated from the API reference), so `provider` before completion, an absent
 * `externalReference`, `subject` fields, `invalidParams` of an error, … may arrive as `null`: read
 * as absent, the same as a field that was left out, never as a wrong shape.
 */
export function withoutNulls(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutNulls);
	if (!isRecord(value)) return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([, entry]) => entry !== null)
			.map(([key, entry]) => [key, withoutNulls(entry)]),
	);
}
