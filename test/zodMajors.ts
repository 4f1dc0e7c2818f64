/**
 * The package runs on whichever zod n8n provides: 3.25 today, 4 soon. Tests that cover the schemas and
 * input checks run once per major: `zod` is the dev dependency (3.x) and `zod4` an npm alias of zod 4.
 */
export const ZOD_MAJORS = [
	{ label: 'zod 3', packageName: 'zod', major: 3 },
	{ label: 'zod 4', packageName: 'zod4', major: 4 },
] as const;

export type ZodMajor = (typeof ZOD_MAJORS)[number];

/**
 * Loads modules afresh with every `import 'zod'` resolved to the given major's package, so the code
 * under test really runs on it. `load` must require() the modules it needs.
 */
export function withZod<T>(zod: ZodMajor, load: () => T): { loaded: T; zodMajor: number } {
	let loaded: T | undefined;
	let zodMajor = 0;
	jest.isolateModules(() => {
		jest.doMock('zod', () => jest.requireActual(zod.packageName));
		const { z } = require('zod');
		// zod 4 names its version in z.core; zod 3 has no z.core at all.
		zodMajor = z.core?.version?.major ?? (z.ZodString ? 3 : 0);
		loaded = load();
	});
	jest.dontMock('zod');
	return { loaded: loaded as T, zodMajor };
}
