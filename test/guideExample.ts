/** The example person of Signicat's itsme guide, as the subject of a SUCCESS session. */
export const GUIDE_SUBJECT = {
	id: 'tXOq9614vLHkXBkENWcZGQO02Fc98IPaHq6iRwK-ytA=',
	idpId: 'rpx5rrbsn4ktvhm3m0q4uh2iepsdat34i9vf',
	name: 'Maxence Legrand',
	firstName: 'Maxence',
	lastName: 'Legrand',
	dateOfBirth: '1981-04-24',
	nin: { value: '81042419835', issuingCountry: 'BE', type: 'PERSON' },
};

/**
 * The guide's example person as the flat record that Get Session and the trigger put out with their
 * default options: the national number masked.
 */
export const GUIDE_RECORD = {
	status: 'SUCCESS',
	verified: true,
	provider: 'itsme',
	itsmeUserId: GUIDE_SUBJECT.id,
	idpId: GUIDE_SUBJECT.idpId,
	firstName: 'Maxence',
	lastName: 'Legrand',
	name: 'Maxence Legrand',
	dateOfBirth: '1981-04-24',
	nationalNumber: '810424*****',
	nationalNumberCountry: 'BE',
};
