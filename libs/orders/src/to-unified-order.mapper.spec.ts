import { moneyString } from './to-unified-order.mapper';

describe('moneyString', () => {
  it.each([
    ['15', '15.00'],
    ['15.5', '15.50'],
    ['15.00', '15.00'],
    ['0.125', '0.125'],
    ['-3.1', '-3.10'],
  ])('%s → %s', (input, out) => expect(moneyString(input)).toBe(out));
});
