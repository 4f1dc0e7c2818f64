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
