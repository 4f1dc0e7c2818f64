import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ServerProcess } from './serverProcess';

const root = resolve(__dirname, '../..');

export interface LoadBalancerOptions {
	/** A fresh folder for nginx's configuration, temporary files and access log. */
	folder: string;
	port: number;
	/** The `n8n webhook` processes' ports: production webhooks go to them, round robin. */
	webhookPorts: number[];
	/** The main n8n's port: the editor, its API and everything else. */
	mainPort: number;
	log?: (line: string) => void;
}

/** One proxied request, as nginx's access log records it. */
export interface ProxiedRequest {
	/** `127.0.0.1:<port>` of the n8n process that answered. */
	upstream: string;
	method: string;
	uri: string;
	status: number;
	/** The request body (a Signicat event names its session there). */
	body: string;
}

/**
 * The load balancer of n8n's scaling guide: nginx from Debian's packages in front of the `n8n
 * webhook` processes, round robin (nginx's default), for the production URLs (`/webhook/`,
 * `/webhook-waiting/`, `/form/`, `/form-waiting/`); everything else goes to main. A request is
 * never sent twice: nginx does not retry a POST on another process once it was sent.
 */
export class LoadBalancer {
	readonly url: string;
	private readonly process: ServerProcess;
	private readonly accessLog: string;

	constructor(options: LoadBalancerOptions) {
		execFileSync('bash', [join(root, 'scripts/ensure-debian-packages.sh'), 'nginx'], { stdio: 'inherit' });
		const { folder, port, webhookPorts, mainPort, log } = options;
		this.url = `http://localhost:${port}`;
		mkdirSync(folder, { recursive: true });
		this.accessLog = join(folder, 'access.log');
		const upstream = (ports: number[]) => ports.map((p) => `server 127.0.0.1:${p};`).join(' ');
		const config = `
daemon off;
pid ${join(folder, 'nginx.pid')};
error_log stderr notice;
worker_processes 1;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path ${join(folder, 'client_body')};
	proxy_temp_path ${join(folder, 'proxy')};
	fastcgi_temp_path ${join(folder, 'fastcgi')};
	uwsgi_temp_path ${join(folder, 'uwsgi')};
	scgi_temp_path ${join(folder, 'scgi')};
	log_format proxied escape=json '{"upstream":"$upstream_addr","method":"$request_method","uri":"$request_uri","status":$status,"body":"$request_body"}';
	upstream n8n_webhooks { ${upstream(webhookPorts)} }
	upstream n8n_main { ${upstream([mainPort])} }
	client_max_body_size 16m;
	client_body_buffer_size 16m;
	proxy_http_version 1.1;
	proxy_set_header Host $http_host;
	proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
	proxy_set_header X-Forwarded-Proto $scheme;
	proxy_read_timeout 300s;
	server {
		listen 127.0.0.1:${port};
		location ~ ^/(webhook|webhook-waiting|form|form-waiting)/ {
			access_log ${this.accessLog} proxied;
			proxy_pass http://n8n_webhooks;
		}
		location / {
			proxy_set_header Upgrade $http_upgrade;
			proxy_set_header Connection $http_connection;
			proxy_pass http://n8n_main;
		}
	}
}
`;
		const configFile = join(folder, 'nginx.conf');
		writeFileSync(configFile, config);
		writeFileSync(this.accessLog, '');
		// `-e stderr`: nginx would first open its packaged error log (/var/log/nginx), root's only.
		this.process = new ServerProcess('nginx', '/usr/sbin/nginx', ['-p', folder, '-c', configFile, '-e', 'stderr'], {
			readyLine: 'start worker process',
			log,
		});
	}

	async start(): Promise<void> {
		await this.process.start(30_000);
	}

	async stop(): Promise<void> {
		await this.process.stop();
	}

	/** Every proxied production request so far (nginx writes each line once the answer is sent). */
	requests(): ProxiedRequest[] {
		return readFileSync(this.accessLog, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as ProxiedRequest);
	}
}
