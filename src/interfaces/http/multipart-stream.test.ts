import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MultipartError, multipartBoundary, readMultipart, readTextPart } from './multipart-stream.ts';

/** A body as a browser sends it (undici's FormData encoder), and its boundary. */
async function encodeForm(form: FormData): Promise<{ bytes: Buffer; boundary: string }> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const boundary = multipartBoundary(request.headers.get('content-type') ?? undefined);
  assert.ok(boundary);
  return { bytes: Buffer.from(await request.arrayBuffer()), boundary };
}

async function* inPieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function readAll(bytes: Buffer, boundary: string, size: number) {
  const parts: { name: string; filename: string | undefined; text: string }[] = [];
  for await (const part of readMultipart(inPieces(bytes, size), boundary))
    parts.push({ name: part.name, filename: part.filename, text: await readTextPart(part, 1 << 20) });
  return parts;
}

describe('readMultipart', () => {
  it('reads fields and files whatever the chunk size, a delimiter split across chunks included', async () => {
    const form = new FormData();
    form.set('model', 'x');
    form.set('followers', new Blob(['{"id":"1"}\r\n--not-a-boundary\r\n{"id":"2"}\n']), 'f "1".jsonl');
    form.set('empty', '');
    const { bytes, boundary } = await encodeForm(form);
    const expected = [
      { name: 'model', filename: undefined, text: 'x' },
      {
        name: 'followers',
        filename: 'f %221%22.jsonl',
        text: '{"id":"1"}\r\n--not-a-boundary\r\n{"id":"2"}\n',
      },
      { name: 'empty', filename: undefined, text: '' },
    ];
    for (const size of [1, 2, 3, 7, 64, bytes.length])
      assert.deepEqual(await readAll(bytes, boundary, size), expected, `chunks of ${size} bytes`);
  });

  it('skips what a consumer leaves of a part and a preamble before the first boundary', async () => {
    const body = Buffer.from(
      'preamble\r\n--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nAAAA\r\n--b\r\n' +
        'Content-Disposition: form-data; name="b"\r\n\r\nBB\r\n--b--\r\n',
    );
    const names: string[] = [];
    const texts: string[] = [];
    for await (const part of readMultipart(inPieces(body, 3), 'b')) {
      names.push(part.name);
      if (part.name === 'a') for await (const _ of part.body) break;
      else texts.push(await readTextPart(part, 100));
    }
    assert.deepEqual(names, ['a', 'b']);
    assert.deepEqual(texts, ['BB']);
  });

  it('refuses a truncated body, a part without a name and a field over its limit', async () => {
    const read = async (text: string, limit = 100) => {
      for await (const part of readMultipart(inPieces(Buffer.from(text), 5), 'b'))
        await readTextPart(part, limit);
    };
    await assert.rejects(
      read('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end'),
      (error: Error) => error instanceof MultipartError && /ended inside the part "a"/.test(error.message),
    );
    await assert.rejects(read('--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--'), /has no name/);
    await assert.rejects(
      read('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n123456\r\n--b--', 3),
      /the field "a" is longer than 3 bytes/,
    );
    await assert.rejects(
      read('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--'),
      /no "Content-Disposition/,
    );
  });

  it('finds the boundary of a multipart/form-data Content-Type, quoted or not, and nothing in others', () => {
    assert.equal(multipartBoundary('multipart/form-data; boundary=abc'), 'abc');
    assert.equal(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b"'), 'a b');
    assert.equal(multipartBoundary('multipart/form-data'), undefined);
    assert.equal(multipartBoundary('application/json; boundary=abc'), undefined);
    assert.equal(multipartBoundary(undefined), undefined);
  });
});
