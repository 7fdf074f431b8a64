import { DEFAULT_MAX_EVENT_LENGTH } from '../../sse/decoder';

/**
 * The default read limits of upstream answers, declared once for the transport and the config
 * (`routing.max_response_bytes`, `routing.max_event_bytes`). Apart from http.ts so the config
 * can name them without loading undici.
 */

/** 64 MiB: hundreds of times the largest real answer, small enough that memory stays bounded. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** 16 Mi characters per line or event of a stream (the SSE decoder's own default). */
export const DEFAULT_MAX_EVENT_BYTES = DEFAULT_MAX_EVENT_LENGTH;
