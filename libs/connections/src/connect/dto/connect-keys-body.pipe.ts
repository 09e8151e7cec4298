import { Injectable, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ApiError } from '@storebridge/contracts';
import { ConnectKeysBody } from './connect.dto';

/** `credentials[<field>]`, the name the connect page gives a provider's key inputs. */
const KEY_INPUT = /^credentials\[([A-Za-z][A-Za-z0-9_]{0,63})\]$/;

function parseSettingsText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw ApiError.badRequest('validation_failed', 'settings: must be a JSON object');
  }
}

/**
 * The connect page's key form. Its inputs arrive flat (`credentials[consumerKey]`:
 * the host parses forms without nesting), and which keys exist depends on
 * the provider, so the body is gathered into `credentials` here and then
 * validated like any DTO: unknown fields are refused. A JSON body with a
 * `credentials` object works the same; `settings` is an object in JSON and
 * JSON text in a form.
 */
@Injectable()
export class ConnectKeysBodyPipe implements PipeTransform<unknown, Promise<ConnectKeysBody>> {
  async transform(value: unknown): Promise<ConnectKeysBody> {
    const raw = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const nested = typeof raw.credentials === 'object' && raw.credentials !== null && !Array.isArray(raw.credentials) ? (raw.credentials as Record<string, unknown>) : {};
    const credentials: Record<string, unknown> = { ...nested };
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const key = KEY_INPUT.exec(k)?.[1];
      if (key) credentials[key] = v;
      else if (k !== 'credentials') rest[k] = v;
    }
    for (const [k, v] of Object.entries(credentials)) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(k) || typeof v !== 'string' || v.length > 1000) {
        throw ApiError.badRequest('validation_failed', `credentials.${k.slice(0, 64)}: must be a string of at most 1000 characters`);
      }
    }
    // A form has no objects: it sends settings as JSON text.
    if (typeof rest.settings === 'string') rest.settings = parseSettingsText(rest.settings);
    const body = plainToInstance(ConnectKeysBody, { ...rest, credentials });
    const errors = await validate(body, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      const message = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`).join('; ');
      throw ApiError.badRequest('validation_failed', message);
    }
    return body;
  }
}
