import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { credentialSecret } from '../../shared/api/executionCredential';
import { protectNationalNumber } from '../../shared/identity/personalData';
import { flattenOptionsOf, personalDataOptions } from '../../shared/identity/personalDataOptions';
import { readItemInputs, runPerItem } from '../items/runPerItem';
import { dayIn } from '../checks/age';
import type { CalendarDate } from '../checks/dates';
import { DATE_FORMATS_READ } from '../checks/dates';
import { isBlank } from '../checks/fieldCheck';
import { isKeyedHash, nationalNumberDigits } from '../checks/nationalNumber';
import type { PersonFields } from '../checks/personCheck';
import { checkPerson } from '../checks/personCheck';
import { forOperation, optionsProperty } from './common';

const show = forOperation('check');
const MAX_AGE = 150;

const field = (name: string, displayName: string, defaultValue: string, description: string, extra: Partial<INodeProperties> = {}): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: defaultValue,
	description,
	displayOptions: show,
	...extra,
});

/** The parameter of each field: `verifiedFirstName` (by default the item's own field), `typedFirstName`, … */
const parameterNames = (side: 'verified' | 'typed'): Record<keyof PersonFields, string> => ({
	firstName: `${side}FirstName`,
	lastName: `${side}LastName`,
	dateOfBirth: `${side}DateOfBirth`,
	nationalNumber: `${side}NationalNumber`,
});
const VERIFIED = parameterNames('verified');
const TYPED = parameterNames('typed');

export const description: INodeProperties[] = [
	{
		displayName:
			'Compares what the person typed in your application with the person itsme verified, field by field, and says whether to proceed. Put it after the itsme Trigger, Get Session or Wait for Completion. No request to Signicat.',
		name: 'checkNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	field(TYPED.firstName, 'Typed First Name', '', 'The first name (given names) the person typed in the application', {
		required: true,
		placeholder: "{{ $('Application form').item.json['First name'] }}",
	}),
	field(TYPED.lastName, 'Typed Last Name', '', 'The last name the person typed in the application', { required: true }),
	field(TYPED.dateOfBirth, 'Typed Date of Birth', '', `The date of birth the person typed, day first or ISO: ${DATE_FORMATS_READ.join(', ')}`, {
		required: true,
		placeholder: '31/12/1990',
	}),
	field(TYPED.nationalNumber, 'Typed National Number', '', 'The national number the person typed, if you ask for it; only its digits count. Empty: not compared.', {
		placeholder: '81.04.24-198.35',
	}),
	field(VERIFIED.firstName, 'Verified First Name', '={{ $json.firstName }}', 'The first name itsme verified; by default that of the item coming in'),
	field(VERIFIED.lastName, 'Verified Last Name', '={{ $json.lastName }}', 'The last name itsme verified; by default that of the item coming in'),
	field(VERIFIED.dateOfBirth, 'Verified Date of Birth', '={{ $json.dateOfBirth }}', 'The date of birth itsme verified; by default that of the item coming in'),
	field(
		VERIFIED.nationalNumber,
		'Verified National Number',
		'={{ $json.nationalNumber }}',
		'The national number itsme verified (as is or as its keyed hash; a masked one cannot confirm a match); read only when a national number was typed',
	),
	{
		displayName: 'Accept Close Matches',
		name: 'acceptClose',
		type: 'boolean',
		default: false,
		description:
			'Whether a close name (e.g. Vandenbroeck for Van den Broeck, Jean-Marie for Jean-Marie Pierre) is enough to proceed; otherwise it does not proceed, for a person to review',
		displayOptions: show,
	},
	{
		displayName: 'Allow Swapped Names',
		name: 'allowSwappedNames',
		type: 'boolean',
		default: false,
		description: "Whether a first and last name typed in each other's field may count",
		displayOptions: show,
	},
	{
		displayName: 'Minimum Age',
		name: 'minimumAge',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_AGE },
		default: 0,
		description: "The age in whole years the person must have at least today, in the workflow's time zone. 0 requires none.",
		displayOptions: show,
	},
	optionsProperty(
		'check',
		personalDataOptions.filter(({ name }) => name === 'nationalNumber'),
	),
];

/** The four fields of the person, read from the parameters named in `names`. */
const fieldsOf = (context: IExecuteFunctions, names: Record<keyof PersonFields, string>, itemIndex: number): PersonFields => ({
	firstName: context.getNodeParameter(names.firstName, itemIndex, ''),
	lastName: context.getNodeParameter(names.lastName, itemIndex, ''),
	dateOfBirth: context.getNodeParameter(names.dateOfBirth, itemIndex, ''),
	nationalNumber: context.getNodeParameter(names.nationalNumber, itemIndex, ''),
});

function minimumAgeOf(context: IExecuteFunctions, itemIndex: number): number {
	const age = Number(context.getNodeParameter('minimumAge', itemIndex, 0) ?? 0);
	if (!Number.isInteger(age) || age < 0 || age > MAX_AGE) {
		throw new NodeOperationError(context.getNode(), `Minimum Age of item ${itemIndex} must be a whole number of years from 0 to ${MAX_AGE}`, { itemIndex });
	}
	return age;
}

/** The day of the check in the workflow's time zone (its Timezone setting, else n8n's default). */
function dayOfCheck(context: IExecuteFunctions): CalendarDate {
	try {
		return dayIn(new Date(), context.getTimezone());
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

/** Checks each item's application against its verified person; the item's own fields pass through. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const today = dayOfCheck(this);
	const items = this.getInputData();
	const inputs = await readItemInputs(this, async (itemIndex) => {
		const verified = fieldsOf(this, VERIFIED, itemIndex);
		const typed = fieldsOf(this, TYPED, itemIndex);
		const compared = !isBlank(typed.nationalNumber);
		const output = await flattenOptionsOf(this, this.getNodeParameter('options', itemIndex, {}) as IDataObject, itemIndex);
		// A verified number that left an earlier node as its keyed hash is compared by hashing the typed one.
		const hashKey = compared && isKeyedHash(verified.nationalNumber) ? await credentialSecret(this, 'hashSecretKey') : '';
		const check = {
			verified,
			typed,
			acceptClose: this.getNodeParameter('acceptClose', itemIndex, false) === true,
			allowSwappedNames: this.getNodeParameter('allowSwappedNames', itemIndex, false) === true,
			minimumAge: minimumAgeOf(this, itemIndex),
			today,
			hashKey,
		};
		// The typed number is never written out in full, whatever the option: masked at most.
		const digits = compared ? nationalNumberDigits(typed.nationalNumber) : undefined;
		const mode = output.nationalNumber === 'asIs' ? 'masked' : output.nationalNumber;
		return { check, typedNationalNumber: protectNationalNumber(digits, mode, output.hashKey) };
	});
	// Nothing here waits on Signicat: one item after the other.
	return await runPerItem(this, 1, inputs, async ({ check, typedNationalNumber }, { itemIndex }) => ({
		...items[itemIndex].json,
		...checkPerson(check),
		...(typedNationalNumber !== undefined ? { typedNationalNumber } : {}),
	}));
}
