import { SignicatEmulator } from '../emulator/server';
import { emulatorApi } from '../harness/emulatorApi';
import { signicatGuid } from '../emulator/guid';
import { ZOD_MAJORS, withZod } from '../zodMajors';

/** Signicat's own example ids: the itsme guide's (version nibble e, no RFC version) and the docs'. */
const SIGNICAT_IDS = ['4ccb8a1b-6f40-e146-af1b-15f1c6eabb56', 'fb432801-66f6-6141-9835-e2a3b42e2e35'];
const NOT_IDS = [
	'',
	'4ccb8a1b6f40e146af1b15f1c6eabb56',
	'4ccb8a1b-6f40-e146-af1b-15f1c6eabb56/cancel',
	'../../auth/rest/sessions',
	'4ccb8a1b-6f40-e146-af1b-15f1c6eabb5g',
	' 4ccb8a1b-6f40-e146-af1b-15f1c6eabb56',
];

const load = () => ({
	sessionId: require('../../nodes/shared/api/sessionId') as typeof import('../../nodes/shared/api/sessionId'),
	schemas: require('../../nodes/shared/api/schemas') as typeof import('../../nodes/shared/api/schemas'),
	event: require('../../nodes/ItsmeTrigger/signicatEvent') as typeof import('../../nodes/ItsmeTrigger/signicatEvent'),
	input: require('../../nodes/ItsmeSession/items/sessionIdInput') as typeof import('../../nodes/ItsmeSession/items/sessionIdInput'),
	nulls: require('../../nodes/shared/api/withoutNulls') as typeof import('../../nodes/shared/api/withoutNulls'),
	zod: require('zod') as typeof import('zod'),
});

/** The few IExecuteFunctions members sessionIdInput reads. */
const contextWith = (sessionId: unknown) =>
	({
		getNodeParameter: () => sessionId,
		getNode: () => ({ name: 'itsme Session', type: 'n8n-nodes-signicat-itsme.itsmeSession', typeVersion: 1, position: [0, 0], parameters: {} }),
	}) as never;

const eventNaming = (eventData: unknown) => ({ id: 'e1', sender: 'authentication-api', eventName: 'session.success', eventData, organizationId: null });

describe.each(ZOD_MAJORS)('session ids under $label', (zod) => {
	const { loaded, zodMajor } = withZod(zod, load);
	const { sessionId, schemas, event, input } = loaded;

	it(`really runs on zod ${zod.major}`, () => {
		expect(zodMajor).toBe(zod.major);
		// The difference that matters: zod 4's uuid() refuses the guide's own id, zod 3's lets it through.
		expect(loaded.zod.z.string().uuid().safeParse(SIGNICAT_IDS[0]).success).toBe(zod.major === 3);
	});

	it.each(SIGNICAT_IDS)("every id check accepts Signicat's example id %s", (id) => {
		expect(sessionId.isSessionId(id)).toBe(true);
		expect(sessionId.isSessionId(id.toUpperCase())).toBe(true);
		expect(schemas.sessionSchema.safeParse({ id, status: 'CREATED' }).success).toBe(true);
		expect(input.sessionIdInput(contextWith(` ${id} `), 0)).toBe(id);
		expect(event.readSignicatEvent(eventNaming({ id }))).toEqual({ kind: 'session', sessionId: id, accountId: undefined });
		expect(event.readSignicatEvent(eventNaming({ session: { id } }))).toMatchObject({ kind: 'session', sessionId: id });
	});

	it.each(NOT_IDS)('every id check refuses %j', (notId) => {
		expect(sessionId.isSessionId(notId)).toBe(false);
		expect(schemas.sessionSchema.safeParse({ id: notId, status: 'CREATED' }).success).toBe(false);
		expect(() => input.sessionIdInput(contextWith(`${notId}x`), 3)).toThrow(
			`Session ID of item 3 is not a Signicat session ID: expected 32 hexadecimal digits grouped 8-4-4-4-12, such as ${sessionId.EXAMPLE_SESSION_ID}`,
		);
		expect(event.readSignicatEvent(eventNaming({ id: notId }))).toMatchObject({ kind: 'reject', status: 422 });
	});

	it("accepts the emulator's ids, which carry no RFC version, in Signicat's answer", async () => {
		const emulator = new SignicatEmulator();
		await emulator.start();
		try {
			const created = await createSessionAt(emulator);
			expect(schemas.sessionSchema.parse(loaded.nulls.withoutNulls(created)).id).toBe(created.id);
			expect(sessionId.isSessionId(created.id)).toBe(true);
		} finally {
			await emulator.stop();
		}
	});
});

describe("the emulator's session ids", () => {
	it('are GUIDs whose version nibble is never an RFC version, so every test exercises such ids', () => {
		const ids = Array.from({ length: 200 }, signicatGuid);
		for (const id of ids) {
			expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[09a-f][0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		}
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('are the ids the emulator issues, and the ones it answers for', async () => {
		const emulator = new SignicatEmulator();
		await emulator.start();
		try {
			const created = await createSessionAt(emulator);
			expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[09a-f]/);
			const { api } = emulatorApi(emulator);
			expect((await api('GET', `/sessions/${created.id}`)).status).toBe(200);
			expect((await api('GET', `/sessions/${SIGNICAT_IDS[0]}`)).status).toBe(404);
		} finally {
			await emulator.stop();
		}
	});
});

const REDIRECT_SESSION = {
	flow: 'redirect',
	requestedAttributes: ['name'],
	callbackUrls: { success: 'https://example.test/s', abort: 'https://example.test/a', error: 'https://example.test/e' },
};

async function createSessionAt(emulator: SignicatEmulator): Promise<{ id: string }> {
	const created = await emulatorApi(emulator).api('POST', '/sessions', REDIRECT_SESSION);
	expect(created.status).toBe(201);
	return created.body as { id: string };
}
