// Passwords for the CLI: from the environment (scripts), else typed at a hidden prompt, else one line
// of standard input (a pipe). Never from a command-line argument, which other users can see.
import { createInterface } from 'node:readline';

export async function readSecret(prompt: string, envName: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[envName];
  if (fromEnv) return fromEnv;
  const input = process.stdin;
  if (!input.isTTY) {
    const rl = createInterface({ input });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const rl = createInterface({ input, output: process.stderr, terminal: true });
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      process.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
  });
}
