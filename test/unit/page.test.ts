import { renderPage } from '../../nodes/shared/browser/page';
import { contrastRatio, hexChannels } from '../harness/contrast';

const contrast = (a: string, b: string): number => contrastRatio(hexChannels(a), hexChannels(b));

/** The colours the rendered page declares, by selector, read from its own <style>. */
function declaredColours(html: string): Record<string, Record<string, string>> {
	const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
	const rules: Record<string, Record<string, string>> = {};
	for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
		const declarations: Record<string, string> = {};
		for (const [, property, value] of body.matchAll(/([a-z-]+)\s*:\s*([^;]+)/g)) {
			const colour = /#[0-9a-f]{6}\b|#[0-9a-f]{3}\b/i.exec(value)?.[0];
			if (colour) declarations[property] = colour;
		}
		rules[selector.trim()] = declarations;
	}
	return rules;
}

describe('the colours of the page the person sees (WCAG AA)', () => {
	const html = renderPage({ title: 'T', message: 'M', action: { href: 'https://x.test/', label: 'Check again' } }, 'en');
	const rules = declaredColours(html);

	it('text on the page and on the card: at least 4.5:1', () => {
		expect(contrast(rules.body.color, rules.body.background)).toBeGreaterThanOrEqual(4.5);
		expect(contrast(rules.body.color, rules.main.background)).toBeGreaterThanOrEqual(4.5);
	});

	it("the button's text on the button: at least 4.5:1 (itsme's #ff4612 gave about 3.4:1)", () => {
		expect(contrast(rules['a.action'].color, rules['a.action'].background)).toBeGreaterThanOrEqual(4.5);
		expect(contrast('#ffffff', '#ff4612')).toBeLessThan(4.5);
	});

	it('a visible focus ring: at least 3:1 against the card', () => {
		expect(rules['a.action:focus-visible'].outline).toBeDefined();
		expect(contrast(rules['a.action:focus-visible'].outline, rules.main.background)).toBeGreaterThanOrEqual(3);
	});

	it('no scripts, no external assets, the language on <html>', () => {
		expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
		expect(renderPage({ title: 'T', message: 'M' }, 'fr')).toContain('<html lang="fr">');
	});
});
