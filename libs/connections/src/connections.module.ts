import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectPageController } from './connect/connect-page.controller';
import { ConnectStates } from './connect/connect-states.service';
import { ConnectService } from './connect/connect.service';
import { IntegrationsController } from './connect/integrations.controller';
import { KeyProvisioningService } from './connect/key-provisioning.service';
import { CONNECTIONS_OPTIONS, type ConnectionsOptions } from './connections.options';
import { ConnectionsService } from './connections/connections.service';
import { CONNECTIONS_ENTITIES } from './entities';
import { UnifiedCommerceController } from './unified/unified-commerce.controller';
import { UnifiedCommerceService } from './unified/unified-commerce.service';
import { UnifiedIdsService } from './unified/unified-ids.service';
import { CredentialVault } from './vault/credential-vault';
import { KeyRing } from './vault/key-ring';
import { KeyRotationService } from './vault/key-rotation.service';

export interface ConnectionsModuleOptions {
  /**
   * The host's module that provides and exports PLUGIN_REGISTRY,
   * CONNECTION_CONTEXT_FACTORY (built on the plugin SDK) and
   * CONNECTIONS_OPTIONS. This lib never imports the SDK or a plugin.
   */
  host: NonNullable<ModuleMetadata['imports']>[number];
}

/** Provider plugins, the connect flow, the credential vault and the unified API per connection. */
@Module({})
export class ConnectionsModule {
  static forRoot(options: ConnectionsModuleOptions): DynamicModule {
    return {
      module: ConnectionsModule,
      imports: [TypeOrmModule.forFeature(CONNECTIONS_ENTITIES), options.host],
      controllers: [IntegrationsController, ConnectPageController, UnifiedCommerceController],
      providers: [
        // Built at start: in production without a master key this throws, and start-up stops.
        { provide: KeyRing, inject: [CONNECTIONS_OPTIONS], useFactory: (o: ConnectionsOptions) => new KeyRing(o) },
        { provide: CredentialVault, inject: [KeyRing], useFactory: (keys: KeyRing) => new CredentialVault(keys) },
        KeyRotationService,
        ConnectionsService,
        ConnectStates,
        ConnectService,
        KeyProvisioningService,
        UnifiedIdsService,
        UnifiedCommerceService,
      ],
      exports: [ConnectionsService, UnifiedCommerceService, KeyRotationService, KeyRing],
    };
  }
}

export { CONNECTIONS_ENTITIES };
