import { escapeHtml } from '../../nodes/shared/browser/page';
import type { TestPerson } from './persons';

/** The itsme-like page behind a session's authenticationUrl: pick a test identity, then approve, cancel or fail. */
export function renderLoginPage(sessionId: string, persons: readonly TestPerson[], action: string): string {
	const options = persons
		.map(
			(person, index) =>
				`<label class="person"><input type="radio" name="person" value="${escapeHtml(person.key)}"${
					index === 0 ? ' checked' : ''
				}> <span>${escapeHtml(person.firstName)} ${escapeHtml(person.lastName)}</span> <small>${escapeHtml(
					person.label,
				)}</small></label>`,
		)
		.join('\n');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>itsme® (Signicat emulator)</title>
<style>
body { font-family: system-ui, sans-serif; background: #f4f1ee; margin: 0; color: #1d1d1b; }
main { max-width: 26rem; margin: 3rem auto; background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 2px 12px #0002; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h1 b { color: #ff4612; }
p.note { color: #666; font-size: .85rem; margin-top: 0; }
fieldset { border: 0; padding: 0; margin: 1.5rem 0; }
.person { display: block; padding: .6rem .8rem; border: 1px solid #ddd; border-radius: 8px; margin: .4rem 0; cursor: pointer; }
.person small { color: #777; display: block; margin-left: 1.5rem; }
button { font-size: 1rem; padding: .7rem 1rem; border-radius: 8px; border: 0; cursor: pointer; margin: .25rem 0; width: 100%; }
button.approve { background: #ff4612; color: #fff; } button.cancel { background: #eee; } button.error { background: #fff; border: 1px solid #c00; color: #c00; }
</style>
</head>
<body>
<main>
<h1><b>itsme</b>® test login</h1>
<p class="note">Signicat emulator: no real identity is used. Session ${escapeHtml(sessionId)}</p>
<form method="post" action="${escapeHtml(action)}">
<fieldset><legend>Log in as</legend>
${options}
</fieldset>
<button class="approve" type="submit" name="outcome" value="success" id="approve">Approve</button>
<button class="cancel" type="submit" name="outcome" value="abort" id="cancel">Cancel</button>
<button class="error" type="submit" name="outcome" value="error" id="error">Simulate an error</button>
<p class="note">Or finish on the phone, as if the browser never came back (only Signicat's events tell the service):</p>
<button class="approve" type="submit" name="outcome" value="success-in-app" id="approve-in-app">Approve in the itsme app and close this tab</button>
<button class="cancel" type="submit" name="outcome" value="abort-in-app" id="cancel-in-app">Cancel in the itsme app and close this tab</button>
</form>
</main>
</body>
</html>`;
}

export function renderMessagePage(title: string, message: string): string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 30rem; margin: 3rem auto"><h1>${escapeHtml(
		title,
	)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}
