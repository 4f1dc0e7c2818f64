import { createHmac } from 'node:crypto';

import { DateTime } from 'luxon';

import { ItsmeSession } from '../../nodes/ItsmeSession/ItsmeSession.node';
import { engineFor, itemsOf, loadWorkflow, useEmulator, withParameters } from '../harness/fixtures';
import { NodeTypes } from '../harness/nodeTypes';
import { runWorkflow } from '../harness/runWorkflow';

const emulator = useEmulator();
const HASH_KEY = 'sixteen-chars-key!';
const BRUSSELS = 'Europe/Brussels';

/** The day in Brussels (check-person.json's time zone), read around the run: a run across midnight may have either day. */
const brusselsDays = () => DateTime.now().setZone(BRUSSELS).toISODate();

/** Maxence Legrand, the guide's example person, as the itsme Trigger puts them out. */
const TRIGGER_LIKE_RECORD = {
	sessionId: '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56',
	status: 'SUCCESS',
	verified: true,
	firstName: 'Maxence',
	lastName: 'Legrand',
	dateOfBirth: '1981-04-24',
	nationalNumber: '81042419835',
	deliveredBy: 'callback',
};
const APPLICATION = { firstName: 'MAXENCE', lastName: 'legrand', dateOfBirth: '24.04.1981', nationalNumber: '81.04.24-198.35' };

describe('Check Person after an item like the itsme Trigger puts out', () => {
	it('compares each item with its application, keeps the item, pairs it, and asks Signicat nothing', async () => {
		const items = itemsOf([
			{ ...TRIGGER_LIKE_RECORD, application: APPLICATION },
			{ ...TRIGGER_LIKE_RECORD, application: { ...APPLICATION, lastName: 'Le Grand' } },
			{ ...TRIGGER_LIKE_RECORD, application: { ...APPLICATION, dateOfBirth: '04/24/1981' } },
		]);
		const before = brusselsDays();
		const execution = await runWorkflow(loadWorkflow('check-person'), engineFor(emulator), { items });
		const days = [before, brusselsDays()];

		expect(execution.run.status).toBe('success');
		const [exact, close, unreadable] = execution.output('Check Person');
		expect(exact).toEqual({
			...TRIGGER_LIKE_RECORD,
			application: APPLICATION,
			proceed: true,
			reasons: 'All compared fields match, and the person is at least 18 years old.',
			firstNameMatch: 'match',
			lastNameMatch: 'match',
			dateOfBirthMatch: 'match',
			nationalNumberMatch: 'match',
			age: expect.any(Number),
			oldEnough: true,
			checkedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			// Never in full, even with the national number option "as is" (the workflow's default).
			typedNationalNumber: '810424*****',
		});
		expect(days).toContain(exact.checkedOn);
		expect(close).toMatchObject({ proceed: false, lastNameMatch: 'close', reasons: 'Last name is close: written together or apart, or without its apostrophe.' });
		expect(unreadable).toMatchObject({ proceed: false, dateOfBirthMatch: 'unreadable' });
		expect(execution.items('Check Person').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(emulator.requests).toHaveLength(0);
		expect(emulator.tokenRequests).toBe(0);
	});

	it('lets the team accept close names and swapped names', async () => {
		const workflow = withParameters(loadWorkflow('check-person'), 'Check Person', { acceptClose: true, allowSwappedNames: true });
		const items = itemsOf([
			{ ...TRIGGER_LIKE_RECORD, application: { ...APPLICATION, lastName: 'Le Grand' } },
			{ ...TRIGGER_LIKE_RECORD, application: { ...APPLICATION, firstName: 'Legrand', lastName: 'Maxence' } },
		]);
		const output = (await runWorkflow(workflow, engineFor(emulator), { items })).output('Check Person');
		expect(output.map((item) => item.proceed)).toEqual([true, true]);
	});

	it.each([
		['masked', '810424*****'],
		['hashed', createHmac('sha256', HASH_KEY).update('81042419835').digest('hex')],
		['omitted', undefined],
	])('writes the typed national number as the option %s allows', async (nationalNumber, expected) => {
		const workflow = withParameters(loadWorkflow('check-person'), 'Check Person', { options: { nationalNumber } });
		const [row] = (await runWorkflow(workflow, engineFor(emulator, { hashSecretKey: HASH_KEY }), { items: itemsOf([{ ...TRIGGER_LIKE_RECORD, application: APPLICATION }]) })).output(
			'Check Person',
		);
		expect(row.nationalNumberMatch).toBe('match');
		expect(row.typedNationalNumber).toEqual(expected);
	});

	it("compares a verified national number given as its keyed hash with the credential's key", async () => {
		const record = { ...TRIGGER_LIKE_RECORD, nationalNumber: createHmac('sha256', HASH_KEY).update('81042419835').digest('hex') };
		const items = itemsOf([
			{ ...record, application: APPLICATION },
			{ ...record, application: { ...APPLICATION, nationalNumber: '92031724633' } },
		]);
		const output = (await runWorkflow(loadWorkflow('check-person'), engineFor(emulator, { hashSecretKey: HASH_KEY }), { items })).output('Check Person');
		expect(output.map((row) => row.nationalNumberMatch)).toEqual(['match', 'different']);
	});

	it('masks the typed national number by default for an AI agent too', async () => {
		const engine = engineFor(emulator);
		engine.nodeTypes = new NodeTypes({ 'n8n-nodes-signicat-itsme.itsmeSessionTool': new ItsmeSession() });
		const workflow = loadWorkflow('check-person');
		workflow.nodes.find((node) => node.name === 'Check Person')!.type = 'n8n-nodes-signicat-itsme.itsmeSessionTool';
		const [row] = (await runWorkflow(workflow, engine, { items: itemsOf([{ ...TRIGGER_LIKE_RECORD, application: APPLICATION }]) })).output('Check Person');
		expect(row).toMatchObject({ proceed: true, typedNationalNumber: '810424*****' });
	});

	it('refuses a Minimum Age that is no whole number of years, naming the field and the item; with Continue On Fail only that item', async () => {
		const workflow = withParameters(loadWorkflow('check-person'), 'Check Person', { minimumAge: '={{ $itemIndex === 1 ? 17.5 : 18 }}' });
		const items = itemsOf([0, 1, 2].map(() => ({ ...TRIGGER_LIKE_RECORD, application: APPLICATION })));
		const failed = await runWorkflow(workflow, engineFor(emulator), { items });
		expect(failed.run.data.resultData.error?.message).toBe('Minimum Age of item 1 must be a whole number of years from 0 to 150');

		workflow.nodes.find((node) => node.name === 'Check Person')!.onError = 'continueRegularOutput';
		const output = (await runWorkflow(workflow, engineFor(emulator), { items })).output('Check Person');
		expect(output.map((row) => row.proceed ?? row.error)).toEqual([true, 'Minimum Age of item 1 must be a whole number of years from 0 to 150', true]);
	});
});
