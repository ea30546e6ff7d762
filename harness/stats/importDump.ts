// Opens a stats dump of either format, gzip or not (told by magic bytes, never by the file
// name), and streams it through the matching reader. The file is read once, in chunks:
// neither it nor its decompressed text is ever held whole.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { inputFileProblem, regularFileSize } from '../../reports/inputFile.js';
import { errorMessage } from '../errors.js';
import { DumpError, type DumpImport, rebaseTimes } from './dump.js';
import { InternalsReader } from './internalsImport.js';
import { JsonSyntaxError, JsonTokenizer } from './jsonTokenizer.js';
import { RtcstatsReader } from './rtcstatsImport.js';
import { EXPECTED_DUMP, isGzip, sniffDump } from './sniff.js';

const HEAD_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/**
 * Reads the first chunks of a stream (at least `bytes`, unless it ends sooner) and returns them
 * with a stream that still starts at byte 0: the head, then the rest of the original.
 */
export async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    first.push(next.value);
    size += next.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* first;
    if (done) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  return { head: Buffer.concat(first), stream: Readable.from(replay(), { objectMode: false }) };
}

/** A zlib or file-system error as the message a user can act on. */
function readError(error: unknown, gzip: boolean): DumpError {
  const code = (error as NodeJS.ErrnoException).code;
  if (gzip && code === 'Z_BUF_ERROR') return new DumpError('the gzip data ends early (unexpected end of file): the file is truncated');
  if (gzip && code?.startsWith('Z_')) return new DumpError(`the gzip data is corrupt (${errorMessage(error)})`);
  return new DumpError(inputFileProblem(error));
}

async function readInternals(stream: Readable, gzip: boolean, signal: AbortSignal | undefined): Promise<DumpImport> {
  const reader = new InternalsReader(gzip);
  const tokenizer = new JsonTokenizer(reader);
  const decoder = new StringDecoder('utf8');
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      let text = decoder.write(chunk);
      if (first && text) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      tokenizer.write(text);
    }
    tokenizer.write(decoder.end());
    tokenizer.end();
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const truncated = /^the text ends/.test(error.message);
      throw new DumpError(`not valid JSON: ${error.message}${truncated ? ': the file looks truncated' : ''}; ${EXPECTED_DUMP}`);
    }
    throw error;
  }
  return reader.finish();
}

/**
 * Imports a webrtc-internals or rtcstats dump; bad input throws DumpError with a message naming
 * what the file looks like. An abort stops the reading between chunks and throws the signal's reason.
 */
export async function importDump(path: string, signal?: AbortSignal): Promise<DumpImport> {
  // Opening a FIFO without a writer would block for good (and Ctrl-C with it): only regular files are opened.
  await regularFileSize(path).catch((error: unknown) => {
    throw readError(error, false);
  });
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  // Every stream of the pipeline, destroyed at the end whatever happened.
  const opened: Readable[] = [file];
  let gzip = false;
  try {
    const raw = await peek(file, 2);
    let stream = raw.stream;
    opened.push(stream);
    gzip = isGzip(raw.head);
    if (gzip) {
      const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
      // An error of the file must reach the gunzip stream, which is what gets read.
      stream.on('error', (error) => gunzip.destroy(error));
      stream = stream.pipe(gunzip);
      opened.push(stream);
    }
    const peeked = await peek(stream, HEAD_BYTES);
    const head = peeked.head;
    stream = peeked.stream;
    opened.push(stream);
    const sniffed = sniffDump(head);
    if ('not' in sniffed) throw new DumpError(`${gzip ? 'gzip-compressed ' : ''}${sniffed.not}; ${EXPECTED_DUMP}`);
    const dump =
      sniffed.kind === 'rtcstats'
        ? await new RtcstatsReader(gzip).read(createInterface({ input: stream, crlfDelay: Infinity }), signal)
        : await readInternals(stream, gzip, signal);
    rebaseTimes(dump);
    return dump;
  } catch (error) {
    if (error instanceof DumpError || (signal?.aborted && error === signal.reason)) throw error;
    throw readError(error, gzip);
  } finally {
    for (const stream of opened) stream.destroy();
  }
}
