import { MAX_ENROLLMENTS, parseCustomerIds } from './customer-ids';

describe('parseCustomerIds', () => {
  it('takes ids separated by commas, spaces or new lines, each once, in the order typed', () => {
    expect(parseCustomerIds(' ada, bob\ncarol  ada,,dan ')).toEqual({ ids: ['ada', 'bob', 'carol', 'dan'] });
  });

  it('asks for at least one id', () => {
    expect(parseCustomerIds(' , \n ')).toEqual({ error: 'Name at least one customer id.' });
  });

  it('refuses more than the gateway takes at once, saying how many were given', () => {
    const many = Array.from({ length: MAX_ENROLLMENTS + 1 }, (_, i) => `c${i}`).join(',');
    expect(parseCustomerIds(many)).toEqual({ error: 'At most 1000 customers at once (1001 given).' });
    expect(parseCustomerIds(many.slice(0, many.lastIndexOf(',')))).toHaveProperty('ids');
  });
});
