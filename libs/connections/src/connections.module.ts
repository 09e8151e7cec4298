import { Module } from '@nestjs/common';

/** Provider plugins, the connect flow, the credential vault and the unified API per connection. */
@Module({})
export class ConnectionsModule {}

export const CONNECTIONS_ENTITIES: Array<new () => unknown> = [];
