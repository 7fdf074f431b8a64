// The headless entry: `tokenhub serve | models | vault …`. Subcommands live in their own files.
import { version } from '../../package.json';
import { runModels } from './models';
import { runServe } from './serve';
import { runVault } from './vault';

const HELP = `tokenhub ${version}: routes LLM requests among OpenAI, Anthropic and vLLM.

Usage:
  tokenhub serve [--config FILE] [--host H] [--port N]   run the OpenAI-compatible API
  tokenhub models [--config FILE]                        list the registry with scores
  tokenhub vault set|list|remove|export|import …         manage sealed provider keys
  tokenhub --help | --version
`;

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === 'serve') return runServe(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, env: process.env });
  if (command === 'models') return runModels(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, env: process.env });
  if (command === 'vault') {
    return runVault(argv.slice(1), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
  }
  process.stderr.write(`tokenhub: unknown command "${command}". Run "tokenhub --help" for the commands.\n`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`tokenhub: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
