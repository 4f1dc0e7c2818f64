import type { Language } from '../../nodes/shared/browser/language';
import { escapeHtml } from '../../nodes/shared/browser/page';
import { LOGIN_TEXTS } from './loginTexts';
import type { TestPerson } from './persons';

const STYLE = `body { font-family: system-ui, sans-serif; background: #f4f1ee; margin: 0; color: #1d1d1b; line-height: 1.45; }
main { max-width: 26rem; margin: 3rem auto; background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 2px 12px #0002; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h1 b { color: #c2360a; }
p.note { color: #595959; font-size: .85rem; margin-top: 0; }
fieldset { border: 0; padding: 0; margin: 1.5rem 0; }
.person { display: block; padding: .6rem .8rem; border: 1px solid #ddd; border-radius: 8px; margin: .4rem 0; cursor: pointer; }
.person small { color: #595959; display: block; margin-left: 1.5rem; }
button { font-size: 1rem; padding: .7rem 1rem; border-radius: 8px; border: 0; cursor: pointer; margin: .25rem 0; width: 100%; }
button.approve { background: #c2360a; color: #fff; } button.cancel { background: #eee; color: #1d1d1b; } button.error { background: #fff; border: 1px solid #b00; color: #b00; }
button:focus-visible, input:focus-visible { outline: 3px solid #1d1d1b; outline-offset: 2px; }`;

const shell = (language: Language, title: string, body: string): string => `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${STYLE}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;

/** The itsme-like page behind a session's authenticationUrl: pick a test identity, then approve, cancel or fail. */
export function renderLoginPage(sessionId: string, persons: readonly TestPerson[], action: string, language: Language): string {
	const t = LOGIN_TEXTS[language];
	const options = persons
		.map(
			(person, index) =>
				`<label class="person"><input type="radio" name="person" value="${escapeHtml(person.key)}"${
					index === 0 ? ' checked' : ''
				}> <span>${escapeHtml(person.firstName)} ${escapeHtml(person.lastName)}</span> <small>${escapeHtml(
					person.label[language],
				)}</small></label>`,
		)
		.join('\n');
	return shell(
		language,
		t.pageTitle,
		`<h1><b>itsme</b>® ${escapeHtml(t.heading)}</h1>
<p class="note">${escapeHtml(t.note(sessionId))}</p>
<form method="post" action="${escapeHtml(action)}">
<fieldset><legend>${escapeHtml(t.logInAs)}</legend>
${options}
</fieldset>
<button class="approve" type="submit" name="outcome" value="success" id="approve">${escapeHtml(t.approve)}</button>
<button class="cancel" type="submit" name="outcome" value="abort" id="cancel">${escapeHtml(t.cancel)}</button>
<button class="error" type="submit" name="outcome" value="error" id="error">${escapeHtml(t.error)}</button>
<p class="note">${escapeHtml(t.inAppNote)}</p>
<button class="approve" type="submit" name="outcome" value="success-in-app" id="approve-in-app">${escapeHtml(t.approveInApp)}</button>
<button class="cancel" type="submit" name="outcome" value="abort-in-app" id="cancel-in-app">${escapeHtml(t.cancelInApp)}</button>
</form>`,
	);
}

/** A short page of the emulator's itsme site (finished or unknown login, done in the app), styled as the login page. */
export function renderMessagePage(title: string, message: string, language: Language): string {
	return shell(language, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
