// A progress line for steps that take a while (installing takes about a minute). On a
// terminal it spins in place; elsewhere (CI logs, pipes) it prints plain lines, because
// carriage returns and cursor codes turn a log file into noise.
const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const FRAME_MS = 80;

export interface Progress {
  succeed(text?: string): void;
  fail(text?: string): void;
}

export function startProgress(text: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    stream.write(`- ${text}...\n`);
    return {
      succeed: (done = text) => void stream.write(`✔ ${done}\n`),
      fail: (failed = text) => void stream.write(`✖ ${failed}\n`),
    };
  }
  let frame = 0;
  const draw = () => stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${text}`);
  draw();
  const timer = setInterval(draw, FRAME_MS);
  const finish = (mark: string, line: string) => {
    clearInterval(timer);
    stream.write(`\r\x1b[2K${mark} ${line}\n`);
  };
  return {
    succeed: (done = text) => finish("✔", done),
    fail: (failed = text) => finish("✖", failed),
  };
}
