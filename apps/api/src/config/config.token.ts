/** Injection token of the validated AppConfig. */
export const CONFIG = Symbol('STOREBRIDGE_CONFIG');
