import { Injectable, Logger } from '@nestjs/common';
import { ApiError, isCommerceError, type KeyProvisioning, type ProviderPlugin } from '@storebridge/contracts';
import { ConnectStates, invalidState } from './connect-states.service';
import { ConnectService, provisioningOf, type ConnectResult } from './connect.service';
import type { StatePayload } from './state-token';

/**
 * The two ends of key provisioning (KeyProvisioning, e.g. WooCommerce's
 * `/wc-auth/v1/authorize`) after ConnectService sent the merchant to the
 * provider: the provider's server-to-server delivery of the keys, and the
 * merchant's browser coming back. The delivery carries no signature, only
 * the nonce (our signed state), so the keys are held sealed on the attempt
 * and become a connection only once they work against the store the
 * attempt was started for.
 */
@Injectable()
export class KeyProvisioningService {
  private readonly logger = new Logger('KeyProvisioning');

  constructor(
    private readonly connect: ConnectService,
    private readonly states: ConnectStates,
  ) {}

  private provisioning(code: string): { plugin: ProviderPlugin; provisioning: KeyProvisioning } {
    const plugin = this.connect.requirePlugin(code);
    const provisioning = provisioningOf(plugin);
    if (!provisioning) throw ApiError.badRequest('not_provisioning', `${plugin.displayName} does not create keys on approval`);
    return { plugin, provisioning };
  }

  private attempt(code: string, nonce: string | null | undefined): StatePayload {
    const payload = this.states.peek(nonce);
    if (payload.provider !== code) throw invalidState('The state was issued for another provider');
    return payload;
  }

  /** The provider's POST with the new keys: held for the attempt its nonce names; anything else stores nothing. */
  async receiveKeys(code: string, rawBody: Buffer): Promise<void> {
    const { provisioning } = this.provisioning(code);
    let delivery: ReturnType<KeyProvisioning['parseDelivery']>;
    try {
      delivery = provisioning.parseDelivery(rawBody);
    } catch (e) {
      if (isCommerceError(e)) throw ApiError.badRequest('invalid_delivery', e.message);
      throw e;
    }
    const payload = this.attempt(code, delivery.nonce);
    await this.states.asTenant(payload, () => this.states.holdKeys(payload, delivery.credentials));
    this.logger.log(`${code}: keys received for a connect attempt`);
  }

  /**
   * The merchant's browser back from the provider: ends the attempt (once);
   * on approval, checks the delivered keys against the store with one
   * authenticated call and stores them as a PENDING connection, which the
   * consumer's `POST callback` then secures like every other.
   */
  async finishReturn(code: string, query: Record<string, string>): Promise<ConnectResult> {
    const { plugin, provisioning } = this.provisioning(code);
    const back = provisioning.parseReturn(query);
    const payload = this.attempt(code, back.nonce);
    return this.states.asTenant(payload, async () => {
      const keys = await this.states.completeReturn(payload);
      if (!back.approved) throw ApiError.badRequest('authorization_denied', 'The store owner did not grant access');
      if (!keys) throw ApiError.badRequest('keys_not_received', `${plugin.displayName} did not deliver the keys; start the connection again`);
      const store = await this.connect.storeOf(plugin, payload);
      const settings = await this.states.settingsOf(payload);
      await this.connect.verifyCredentials(plugin, store, keys, settings);
      return this.connect.createConnection(payload, plugin, store, keys, settings);
    });
  }
}
