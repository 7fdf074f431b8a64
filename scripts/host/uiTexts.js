// What the fake upstreams answer in the UI test: a plausible review of SAMPLE, in markdown with
// lists, inline code and fenced code, plus a line of HTML that must stay text in the panel.
const SAMPLE = `export async function fetchUser(id: string) {
  const res = await fetch("https://api.example.com/users/" + id);
  const data = await res.json();
  if (data.error) {
    console.log(data.error);
  }
  return data;
}

export function greet(user: any) {
  return "Hello, " + user.name;
}
`;

const PLAN = `## Findings

1. **No status check** (line 2): \`res.ok\` is never read, so a 404 or 500 body is returned as a user.
2. **Unescaped id** (line 2): \`id\` goes into the URL as is; \`../admin\` changes the path.
3. **Errors are swallowed** (lines 4–6): \`console.log\` hides the failure from the caller.
4. **\`any\`** (line 10): \`greet\` accepts anything and fails at run time on \`undefined\`.

## Proposed fix

\`\`\`ts
export async function fetchUser(id: string): Promise<User> {
  const res = await fetch(\`https://api.example.com/users/\${encodeURIComponent(id)}\`);
  if (!res.ok) throw new Error(\`fetchUser \${id}: HTTP \${res.status}\`);
  return (await res.json()) as User;
}
\`\`\`
`;

const CRITIQUE = `- Finding 1 holds, but throwing on **every** non-2xx is too blunt: a 404 should be \`undefined\`, not an exception.
- Finding 3 is right; the fix should also drop the \`data.error\` branch, which the API never sends with a 200.
- Missed: no timeout. A hung server blocks the caller forever; pass an \`AbortSignal\`.
- The cast \`as User\` trusts the server. Validate the shape, or say so in a comment.
- <img src=x onerror="alert('xss')"> is how a model might try to inject HTML; it must render as text.
`;

const REFINE = `## Final review

Keep findings 1–4; add the missing timeout, and map 404 to \`undefined\`.

\`\`\`ts
export async function fetchUser(id: string, signal?: AbortSignal): Promise<User | undefined> {
  const url = \`https://api.example.com/users/\${encodeURIComponent(id)}\`;
  const res = await fetch(url, { signal: signal ?? AbortSignal.timeout(10_000) });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(\`fetchUser \${id}: HTTP \${res.status}\`);
  return parseUser(await res.json());
}

export function greet(user: Pick<User, 'name'>): string {
  return \`Hello, \${user.name}\`;
}
\`\`\`
`;

// Ask's answers in the UI test: the first (from Auto) with two code blocks, the fix and a command, so
// Insert asks which one; the follow-up (from the model picked for it) refines the fix.
const ASK_QUESTION = 'How do I make fetchUser safer?';
const ASK_ANSWER = `It trusts the server twice: the status is never checked, and \`id\` goes into the URL unescaped.

\`\`\`ts
export async function fetchUser(id: string) {
  const res = await fetch(\`https://api.example.com/users/\${encodeURIComponent(id)}\`);
  if (!res.ok) throw new Error(\`fetchUser \${id}: HTTP \${res.status}\`);
  return res.json();
}
\`\`\`

Then run the tests:

\`\`\`sh
npm test
\`\`\`
`;

const FOLLOW_UP = 'And a missing user?';
const FOLLOW_UP_ANSWER = `Map a **404** to \`undefined\` so callers can tell "no such user" from a failure:

\`\`\`ts
if (res.status === 404) return undefined;
\`\`\`
`;

/** The text every Ask request's system prompt starts with (src/core/ask/prompts.ts). */
const ASK_MARK = "programming assistant in the user's code editor";

module.exports = { SAMPLE, PLAN, CRITIQUE, REFINE, ASK_QUESTION, ASK_ANSWER, FOLLOW_UP, FOLLOW_UP_ANSWER, ASK_MARK };
