/**
 * OpenAI Responses API wire shapes, as far as Tokenhub reads and writes them (checked against
 * OpenAI's API reference and the official `openai` SDK 7.55 types, and against recorded
 * streams). Requests arrive as unknown JSON and are validated field by field, so these types
 * describe what the codecs write and what a valid body holds, not a promise about input.
 */

/** `input_text`: text in a user, system or developer message, or in a tool output. */
export interface WireInputText {
  type: 'input_text';
  text: string;
}

/** `input_image`: a URL or a `data:` URL (`file_id` refers to a file stored at OpenAI). */
export interface WireInputImage {
  type: 'input_image';
  image_url?: string;
  file_id?: string;
  detail?: 'auto' | 'low' | 'high' | 'original';
}

/** `input_file`: a document, inline (`file_data`, a `data:` URL), by URL, or stored at OpenAI. */
export interface WireInputFile {
  type: 'input_file';
  file_data?: string;
  file_url?: string;
  file_id?: string;
  filename?: string;
}

/** Generated text; `annotations` (citations) and `logprobs` are always present in answers. */
export interface WireOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
}

/** An assistant's text sent back in a request's history (OpenAI needs no annotations there). */
export interface WireAssistantText {
  type: 'output_text';
  text: string;
}

export interface WireRefusal {
  type: 'refusal';
  refusal: string;
}

export type WireInputContent = WireInputText | WireInputImage | WireInputFile;

/** A message item: `content` is a string or parts; assistant parts are `output_text`/`refusal`. */
export interface WireMessageItem {
  type?: 'message';
  id?: string;
  role: 'user' | 'assistant' | 'system' | 'developer';
  content: string | (WireInputContent | WireAssistantText | WireOutputText | WireRefusal)[];
  status?: 'in_progress' | 'completed' | 'incomplete';
  /** Codex models: `commentary` or `final_answer` on assistant messages. */
  phase?: 'commentary' | 'final_answer' | null;
}

/** A call of a function tool; `call_id` is what its output refers to, `id` the item's own id. */
export interface WireFunctionCall {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  /** Set when the function belongs to a `namespace` tool. */
  namespace?: string;
}

export interface WireFunctionCallOutput {
  type: 'function_call_output';
  call_id: string;
  output: string | WireInputContent[];
  id?: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

export interface WireSummaryText {
  type: 'summary_text';
  text: string;
}

/**
 * A reasoning item. `encrypted_content` (with `include: ["reasoning.encrypted_content"]`) is
 * bound to the item's `id`: OpenAI refuses it back under another id.
 */
export interface WireReasoningItem {
  type: 'reasoning';
  id?: string;
  summary: WireSummaryText[];
  content?: { type: 'reasoning_text'; text: string }[] | null;
  encrypted_content?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

/** A reference to an item stored at OpenAI (`store: true`). */
export interface WireItemReference {
  type: 'item_reference';
  id: string;
}

export type WireInputItem = WireMessageItem | WireFunctionCall | WireFunctionCallOutput | WireReasoningItem | WireItemReference;

/** A function tool: flat, not nested under `function` as in chat completions. */
export interface WireFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters: { [key: string]: unknown } | null;
  /** Responses treats an absent `strict` as strict where the schema allows it; Tokenhub always sends it. */
  strict: boolean | null;
}

export type WireToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; name: string }
  | { type: 'allowed_tools'; mode: 'auto' | 'required'; tools: { [key: string]: unknown }[] };

export type WireTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: { [key: string]: unknown }; strict?: boolean | null; description?: string };

/** A message item of an answer (`output`). */
export interface WireOutputMessage {
  id: string;
  type: 'message';
  status: 'in_progress' | 'completed' | 'incomplete';
  content: (WireOutputText | WireRefusal)[];
  role: 'assistant';
}

export type WireOutputItem = WireOutputMessage | Required<Omit<WireFunctionCall, 'namespace'>> | WireReasoningItem;

/** Token counts of a response (`input_tokens` includes cached reads, `output_tokens` reasoning). */
export interface WireUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** `response.status`. */
export type WireStatus = 'completed' | 'failed' | 'in_progress' | 'cancelled' | 'queued' | 'incomplete';

/** `response.error`, and the fields of an `error` stream event. */
export interface WireError {
  code: string;
  message: string;
  param?: string | null;
}
