import { describe, expect, it } from 'vitest';
import { type ListPage, pageOf } from './list-page.js';

const ITEMS = ['a', 'b', 'c', 'd', 'e'];

function pages(limit: number): string[][] {
  const out: string[][] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(limit), ...(token ? { continue: token } : {}) });
    const page = pageOf(ITEMS, query, 7) as ListPage<string>;
    out.push(page.items);
    token = page.continue;
  } while (token !== undefined);
  return out;
}

describe('pageOf', () => {
  it.each([
    [2, [['a', 'b'], ['c', 'd'], ['e']]],
    [5, [ITEMS]],
    [500, [ITEMS]],
    [0, [ITEMS]],
  ])('limit %i pages the list as %j', (limit, want) => {
    expect(pages(limit)).toEqual(want);
  });

  it('counts what is left after a page', () => {
    expect(pageOf(ITEMS, new URLSearchParams({ limit: '2' }), 7)).toMatchObject({ items: ['a', 'b'], remainingItemCount: 3 });
  });

  it.each([
    [{ limit: '-1' }, /limit: Invalid value/],
    [{ limit: 'x' }, /limit: Invalid value/],
    [{ continue: 'not-a-token' }, /not a continue token this server returned/],
  ])('refuses %j with 400', (query, message) => {
    const result = pageOf(ITEMS, new URLSearchParams(query), 7);
    expect(result).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect((result as { message: string }).message).toMatch(message);
  });
});
