import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

/**
 * Colors only for a terminal that wants them: hasColors() is false for pipes and files and
 * honours NO_COLOR and FORCE_COLOR, so CI logs and `| tee` stay plain text.
 */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return stream.isTTY && stream.hasColors?.() ? styleText(style, text) : text;
}
