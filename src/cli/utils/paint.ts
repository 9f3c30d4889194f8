import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

/**
 * Colors only on a terminal that wants them (hasColors() honours NO_COLOR and TERM=dumb), so CI
 * logs, pipes and `| tee` stay plain text.
 */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return stream.isTTY && stream.hasColors?.() ? styleText(style, text) : text;
}
