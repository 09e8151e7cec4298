import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** A connection's settings: an object the provider's plugin checks (422 `invalid_settings` for what it refuses). */
const SETTINGS_PROPERTY = {
  type: 'object',
  additionalProperties: true,
  example: { hostRateLimit: { requests: 120, windowSeconds: 60 } },
  description:
    "Per-connection options the provider's plugin reads, e.g. WooCommerce's `hostRateLimit` (the limit of the host in front of the store, which requests are paced to). A provider without options takes only `{}`.",
} as const;

export class AuthUrlDto {
  @ApiPropertyOptional({ example: 'shopify', description: 'Go straight to this provider; without it the URL opens the connect page.' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'provider must be a lowercase provider code' })
  provider?: string;

  @ApiPropertyOptional({ example: 'commerce', default: 'commerce' })
  @IsOptional()
  @IsString()
  category?: string;

  @ApiPropertyOptional({ example: 'https://app.example.com/integrations/done', description: 'Must be on the org allowlist.' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  redirect_uri?: string;

  @ApiPropertyOptional({ example: 'acme.myshopify.com', description: 'The store identity the provider needs (shop domain, site URL, store hash).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  store?: string;

  @ApiPropertyOptional(SETTINGS_PROPERTY)
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

export class SecureConnectionDto {
  @ApiProperty({ example: 'conn_shopify_8f3a2b' })
  @IsString()
  @IsNotEmpty({ message: 'connection_id must not be empty' })
  @MaxLength(200)
  connection_id!: string;

  @ApiPropertyOptional({ example: 'commerce', default: 'commerce' })
  @IsOptional()
  @IsString()
  category?: string;

  @ApiPropertyOptional({ example: 'shopify' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  provider?: string;
}

export class IntegrationSettingsDto {
  @ApiProperty({ example: ['https://app.example.com/integrations/done'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUrl(URL_OPTIONS, { each: true })
  @MaxLength(2000, { each: true })
  allowedRedirectUris!: string[];
}

export class ConnectStartQuery {
  @IsString()
  @MaxLength(4096)
  state!: string;

  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/)
  provider!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  store!: string;
}

export class ConnectKeysBody extends ConnectStartQuery {
  /** The provider's key fields, as `credentials[<name>]` form inputs. */
  @IsOptional()
  @IsObject()
  credentials?: Record<string, unknown>;

  /** The new connection's settings (an object in JSON, JSON text in a form); without them, those the attempt was started with. */
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

/** PATCH of a connection: its settings, replaced as a whole (`{}` clears them). */
export class UpdateConnectionDto {
  @ApiProperty(SETTINGS_PROPERTY)
  @IsObject()
  settings!: Record<string, unknown>;
}

export class ConnectPageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  state?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/)
  provider?: string;
}
