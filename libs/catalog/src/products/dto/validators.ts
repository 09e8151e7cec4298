import { ValidateBy, ValidateIf, isURL, type ValidationOptions } from 'class-validator';
import { isCurrencyCode, isPrice } from '../domain/price';

/** A decimal amount with at most two places, as a number or a string ("25", 25.5, "25.50"). */
export function IsPriceValue(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPriceValue',
      validator: {
        validate: (value) => isPrice(value),
        defaultMessage: (args) => `${args?.property} must be a non-negative amount with at most two decimals, as a number or a string`,
      },
    },
    options,
  );
}

/** An ISO 4217 currency code in upper case. */
export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCurrencyCode',
      validator: {
        validate: (value) => isCurrencyCode(value),
        defaultMessage: (args) => `${args?.property} must be an ISO 4217 currency code such as USD`,
      },
    },
    options,
  );
}

export function isHttpUrl(value: unknown): boolean {
  return typeof value === 'string' && isURL(value, { protocols: ['http', 'https'], require_protocol: true, require_tld: false });
}

/** An absolute http(s) URL. */
export function IsHttpUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHttpUrl',
      validator: {
        validate: (value) => isHttpUrl(value),
        defaultMessage: (args) => `${args?.property} must be an http or https URL`,
      },
    },
    options,
  );
}

/** Optional, but not null: the field may be left out, not cleared. */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
