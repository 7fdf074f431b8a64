import type { DocumentPart, ImagePart, JsonObject } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import { decoded, problem, type Decoded } from '../codec';
import type { WireInputFile, WireInputImage } from './wire';

/** Images and documents between Responses' `input_image` / `input_file` and the model's parts. */

const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*);base64,/;

/** A `data:<type>;base64,<data>` URL split; undefined for any other string. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = DATA_URL.exec(url);
  return match ? { mediaType: match[1]!.toLowerCase(), data: url.slice(match[0].length) } : undefined;
}

const IMAGE_DETAILS = new Set(['auto', 'low', 'high']);

/** `input_image` → an image part; undefined (with a `refuse` issue) for one stored at OpenAI. */
export function decodeImage(part: JsonObject, path: string, issues: FieldIssue[]): Decoded<ImagePart | undefined> {
  const url = part.image_url;
  if (typeof url !== 'string' || url === '') {
    if (typeof part.file_id === 'string' && part.file_id !== '') {
      issues.push({ field: `${path}.file_id`, action: 'refuse', reason: 'the image is a file stored at OpenAI' });
      return decoded(undefined);
    }
    return problem(`${path}.image_url`, 'An input_image needs an "image_url" (an https URL or a base64 data URL) or a "file_id".');
  }
  const inline = parseDataUrl(url);
  let image: ImagePart;
  if (inline) image = { type: 'image', source: { kind: 'base64', mediaType: inline.mediaType, data: inline.data } };
  else if (/^https?:\/\//i.test(url)) image = { type: 'image', source: { kind: 'url', url } };
  else return problem(`${path}.image_url`, '"image_url" must be an http(s) URL or a data URL of the form data:image/png;base64,….');
  const detail = part.detail;
  if (detail === 'original') issues.push({ field: `${path}.detail`, action: 'drop', reason: 'detail "original" is an OpenAI image mode' });
  else if (typeof detail === 'string' && IMAGE_DETAILS.has(detail)) image.detail = detail as 'auto' | 'low' | 'high';
  else if (detail !== undefined && detail !== null) return problem(`${path}.detail`, '"detail" must be one of auto, low, high, original.');
  return decoded(image);
}

const TEXT_TYPE = 'text/plain';

/** The media type a bare base64 `file_data` most likely has, from its file name. */
function mediaTypeOf(filename: string | undefined): string {
  if (filename && /\.txt$/i.test(filename)) return TEXT_TYPE;
  return 'application/pdf';
}

/** `input_file` → a document part; undefined (with a `refuse` issue) for one stored at OpenAI. */
export function decodeFile(part: JsonObject, path: string, issues: FieldIssue[]): Decoded<DocumentPart | undefined> {
  const filename = typeof part.filename === 'string' && part.filename !== '' ? part.filename : undefined;
  const titled = (document: DocumentPart): Decoded<DocumentPart> => decoded(filename === undefined ? document : { ...document, title: filename });
  if (typeof part.file_data === 'string' && part.file_data !== '') {
    const inline = parseDataUrl(part.file_data) ?? { mediaType: mediaTypeOf(filename), data: part.file_data };
    if (inline.mediaType === TEXT_TYPE) {
      const text = Buffer.from(inline.data, 'base64').toString('utf8');
      return titled({ type: 'document', source: { kind: 'text', mediaType: TEXT_TYPE, data: text } });
    }
    return titled({ type: 'document', source: { kind: 'base64', mediaType: inline.mediaType, data: inline.data } });
  }
  if (typeof part.file_url === 'string' && part.file_url !== '') {
    if (!/^https?:\/\//i.test(part.file_url)) return problem(`${path}.file_url`, '"file_url" must be an http(s) URL.');
    return titled({ type: 'document', source: { kind: 'url', url: part.file_url } });
  }
  if (typeof part.file_id === 'string' && part.file_id !== '') {
    issues.push({ field: `${path}.file_id`, action: 'refuse', reason: 'the file is stored at OpenAI' });
    return decoded(undefined);
  }
  return problem(path, 'An input_file needs "file_data" (a base64 data URL), "file_url" or "file_id".');
}

/** An image part as `input_image` (no `detail` when the part has none: OpenAI's default is `auto`). */
export function encodeImage(part: ImagePart): WireInputImage {
  const { source } = part;
  const image: WireInputImage = { type: 'input_image', image_url: source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}` };
  if (part.detail) image.detail = part.detail;
  return image;
}

/**
 * A document part as `input_file`. Inline files need a name at OpenAI: a document without a
 * title is sent as `document.pdf` (or `document.txt` for text).
 */
export function encodeDocument(part: DocumentPart): WireInputFile {
  const { source } = part;
  if (source.kind === 'url') return { type: 'input_file', file_url: source.url, ...(part.title !== undefined && { filename: part.title }) };
  const text = source.kind === 'text';
  const data = text ? Buffer.from(source.data, 'utf8').toString('base64') : source.data;
  const filename = part.title ?? (text || source.mediaType === TEXT_TYPE ? 'document.txt' : 'document.pdf');
  return { type: 'input_file', filename, file_data: `data:${source.mediaType};base64,${data}` };
}
