/**
 * Signicat's session ids are .NET GUIDs: 32 hex digits grouped 8-4-4-4-12, with no RFC 4122 version
 * or variant bits to rely on. Signicat's itsme guide ("Integration with Authentication REST API")
 * shows `4ccb8a1b-6f40-e146-af1b-15f1c6eabb56` (version nibble `e`, no RFC version) and the API docs
 * show `fb432801-66f6-6141-9835-e2a3b42e2e35`. A UUID check (zod 4's `uuid()` demands version 1-8
 * and variant 8-b) would refuse the guide's own id, so every id check of the package uses this
 * pattern instead, whichever zod n8n provides.
 */
export const SESSION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The example shown to people in placeholders and error messages: the one from Signicat's guide. */
export const EXAMPLE_SESSION_ID = '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56';

export const isSessionId = (value: unknown): value is string => typeof value === 'string' && SESSION_ID_PATTERN.test(value);

/**
 * The session id a request names, in one letter case: Signicat's .NET API reads a GUID in any case
 * (Guid.Parse) and answers with its lower-case form, so `4CCB8A1B-…` and `4ccb8a1b-…` are one session
 * and must be one key in every memory. Undefined for anything that is not a session id.
 */
export const sessionIdOf = (value: unknown): string | undefined => (isSessionId(value) ? value.toLowerCase() : undefined);
