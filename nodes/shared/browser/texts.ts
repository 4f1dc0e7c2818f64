import type { Language } from './language';

/** The pages a person's browser can get from these nodes, one text each per language. */
export type PageKind =
	| 'verified'
	| 'cancelled'
	| 'stopped'
	| 'expired'
	| 'failed'
	| 'notFinished'
	| 'notConfirmedYet'
	| 'unknownLink';

export interface PageText {
	title: string;
	message: string;
}

export interface LanguageTexts {
	pages: Record<PageKind, PageText>;
	/** The button of the "could not confirm yet" page: it asks Signicat again, nothing else. */
	checkAgain: string;
	/** The button of the "not finished" page: it goes back to itsme. */
	continueInItsme: string;
	/** The link the team can put on the abort and error pages (Start Again URL). */
	startAgain: string;
}

/**
 * Written for the person, not for the team: what happened, whether anything was shared, what to do.
 * "Could not confirm yet" is true whatever the cause (Signicat down, slow, or our credentials refused).
 */
export const TEXTS: Record<Language, LanguageTexts> = {
	en: {
		pages: {
			verified: { title: 'Identity verified', message: 'Thank you, your identity has been verified. You can close this window.' },
			cancelled: { title: 'Verification cancelled', message: 'You cancelled the verification in itsme. Nothing was shared.' },
			stopped: {
				title: 'Verification ended',
				message: 'This verification was stopped before it was completed. Nothing was shared. If you still need to verify, please ask for a new link.',
			},
			expired: { title: 'Verification expired', message: 'This verification link has expired. Nothing was shared. Please ask for a new link.' },
			failed: {
				title: 'Verification failed',
				message: 'Something went wrong during the verification. Nothing was shared. Please try again later.',
			},
			notFinished: {
				title: 'Verification not finished',
				message: 'You have not finished the verification in itsme yet. Please finish it in the itsme app, then come back to this page.',
			},
			notConfirmedYet: {
				title: 'We could not confirm your identity yet',
				message:
					'The result of your verification could not be retrieved just now. Nothing is lost: please try again in a moment. If this keeps happening, please contact us.',
			},
			unknownLink: {
				title: 'Unknown verification',
				message: 'This link does not lead to a verification. Please use the link you were sent, or ask for a new one.',
			},
		},
		checkAgain: 'Check again',
		continueInItsme: 'Continue in itsme',
		startAgain: 'Start again',
	},
	nl: {
		pages: {
			verified: { title: 'Identiteit bevestigd', message: 'Bedankt, uw identiteit is bevestigd. U kunt dit venster nu sluiten.' },
			cancelled: { title: 'Verificatie geannuleerd', message: 'U hebt de verificatie in itsme geannuleerd. Er zijn geen gegevens gedeeld.' },
			stopped: {
				title: 'Verificatie stopgezet',
				message: 'Deze verificatie werd stopgezet voordat ze voltooid was. Er zijn geen gegevens gedeeld. Moet u zich nog verifiëren? Vraag dan een nieuwe link aan.',
			},
			expired: { title: 'Verificatie verlopen', message: 'Deze verificatielink is verlopen. Er zijn geen gegevens gedeeld. Vraag een nieuwe link aan.' },
			failed: {
				title: 'Verificatie mislukt',
				message: 'Er ging iets mis tijdens de verificatie. Er zijn geen gegevens gedeeld. Probeer het later opnieuw.',
			},
			notFinished: {
				title: 'Verificatie nog niet afgerond',
				message: 'U hebt de verificatie in itsme nog niet afgerond. Rond ze af in de itsme-app en kom daarna terug naar deze pagina.',
			},
			notConfirmedYet: {
				title: 'We konden uw identiteit nog niet bevestigen',
				message:
					'Het resultaat van uw verificatie kon zonet niet worden opgehaald. Er gaat niets verloren: probeer het zo meteen opnieuw. Blijft het probleem zich voordoen, neem dan contact met ons op.',
			},
			unknownLink: {
				title: 'Onbekende verificatie',
				message: 'Deze link hoort niet bij een verificatie. Gebruik de link die u hebt ontvangen, of vraag een nieuwe aan.',
			},
		},
		checkAgain: 'Opnieuw controleren',
		continueInItsme: 'Verdergaan in itsme',
		startAgain: 'Opnieuw beginnen',
	},
	fr: {
		pages: {
			verified: { title: 'Identité vérifiée', message: 'Merci, votre identité a été vérifiée. Vous pouvez fermer cette fenêtre.' },
			cancelled: { title: 'Vérification annulée', message: "Vous avez annulé la vérification dans itsme. Aucune donnée n'a été partagée." },
			stopped: {
				title: 'Vérification interrompue',
				message:
					"Cette vérification a été interrompue avant d'être terminée. Aucune donnée n'a été partagée. Si vous devez encore vous identifier, demandez un nouveau lien.",
			},
			expired: {
				title: 'Vérification expirée',
				message: "Ce lien de vérification a expiré. Aucune donnée n'a été partagée. Veuillez demander un nouveau lien.",
			},
			failed: {
				title: 'Échec de la vérification',
				message: "Un problème est survenu pendant la vérification. Aucune donnée n'a été partagée. Veuillez réessayer plus tard.",
			},
			notFinished: {
				title: 'Vérification pas encore terminée',
				message: "Vous n'avez pas encore terminé la vérification dans itsme. Terminez-la dans l'application itsme, puis revenez sur cette page.",
			},
			notConfirmedYet: {
				title: "Nous n'avons pas encore pu confirmer votre identité",
				message:
					"Le résultat de votre vérification n'a pas pu être récupéré pour l'instant. Rien n'est perdu\u00a0: réessayez dans quelques instants. Si le problème persiste, contactez-nous.",
			},
			unknownLink: {
				title: 'Vérification inconnue',
				message: 'Ce lien ne correspond à aucune vérification. Utilisez le lien que vous avez reçu ou demandez-en un nouveau.',
			},
		},
		checkAgain: 'Vérifier à nouveau',
		continueInItsme: 'Continuer dans itsme',
		startAgain: 'Recommencer',
	},
	de: {
		pages: {
			verified: { title: 'Identität bestätigt', message: 'Vielen Dank, Ihre Identität wurde bestätigt. Sie können dieses Fenster jetzt schließen.' },
			cancelled: { title: 'Überprüfung abgebrochen', message: 'Sie haben die Überprüfung in itsme abgebrochen. Es wurden keine Daten weitergegeben.' },
			stopped: {
				title: 'Überprüfung beendet',
				message:
					'Diese Überprüfung wurde beendet, bevor sie abgeschlossen war. Es wurden keine Daten weitergegeben. Falls Sie sich noch ausweisen müssen, fordern Sie bitte einen neuen Link an.',
			},
			expired: {
				title: 'Überprüfung abgelaufen',
				message: 'Dieser Link zur Überprüfung ist abgelaufen. Es wurden keine Daten weitergegeben. Bitte fordern Sie einen neuen Link an.',
			},
			failed: {
				title: 'Überprüfung fehlgeschlagen',
				message: 'Bei der Überprüfung ist ein Fehler aufgetreten. Es wurden keine Daten weitergegeben. Bitte versuchen Sie es später erneut.',
			},
			notFinished: {
				title: 'Überprüfung noch nicht abgeschlossen',
				message: 'Sie haben die Überprüfung in itsme noch nicht abgeschlossen. Schließen Sie sie in der itsme-App ab und kehren Sie dann zu dieser Seite zurück.',
			},
			notConfirmedYet: {
				title: 'Wir konnten Ihre Identität noch nicht bestätigen',
				message:
					'Das Ergebnis Ihrer Überprüfung konnte gerade nicht abgerufen werden. Es ist nichts verloren: Bitte versuchen Sie es gleich noch einmal. Wenn das Problem bestehen bleibt, wenden Sie sich bitte an uns.',
			},
			unknownLink: {
				title: 'Unbekannte Überprüfung',
				message: 'Dieser Link gehört zu keiner Überprüfung. Verwenden Sie den Link, den Sie erhalten haben, oder fordern Sie einen neuen an.',
			},
		},
		checkAgain: 'Erneut prüfen',
		continueInItsme: 'Weiter in itsme',
		startAgain: 'Neu beginnen',
	},
};
