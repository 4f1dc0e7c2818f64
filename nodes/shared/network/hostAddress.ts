/**
 * A URL's hostname as an address: IPv4 (IPv4-mapped IPv6 included, in either form), IPv6, or a name.
 * One parser for the two questions asked of hosts: may http:// carry the client secret there
 * (auth/privateHost), and can a person's device reach a callback URL there (callbacks/callbackHints).
 */
export type HostAddress = { ipv4: number[] } | { ipv6: string } | { name: string };

export function hostAddress(hostname: string): HostAddress {
	// As a URL writes it: [brackets] around IPv6, maybe a final dot, IPv4-mapped addresses in hex (::ffff:a00:1).
	const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
	const dotted = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (dotted) return { ipv4: dotted.slice(1).map(Number) };
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
	if (mapped) {
		const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
		return { ipv4: [high >> 8, high & 0xff, low >> 8, low & 0xff] };
	}
	return host.includes(':') ? { ipv6: host } : { name: host };
}

/** Loopback (127/8) and RFC 1918 (10/8, 172.16/12, 192.168/16). */
export function isPrivateIpv4([a, b]: number[]): boolean {
	return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** This machine: 127/8, ::1, localhost and *.localhost (in any of the forms hostAddress reads). */
export function isLoopback(hostname: string): boolean {
	const address = hostAddress(hostname);
	if ('ipv4' in address) return address.ipv4[0] === 127;
	if ('ipv6' in address) return address.ipv6 === '::1';
	return address.name === 'localhost' || address.name.endsWith('.localhost');
}
