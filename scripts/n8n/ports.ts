/**
 * A fixed port of the end-to-end tests and the bench, shifted by TEST_PORT_OFFSET (default 0), so
 * that two checkouts on one machine can run them at the same time (e.g. TEST_PORT_OFFSET=1000).
 */
export const portOf = (base: number): number => base + Number(process.env.TEST_PORT_OFFSET ?? 0);
