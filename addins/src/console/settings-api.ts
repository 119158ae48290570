/**
 * @module
 * The Indstillinger section's API calls: the installed plugins (`GET /v1/plugins`) and the
 * organisation's webhooks (`/v1/webhooks`; the signing secret only in the answer to a create).
 */
import type { PluginView } from '@brevdue/shared/api';
import type { BrevdueApi } from '../common/api-client.ts';

export type { PluginView };

/** A webhook as `GET /v1/webhooks` lists it. */
export interface WebhookView {
  id: string;
  url: string;
  active: boolean;
  createdAt: string;
}

export class SettingsApi {
  constructor(readonly api: BrevdueApi) {}

  /** The configured plugins; with `installed`, also those installed but not set up (slower: each is loaded). */
  async plugins(installed = false): Promise<PluginView[]> {
    return (await this.api.json<{ plugins: PluginView[] }>('GET', `/v1/plugins${installed ? '?installed=true' : ''}`)).plugins;
  }

  async webhooks(): Promise<WebhookView[]> {
    return (await this.api.json<{ webhooks: WebhookView[] }>('GET', '/v1/webhooks')).webhooks;
  }

  /** Registers a webhook; the answer's `secret` signs its deliveries and is shown this once. */
  createWebhook(url: string): Promise<WebhookView & { secret: string }> {
    return this.api.json<WebhookView & { secret: string }>('POST', '/v1/webhooks', { url });
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.api.json<null>('DELETE', `/v1/webhooks/${encodeURIComponent(id)}`);
  }
}
