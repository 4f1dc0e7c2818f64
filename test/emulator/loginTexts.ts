import type { Language } from '../../nodes/shared/browser/language';

/** The words of the emulator's itsme page, in the session's language, as itsme shows its own. */
export interface LoginTexts {
	pageTitle: string;
	heading: string;
	note: (sessionId: string) => string;
	logInAs: string;
	approve: string;
	cancel: string;
	error: string;
	inAppNote: string;
	approveInApp: string;
	cancelInApp: string;
	finishedTitle: string;
	/** What a finished login says, by the session's status (Back after the journey). */
	finished: Record<string, string>;
	closeTab: string;
	unknownTitle: string;
	unknownMessage: string;
	chooseTitle: string;
	chooseMessage: string;
	doneInAppTitle: string;
	doneTitle: string;
}

export const LOGIN_TEXTS: Record<Language, LoginTexts> = {
	en: {
		pageTitle: 'itsme® (Signicat emulator)',
		heading: 'test login',
		note: (id) => `Signicat emulator: no real identity is used. Session ${id}`,
		logInAs: 'Log in as',
		approve: 'Approve',
		cancel: 'Cancel',
		error: 'Simulate an error',
		inAppNote: "Or finish on the phone, as if the browser never came back (only Signicat's events tell the service):",
		approveInApp: 'Approve in the itsme app and close this tab',
		cancelInApp: 'Cancel in the itsme app and close this tab',
		finishedTitle: 'Login finished',
		finished: {
			SUCCESS: 'You already approved this login in itsme.',
			ABORT: 'You already cancelled this login in itsme.',
			ERROR: 'This login ended with an error.',
			CANCELLED: 'This login was stopped by the service.',
			EXPIRED: 'This login has expired.',
		},
		closeTab: 'You can close this tab.',
		unknownTitle: 'Unknown login',
		unknownMessage: 'This login link is not valid.',
		chooseTitle: 'Choose an answer',
		chooseMessage: 'Choose approve, cancel or error.',
		doneInAppTitle: 'Done in the itsme app',
		doneTitle: 'Done',
	},
	nl: {
		pageTitle: 'itsme® (Signicat-emulator)',
		heading: 'testaanmelding',
		note: (id) => `Signicat-emulator: er wordt geen echte identiteit gebruikt. Sessie ${id}`,
		logInAs: 'Aanmelden als',
		approve: 'Goedkeuren',
		cancel: 'Annuleren',
		error: 'Een fout nabootsen',
		inAppNote: 'Of rond af op de telefoon, alsof de browser nooit terugkomt (alleen de events van Signicat verwittigen de dienst):',
		approveInApp: 'Goedkeuren in de itsme-app en dit tabblad sluiten',
		cancelInApp: 'Annuleren in de itsme-app en dit tabblad sluiten',
		finishedTitle: 'Aanmelding afgerond',
		finished: {
			SUCCESS: 'U hebt deze aanmelding al goedgekeurd in itsme.',
			ABORT: 'U hebt deze aanmelding al geannuleerd in itsme.',
			ERROR: 'Deze aanmelding eindigde met een fout.',
			CANCELLED: 'Deze aanmelding werd stopgezet door de dienst.',
			EXPIRED: 'Deze aanmelding is verlopen.',
		},
		closeTab: 'U kunt dit tabblad sluiten.',
		unknownTitle: 'Onbekende aanmelding',
		unknownMessage: 'Deze aanmeldlink is niet geldig.',
		chooseTitle: 'Kies een antwoord',
		chooseMessage: 'Kies goedkeuren, annuleren of een fout.',
		doneInAppTitle: 'Afgerond in de itsme-app',
		doneTitle: 'Afgerond',
	},
	fr: {
		pageTitle: 'itsme® (émulateur Signicat)',
		heading: 'connexion de test',
		note: (id) => `Émulateur Signicat\u00a0: aucune identité réelle n'est utilisée. Session ${id}`,
		logInAs: 'Se connecter en tant que',
		approve: 'Approuver',
		cancel: 'Annuler',
		error: 'Simuler une erreur',
		inAppNote: "Ou terminez sur le téléphone, comme si le navigateur ne revenait jamais (seuls les événements de Signicat informent le service)\u00a0:",
		approveInApp: "Approuver dans l'app itsme et fermer cet onglet",
		cancelInApp: "Annuler dans l'app itsme et fermer cet onglet",
		finishedTitle: 'Connexion terminée',
		finished: {
			SUCCESS: 'Vous avez déjà approuvé cette connexion dans itsme.',
			ABORT: 'Vous avez déjà annulé cette connexion dans itsme.',
			ERROR: "Cette connexion s'est terminée par une erreur.",
			CANCELLED: 'Cette connexion a été interrompue par le service.',
			EXPIRED: 'Cette connexion a expiré.',
		},
		closeTab: 'Vous pouvez fermer cet onglet.',
		unknownTitle: 'Connexion inconnue',
		unknownMessage: "Ce lien de connexion n'est pas valide.",
		chooseTitle: 'Choisissez une réponse',
		chooseMessage: 'Choisissez approuver, annuler ou simuler une erreur.',
		doneInAppTitle: "Terminé dans l'app itsme",
		doneTitle: 'Terminé',
	},
	de: {
		pageTitle: 'itsme® (Signicat-Emulator)',
		heading: 'Testanmeldung',
		note: (id) => `Signicat-Emulator: Es wird keine echte Identität verwendet. Sitzung ${id}`,
		logInAs: 'Anmelden als',
		approve: 'Bestätigen',
		cancel: 'Abbrechen',
		error: 'Fehler simulieren',
		inAppNote: 'Oder am Telefon abschließen, als käme der Browser nie zurück (nur die Events von Signicat informieren den Dienst):',
		approveInApp: 'In der itsme-App bestätigen und diesen Tab schließen',
		cancelInApp: 'In der itsme-App abbrechen und diesen Tab schließen',
		finishedTitle: 'Anmeldung abgeschlossen',
		finished: {
			SUCCESS: 'Sie haben diese Anmeldung in itsme bereits bestätigt.',
			ABORT: 'Sie haben diese Anmeldung in itsme bereits abgebrochen.',
			ERROR: 'Diese Anmeldung endete mit einem Fehler.',
			CANCELLED: 'Diese Anmeldung wurde vom Dienst beendet.',
			EXPIRED: 'Diese Anmeldung ist abgelaufen.',
		},
		closeTab: 'Sie können diesen Tab schließen.',
		unknownTitle: 'Unbekannte Anmeldung',
		unknownMessage: 'Dieser Anmeldelink ist nicht gültig.',
		chooseTitle: 'Wählen Sie eine Antwort',
		chooseMessage: 'Wählen Sie Bestätigen, Abbrechen oder Fehler simulieren.',
		doneInAppTitle: 'In der itsme-App abgeschlossen',
		doneTitle: 'Abgeschlossen',
	},
};
