import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvReader, CsvError } from './csv.js';

const readAll = (pieces: string[]) => {
  const reader = new CsvReader();
  return [...pieces.flatMap((p) => reader.push(p)), ...reader.end()];
};

test('plain records, LF and CRLF, with and without a final line break', () => {
  assert.deepEqual(readAll(['a,b\r\n1,2\n3,4']), [
    [1, ['a', 'b']],
    [2, ['1', '2']],
    [3, ['3', '4']],
  ]);
  assert.deepEqual(readAll(['a,b\r\n']), [[1, ['a', 'b']]]);
});

test('quoted fields keep commas, doubled quotes and line breaks; the line numbers follow', () => {
  assert.deepEqual(readAll(['x,"a, b","say ""hi""","two\r\nlines"\nnext,,']), [
    [1, ['x', 'a, b', 'say "hi"', 'two\r\nlines']],
    [3, ['next', '', '']],
  ]);
});

test('a byte order mark is dropped, and records may be split anywhere between pieces', () => {
  const text = '\uFEFFname,"q,""x"""\r\nv1,v2\r\n';
  const whole = readAll([text]);
  assert.deepEqual(whole, [
    [1, ['name', 'q,"x"']],
    [2, ['v1', 'v2']],
  ]);
  for (let cut = 1; cut < text.length; cut++) assert.deepEqual(readAll([text.slice(0, cut), text.slice(cut)]), whole, `cut at ${cut}`);
});

test('an unclosed quote is an error', () => {
  assert.throws(() => readAll(['a,"open\n']), CsvError);
});
