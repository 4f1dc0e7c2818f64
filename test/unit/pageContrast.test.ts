import { renderPage } from '../../nodes/shared/browser/page';

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
	const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light + 0.05) / (dark + 0.05);
};

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
