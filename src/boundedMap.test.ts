import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMap } from './boundedMap.js';

describe('BoundedMap', () => {
  it('holds at most its capacity, forgetting the oldest first; a key set again keeps its place', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 3);
    assert.deepEqual([...map], [['a', 3], ['b', 2]]);
    map.set('c', 4);
    assert.deepEqual([...map], [['b', 2], ['c', 4]]);
  });
});
