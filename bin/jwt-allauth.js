#!/usr/bin/env node
// The published entry: the CLI itself is compiled TypeScript in dist/.
import "../dist/cli/index.js";
