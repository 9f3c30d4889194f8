import { readdir } from "node:fs/promises";

/**
 * True when `dir` does not exist or holds nothing but `.git` (a freshly cloned empty repository
 * is a fine place for a new project); anything else would be overwritten or mixed in.
 */
export async function isEmptyDirectory(dir: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
  return entries.every((entry) => entry === ".git");
}
