import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import {
  FULFILLMENT_STATUSES,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  type FulfillmentStatus,
  type OrderStatus,
  type PaymentStatus,
} from '@storebridge/contracts';

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** Query of GET /api/v1/orders (reference 001 filters plus ours). */
export class ListOrdersQuery {
  @ApiPropertyOptional({ default: 50, maximum: 250 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit = 50;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES as string[])
  orderStatus?: OrderStatus;

  @ApiPropertyOptional({ enum: PAYMENT_STATUSES })
  @IsOptional()
  @IsIn(PAYMENT_STATUSES as string[])
  paymentStatus?: PaymentStatus;

  @ApiPropertyOptional({ enum: FULFILLMENT_STATUSES })
  @IsOptional()
  @IsIn(FULFILLMENT_STATUSES as string[])
  fulfillmentStatus?: FulfillmentStatus;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ description: 'Unix seconds: orders updated at or after' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  updatedSince?: number;

  @ApiPropertyOptional({ description: 'Unix seconds: orders created at or after' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  createdSince?: number;

  @ApiPropertyOptional({ description: '`attr:op:value`, repeatable (EQ LT LE GT GE IN)', type: [String] })
  @IsOptional()
  @Transform(toArray)
  @IsString({ each: true })
  filter?: string[];

  @ApiPropertyOptional({ description: 'The same filters as a JSON array of {attr, op, value}' })
  @IsOptional()
  @IsString()
  filters?: string;
}
