import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'storebridge:public';

/** Opts a route out of the tenant auth guard (e.g. an OAuth redirect from a provider). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
