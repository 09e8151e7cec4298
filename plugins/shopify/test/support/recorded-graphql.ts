import type { ConnectionContext, HttpRequest, HttpResponse } from '@storebridge/contracts';
import { silentLogger } from '@storebridge/plugin-sdk';

export interface RecordedCall {
  operation: string;
  variables: Record<string, unknown>;
}

/**
 * A ConnectionContext whose HTTP client answers GraphQL documents by operation
 * name with recorded payloads, and keeps every call: adapter specs check what
 * the plugin asks for next from what Shopify answered, without a server.
 */
export function recordedGraphqlContext(answers: Record<string, (variables: Record<string, unknown>) => unknown>): { ctx: ConnectionContext; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const http = {
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      const { query, variables = {} } = req.body as { query: string; variables?: Record<string, unknown> };
      const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '';
      calls.push({ operation, variables });
      const answer = answers[operation];
      if (!answer) throw new Error(`no recorded answer for ${operation}`);
      return { status: 200, headers: {}, body: answer(variables) as T };
    },
  };
  return { ctx: { connectionId: 'recorded', store: { identifier: 'recorded', baseUrl: 'https://recorded.myshopify.com' }, credentials: {}, app: {}, http, logger: silentLogger }, calls };
}
