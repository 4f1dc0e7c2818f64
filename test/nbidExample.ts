/**
 * Signicat's docs example of a Norwegian BankID person through the Authentication REST API
 * ("embedded get session response normal", developer.signicat.com/identity-methods/nbid/
 * integration-guide/auth-api-nbid/): the subject, with BankID's own nbid… keys.
 */
export const NBID_SUBJECT = {
	id: 'IgGIO1BBMio6uOV8OzrbfJcWR1o91ANOY9l6I96NhG8=',
	idpId: '9578-6000-4-1663921',
	name: 'Kari Nordmann',
	firstName: 'Kari',
	lastName: 'Nordmann',
	dateOfBirth: '1990-02-17',
	nin: { value: '17029012345', issuingCountry: 'NO', type: 'BIRTH' },
	nbidAlternativeSubject: '9578-6000-4-1663921',
	nbidIdp: 'BIS',
	nbidSubjectUuid: 'vFafzatjbz1_k_FlizIpRzxrPspN_i_0mGLd0mWRVNM',
	nbidOriginator: 'CN=BankID - TestBank1 - Bank CA 3,OU=123456789,O=TestBank1 AS,C=NO;OrginatorId=9980;OriginatorName=BINAS;OriginatorId=9980',
	nbidSid: '2me2o_eoI4TZQpv4z8qN2GSsWgfMZxCtWowY9s38p8Y',
};
