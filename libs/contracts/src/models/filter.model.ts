/**
 * A filter condition as the filter language (libs/catalog-filter) defines it.
 * Declared here structurally so ports can carry filters without contracts
 * depending on the filter library.
 */
export type FilterOperator = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'IN';
export interface FilterCondition {
  attr: string;
  op: FilterOperator;
  value: string | number | boolean;
}
