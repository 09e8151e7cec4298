import { ConnectionEntity } from './connection.entity';
import { IntegrationSettingsEntity } from './integration-settings.entity';
import { OAuthStateEntity } from './oauth-state.entity';
import { RemoteIdEntity } from './remote-id.entity';

export * from './connection.entity';
export * from './integration-settings.entity';
export * from './oauth-state.entity';
export * from './remote-id.entity';

export const CONNECTIONS_ENTITIES = [ConnectionEntity, OAuthStateEntity, IntegrationSettingsEntity, RemoteIdEntity];
